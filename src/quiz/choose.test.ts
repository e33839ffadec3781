import { describe, expect, it } from 'vitest';
import { fakeBank } from '../../test/support/content-fixtures.ts';
import { makeBank } from '../content/bank.ts';
import { nextFilteredQuestion, nextQuestionFor, type PastPost, questionsMatching } from './choose.ts';

const bank = fakeBank(['lambda', 'ecs', 'sam'], 3);

function seeded(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

describe('nextQuestionFor', () => {
  it('does not repeat a question until the bank is used up', () => {
    const history: PastPost[] = [];
    const rnd = seeded(7);
    for (let i = 0; i < 9; i++) {
      const next = nextQuestionFor(bank, history, rnd);
      if (!next) throw new Error('no question');
      history.push({ questionId: next.id, topic: next.topic });
    }
    expect(new Set(history.map((h) => h.questionId)).size).toBe(9);
    const tenth = nextQuestionFor(bank, history, rnd);
    expect(tenth).toBeDefined();
  });

  it('rotates topics: never the same topic twice in a row while others have fresh questions', () => {
    const history: PastPost[] = [];
    const rnd = seeded(3);
    for (let i = 0; i < 9; i++) {
      const next = nextQuestionFor(bank, history, rnd);
      if (!next) throw new Error('no question');
      if (history.length > 0) expect(next.topic).not.toBe(history[history.length - 1]?.topic);
      history.push({ questionId: next.id, topic: next.topic });
    }
  });

  it('ignores history of questions no longer in the bank', () => {
    const next = nextQuestionFor(bank, [{ questionId: 'gone', topic: 'old' }], seeded(1));
    expect(next).toBeDefined();
  });

  it('returns nothing for an empty bank', () => {
    expect(nextQuestionFor(makeBank([], 'h'), [])).toBeUndefined();
  });

  it('never chooses a held-out question, and uses the bank up without it', () => {
    const heldOut = new Set(
      bank.questions
        .filter((q) => q.topic === 'ecs')
        .map((q) => q.id)
        .slice(0, 2),
    );
    const history: PastPost[] = [];
    const rnd = seeded(5);
    for (let i = 0; i < 7; i++) {
      const next = nextQuestionFor(bank, history, rnd, heldOut);
      if (!next) throw new Error('no question');
      expect(heldOut.has(next.id)).toBe(false);
      history.push({ questionId: next.id, topic: next.topic });
    }
    expect(new Set(history.map((h) => h.questionId)).size).toBe(7);
    // The cycle starts again among the seven, still without the held-out two.
    const eighth = nextQuestionFor(bank, history, rnd, heldOut);
    expect(eighth && heldOut.has(eighth.id)).toBe(false);
  });

  it('returns nothing when every question is held out', () => {
    expect(nextQuestionFor(bank, [], seeded(1), new Set(bank.questions.map((q) => q.id)))).toBeUndefined();
  });
});

describe('a channel filter', () => {
  const tagged = makeBank(
    bank.topics.map((t) => ({
      ...t,
      questions: t.questions.map((q, i) => ({
        ...q,
        difficulty: ((i % 3) + 1) as 1 | 2 | 3,
        exams: t.topic === 'lambda' ? ['DVA-C02/1'] : ['SAA-C03/2'],
      })),
    })),
    'tagged',
  );
  const all = { topics: [], exam: null, difficultyMin: 1, difficultyMax: 3 };

  it('keeps the chosen topics, exam and difficulty range', () => {
    expect(questionsMatching(tagged.questions, all)).toHaveLength(9);
    expect(questionsMatching(tagged.questions, { ...all, topics: ['ecs', 'sam'] }).map((q) => q.topic)).not.toContain('lambda');
    expect(questionsMatching(tagged.questions, { ...all, exam: 'DVA-C02' }).map((q) => q.id)).toEqual([
      'lambda-1',
      'lambda-2',
      'lambda-3',
    ]);
    expect(questionsMatching(tagged.questions, { ...all, difficultyMin: 2, difficultyMax: 2 }).map((q) => q.id)).toEqual([
      'lambda-2',
      'ecs-2',
      'sam-2',
    ]);
  });

  it('draws only from the filter while it has questions', () => {
    const history: PastPost[] = [];
    for (let i = 0; i < 6; i++) {
      const { question, widened } = nextFilteredQuestion(tagged, history, { ...all, topics: ['ecs'] }, seeded(i));
      expect(widened).toBe(false);
      expect(question?.topic).toBe('ecs');
      if (question) history.push({ questionId: question.id, topic: question.topic });
    }
  });

  it('falls back to the whole bank, and says so, when the filter leaves nothing', () => {
    const r = nextFilteredQuestion(tagged, [], { ...all, topics: ['lambda'], exam: 'SAA-C03' }, () => 0);
    expect(r.widened).toBe(true);
    expect(r.question).toBeDefined();
  });
});
