import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../test/support/seeded-random.ts';
import {
  accuracyByTopic,
  dueCounts,
  nextPracticeQuestion,
  type PracticeChoiceInput,
  type PracticeQuestion,
  servesExam,
  sessionAfterAnswer,
  sessionSize,
  weakestTopics,
} from './choose.ts';
import { type PracticeCard, reviewCard } from './schedule.ts';

const DAY = 86_400_000;
const start = new Date('2026-03-02T09:00:00Z');
const at = (days: number) => new Date(start.getTime() + days * DAY);

const q = (id: string, topic: string, exams: string[] = []): PracticeQuestion => ({ id, topic, exams });
const bank = (topics: string[], perTopic: number): PracticeQuestion[] =>
  topics.flatMap((t) => Array.from({ length: perTopic }, (_, i) => q(`${t}-${i + 1}`, t)));

/** A card answered on `day`, right or wrong each time, due `dueDay` (overriding FSRS for the test). */
function card(o: { dueDay: number; reps?: number; misses?: number; longRightStreak?: number }): PracticeCard {
  const base = reviewCard(undefined, true, at(o.dueDay - 1)).card;
  return {
    ...base,
    due: at(o.dueDay),
    reps: o.reps ?? 1,
    misses: o.misses ?? 0,
    longRightStreak: o.longRightStreak ?? 0,
  };
}

const choose = (o: Partial<PracticeChoiceInput<PracticeQuestion>> & Pick<PracticeChoiceInput<PracticeQuestion>, 'questions'>) =>
  nextPracticeQuestion({ cards: new Map(), now: start, reviewsDoneToday: 0, random: () => 0, ...o });

describe('nextPracticeQuestion', () => {
  const questions = bank(['lambda', 'ecs', 'sqs'], 3);

  it('offers due reviews before new questions, the most overdue first', () => {
    const cards = new Map([
      ['ecs-2', card({ dueDay: -1 })],
      ['sqs-1', card({ dueDay: -4 })],
      ['lambda-1', card({ dueDay: 3 })],
    ]);
    expect(choose({ questions, cards })).toEqual({ kind: 'review', question: q('sqs-1', 'sqs') });
    cards.delete('sqs-1');
    expect(choose({ questions, cards })).toEqual({ kind: 'review', question: q('ecs-2', 'ecs') });
    cards.delete('ecs-2');
    // lambda-1 is not due yet: a new question instead.
    expect(choose({ questions, cards })?.kind).toBe('new');
  });

  it('never offers the question just answered, nor those excluded', () => {
    const cards = new Map([['ecs-2', card({ dueDay: -1 })]]);
    const next = choose({ questions, cards, lastQuestionId: 'ecs-2' });
    expect(next?.question.id).not.toBe('ecs-2');
    const one = [q('only', 'lambda')];
    expect(choose({ questions: one, lastQuestionId: 'only' })).toBeUndefined();
    expect(choose({ questions: one, exclude: new Set(['only']) })).toBeUndefined();
  });

  it('takes new questions from the weakest topic, unseen topics counting as weak', () => {
    const cards = new Map([
      ['lambda-1', card({ dueDay: 5, reps: 4, misses: 0 })],
      ['ecs-1', card({ dueDay: 5, reps: 4, misses: 3 })],
      ['sqs-1', card({ dueDay: 5, reps: 4, misses: 1 })],
    ]);
    expect(choose({ questions, cards })?.question.topic).toBe('ecs');
    const withUnseen = [...questions, q('sns-1', 'sns')];
    expect(choose({ questions: withUnseen, cards })?.question.id).toBe('sns-1');
    // A topic with nothing new left gives way to the next weakest.
    const ecsDone = new Map([...cards, ['ecs-2', card({ dueDay: 5 })], ['ecs-3', card({ dueDay: 5 })]]);
    expect(choose({ questions, cards: ecsDone })?.question.topic).toBe('sqs');
  });

  it('skips due reviews once the daily cap is reached and offers new questions', () => {
    const cards = new Map([['ecs-2', card({ dueDay: -1 })]]);
    expect(choose({ questions, cards, reviewsDoneToday: 19 })?.kind).toBe('review');
    expect(choose({ questions, cards, reviewsDoneToday: 20 })?.kind).toBe('new');
    expect(choose({ questions, cards, reviewsDoneToday: 3, dailyReviewCap: 3 })?.kind).toBe('new');
    // Nothing new either: nothing left today, rather than going past the cap.
    const one = [q('ecs-2', 'ecs')];
    expect(choose({ questions: one, cards, reviewsDoneToday: 20 })).toBeUndefined();
  });

  it('never offers a retired question, due or not', () => {
    const one = [q('a', 'lambda')];
    const cards = new Map([['a', card({ dueDay: -10, longRightStreak: 3 })]]);
    expect(choose({ questions: one, cards })).toBeUndefined();
  });

  it('keeps to the topic and exam asked for', () => {
    const tagged = [q('l1', 'lambda', ['DVA-C02/1']), q('l2', 'lambda', ['SAA-C03/3']), q('e1', 'ecs', ['DVA-C02/3'])];
    expect(choose({ questions: tagged, topic: 'ecs' })?.question.id).toBe('e1');
    expect(choose({ questions: tagged, examDomain: 'saa-c03' })?.question.id).toBe('l2');
    expect(choose({ questions: tagged, examDomain: 'DVA-C02/3' })?.question.id).toBe('e1');
    expect(choose({ questions: tagged, topic: 'lambda', examDomain: 'DVA-C02/3' })).toBeUndefined();
    const cards = new Map([['l1', card({ dueDay: -2 })]]);
    expect(choose({ questions: tagged, cards, topic: 'ecs' })).toEqual({ kind: 'new', question: tagged[2] });
    expect(servesExam(tagged[0] as PracticeQuestion, 'DVA-C0')).toBe(false);
  });

  it('returns undefined when every question is seen and none is due', () => {
    const cards = new Map(questions.map((x) => [x.id, card({ dueDay: 2 })]));
    expect(choose({ questions, cards })).toBeUndefined();
  });

  it('over a simulated month of daily practice: cap held, no repeats, misses come back sooner', () => {
    const questions = bank(['lambda', 'ecs', 'sqs', 'sns', 'iam'], 40);
    const cards = new Map<string, PracticeCard>();
    const random = seededRandom(42);
    const reviewsByDay: number[] = [];
    const intervalsAfter = { right: [] as number[], wrong: [] as number[] };
    let last: string | undefined;
    for (let day = 0; day < 30; day++) {
      let reviewsToday = 0;
      for (let i = 0; i < 30; i++) {
        const now = new Date(at(day).getTime() + i * 60_000);
        const next = nextPracticeQuestion({
          questions,
          cards,
          now,
          lastQuestionId: last,
          reviewsDoneToday: reviewsToday,
          random,
        });
        if (!next) break;
        expect(next.question.id).not.toBe(last);
        if (next.kind === 'review') reviewsToday += 1;
        // The person knows lambda and sqs, and misses a third of the rest.
        const isCorrect = ['lambda', 'sqs'].includes(next.question.topic) || random() > 0.33;
        const r = reviewCard(cards.get(next.question.id), isCorrect, now);
        (isCorrect ? intervalsAfter.right : intervalsAfter.wrong).push(r.nextDue.getTime() - now.getTime());
        cards.set(next.question.id, r.card);
        last = next.question.id;
      }
      reviewsByDay.push(reviewsToday);
    }
    // The cap is reached on busy days and never passed.
    expect(Math.max(...reviewsByDay)).toBe(20);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(intervalsAfter.wrong)).toBeLessThan(mean(intervalsAfter.right));
    const rows = accuracyByTopic(questions, cards);
    const weak = weakestTopics(rows, 2);
    expect(weak).not.toContain('lambda');
    expect(weak).not.toContain('sqs');
  });
});

