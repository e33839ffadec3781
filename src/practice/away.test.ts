import { describe, expect, it } from 'vitest';
import { awayShifts, awayUntil, MAX_AWAY_DAYS, parseAwaySpan } from './away.ts';
import { nextPracticeQuestion, type PracticeQuestion } from './choose.ts';
import { type PracticeCard, reviewCard } from './schedule.ts';

const DAY = 86_400_000;
const start = new Date('2026-03-02T08:00:00Z');
const at = (days: number, hours = 0) => new Date(start.getTime() + days * DAY + hours * 3_600_000);
const questions: PracticeQuestion[] = Array.from({ length: 60 }, (_, i) => ({ id: `q${i}`, topic: `t${i % 4}` }));

/** A repeatable random source (mulberry32). */
function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** One day of practice at 08:00: every due review first, then new questions, `perDay` answers in all. */
function practiseDay(cards: Map<string, PracticeCard>, day: number, random: () => number, perDay = 8): void {
  let now = at(day);
  for (let done = 0; done < perDay; done++) {
    const choice = nextPracticeQuestion({ questions, cards, now, reviewsDoneToday: done, random });
    if (!choice) return;
    cards.set(choice.question.id, reviewCard(cards.get(choice.question.id), random() < 0.8, now).card);
    now = new Date(now.getTime() + 60_000);
  }
}

const dueOn = (cards: Iterable<PracticeCard>, day: number) =>
  [...cards].filter((c) => c.due.getTime() >= at(day).getTime() && c.due.getTime() < at(day + 1).getTime()).length;
const dueBy = (cards: Iterable<PracticeCard>, instant: Date) => [...cards].filter((c) => c.due <= instant).length;

describe('parseAwaySpan', () => {
  it.each([
    ['7d', 7],
    ['7 days', 7],
    ['1 day', 1],
    ['2w', 14],
    ['2 weeks', 14],
    ['10', 10],
  ])('reads %s as %d days', (text, days) => {
    expect(parseAwaySpan(text)).toBe(days);
  });

  it.each(['0d', 'soon', '-3d', '7x', `${MAX_AWAY_DAYS + 1}d`, '14w'])('refuses %s', (text) => {
    expect(parseAwaySpan(text)).toBeUndefined();
  });
});

describe('away mode over a simulated month', () => {
  it('moves the reviews due during a week away on by the week, in their order, and leaves FSRS memory alone', () => {
    const random = seeded(7);
    const cards = new Map<string, PracticeCard>();
    for (let day = 0; day < 12; day++) practiseDay(cards, day, random);
    const leftAt = at(12);
    const back = awayUntil(leftAt, 7);
    const before = new Map([...cards].map(([id, c]) => [id, { ...c }]));
    const dueWhileAway = [...cards].filter(([, c]) => c.due >= leftAt && c.due < back);
    expect(dueWhileAway.length).toBeGreaterThan(5);

    const shifts = awayShifts(cards, leftAt, back);
    expect([...shifts.keys()].sort()).toEqual(dueWhileAway.map(([id]) => id).sort());
    for (const [id, due] of shifts) {
      const old = before.get(id);
      expect(due.getTime() - (old?.due.getTime() ?? 0)).toBe(7 * DAY);
    }
    // Nothing else changes: only `due` moves, never stability, difficulty, reps, lapses or the last review.
    for (const [id, due] of shifts) cards.set(id, { ...(cards.get(id) as PracticeCard), due });
    for (const [id, card] of cards) {
      const { due: _a, ...memory } = card;
      const { due: _b, ...was } = before.get(id) as PracticeCard;
      expect(memory).toEqual(was);
    }
    // Without the shift, the whole week's reviews would wait at the return; with it, the return
    // day has only what was due on the day of leaving, and the rest follows day by day.
    const pileWithout = dueBy(before.values(), at(19, 23));
    const pileWith = dueBy(cards.values(), at(19, 23));
    expect(pileWith).toBeLessThan(pileWithout);
    const perDayBefore = [12, 13, 14, 15, 16, 17, 18].map((d) => dueOn(before.values(), d));
    const perDayAfter = [19, 20, 21, 22, 23, 24, 25].map((d) => dueOn(cards.values(), d) - dueOn(before.values(), d));
    expect(perDayAfter).toEqual(perDayBefore);
  });

  it('keeps a review made while away, and what was due before leaving, where they are', () => {
    const random = seeded(3);
    const cards = new Map<string, PracticeCard>();
    for (let day = 0; day < 10; day++) practiseDay(cards, day, random);
    const leftAt = at(10);
    // The day before leaving the person skipped practice: these were already due.
    const overdue = [...cards].filter(([, c]) => c.due < leftAt).map(([id]) => id);
    // While away they answered one question after all (say, the daily question in the channel).
    const [practisedId, practisedCard] = [...cards].find(([, c]) => c.due >= leftAt) ?? [];
    if (!practisedId || !practisedCard) throw new Error('no card due during the absence');
    cards.set(practisedId, reviewCard(practisedCard, true, at(12)).card);
    const shifts = awayShifts(cards, leftAt, awayUntil(leftAt, 7));
    expect(shifts.has(practisedId)).toBe(false);
    for (const id of overdue) expect(shifts.has(id)).toBe(false);
  });

  it('comes back early: only the days really away count', () => {
    const cards = new Map<string, PracticeCard>([
      ['a', { ...reviewCard(undefined, true, at(0)).card, due: at(2) }],
      ['b', { ...reviewCard(undefined, true, at(0)).card, due: at(5) }],
    ]);
    const shifts = awayShifts(cards, at(1), at(3));
    expect(shifts.get('a')).toEqual(at(4));
    expect(shifts.has('b')).toBe(false);
    expect(awayShifts(cards, at(3), at(3)).size).toBe(0);
  });

  it('after the return, a shifted review answered right is a success, scheduled from the time that really passed', () => {
    const first = reviewCard(undefined, true, at(0)).card;
    const second = reviewCard(first, true, first.due).card;
    const third = reviewCard(second, true, second.due).card;
    expect(third.state).toBe('review');
    const leftAt = new Date(third.due.getTime() - DAY);
    const back = awayUntil(leftAt, 14);
    const due = awayShifts(new Map([['q', third]]), leftAt, back).get('q');
    if (!due) throw new Error('not shifted');
    expect(due.getTime()).toBe(third.due.getTime() + 14 * DAY);
    const late = reviewCard({ ...third, due }, true, due);
    const onTime = reviewCard(third, true, third.due);
    expect(late.card.lapses).toBe(0);
    expect(late.card.state).toBe('review');
    // Remembered after a longer gap: FSRS grows stability more than for the on-time review.
    expect(late.card.stability).toBeGreaterThan(onTime.card.stability);
  });
});