describe('accuracyByTopic, weakestTopics and dueCounts', () => {
  const questions = bank(['lambda', 'ecs', 'sqs', 'sns'], 2);
  const cards = new Map([
    ['lambda-1', card({ dueDay: 0, reps: 4, misses: 1 })],
    ['lambda-2', card({ dueDay: 3, reps: 2, misses: 0, longRightStreak: 3 })],
    ['ecs-1', card({ dueDay: 6, reps: 4, misses: 3 })],
    ['sqs-1', card({ dueDay: 10, reps: 2, misses: 1 })],
  ]);

  it('counts reviews, right answers and mastered questions per topic', () => {
    const rows = accuracyByTopic(questions, cards);
    expect(rows.map((r) => r.topic)).toEqual(['lambda', 'ecs', 'sqs', 'sns']);
    expect(rows[0]).toEqual({ topic: 'lambda', questions: 2, seen: 2, reviews: 6, right: 5, accuracy: 5 / 6, mastered: 1 });
    expect(rows[3]).toMatchObject({ topic: 'sns', seen: 0, accuracy: null });
    expect(weakestTopics(rows, 3)).toEqual(['ecs', 'sqs', 'lambda']);
    expect(weakestTopics(rows, 1)).toEqual(['ecs']);
  });

  it('counts questions due within a day and a week, retired ones left out', () => {
    expect(dueCounts(cards.values(), start)).toEqual({ today: 1, week: 2 });
    expect(dueCounts(cards.values(), at(10))).toEqual({ today: 3, week: 3 });
  });
});

describe('session rules', () => {
  it('ends a session once its size is answered', () => {
    expect(sessionAfterAnswer({ asked: 0, correct: 0, size: 5 }, true)).toEqual({ asked: 1, correct: 1, state: 'open' });
    expect(sessionAfterAnswer({ asked: 4, correct: 3, size: 5 }, false)).toEqual({ asked: 5, correct: 3, state: 'done' });
  });

  it('keeps the size between 1 and 20, 5 by default', () => {
    expect(sessionSize(undefined)).toBe(5);
    expect(sessionSize(0)).toBe(1);
    expect(sessionSize(7.8)).toBe(7);
    expect(sessionSize(500)).toBe(20);
    expect(sessionSize(Number.NaN)).toBe(5);
  });
});
