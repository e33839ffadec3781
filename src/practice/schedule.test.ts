import { describe, expect, it } from 'vitest';
import { describeNextReview, isRetired, LONG_INTERVAL_DAYS, type PracticeCard, reviewCard } from './schedule.ts';

const DAY = 86_400_000;
const start = new Date('2026-03-02T09:00:00Z');
const at = (days: number, minutes = 0) => new Date(start.getTime() + days * DAY + minutes * 60_000);
const daysBetween = (a: Date, b: Date) => (b.getTime() - a.getTime()) / DAY;

/** Answers `card` each time it falls due, with `answers` in turn, until the answers run out. */
function practiseWhenDue(answers: boolean[], from = start) {
  let card: PracticeCard | undefined;
  let now = from;
  const log: { now: Date; isCorrect: boolean; card: PracticeCard; interval: number }[] = [];
  for (const isCorrect of answers) {
    const r = reviewCard(card, isCorrect, now);
    log.push({ now, isCorrect, card: r.card, interval: daysBetween(now, r.nextDue) });
    card = r.card;
    now = r.nextDue;
  }
  return log;
}

describe('reviewCard', () => {
  it('brings a wrong answer back sooner than a right one, new or well known', () => {
    const wrong = reviewCard(undefined, false, start);
    const right = reviewCard(undefined, true, start);
    expect(wrong.nextDue.getTime()).toBeLessThan(right.nextDue.getTime());
    expect(wrong.rating).toBe(1);
    expect(right.rating).toBe(3);

    const known = practiseWhenDue([true, true, true]).at(-1)?.card;
    expect(known).toBeDefined();
    const now = known?.due ?? start;
    const forgot = reviewCard(known, false, now);
    const remembered = reviewCard(known, true, now);
    expect(forgot.nextDue.getTime()).toBeLessThan(remembered.nextDue.getTime());
    expect(daysBetween(now, forgot.nextDue)).toBeLessThan(1);
    expect(forgot.card.lapses).toBe(1);
    expect(forgot.card.misses).toBe(1);
  });

  it('grows the interval with every right answer over a simulated month', () => {
    const log = practiseWhenDue(Array(8).fill(true));
    // The first answers walk the short learning steps (minutes); from then on, days that grow.
    const reviewIntervals = log.filter((l) => l.card.state === 'review').map((l) => l.interval);
    expect(reviewIntervals.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < reviewIntervals.length; i++) {
      expect(reviewIntervals[i]).toBeGreaterThan(reviewIntervals[i - 1] ?? 0);
    }
    const firstMonth = log.filter((l) => daysBetween(start, l.now) <= 30);
    expect(firstMonth.length).toBeGreaterThanOrEqual(4);
    expect(log.at(-1)?.card.reps).toBe(8);
    expect(log.at(-1)?.card.lapses).toBe(0);
  });

  it('a wrong answer in the middle of a month shortens the next interval', () => {
    const steady = practiseWhenDue([true, true, true, true, true]);
    const stumbled = practiseWhenDue([true, true, true, false, true]);
    expect(stumbled.at(-1)?.interval).toBeLessThan(steady.at(-1)?.interval ?? 0);
  });

  it('retires a question after three right answers in a row at long intervals', () => {
    const log = practiseWhenDue(Array(12).fill(true));
    const firstRetired = log.findIndex((l) => isRetired(l.card));
    expect(firstRetired).toBeGreaterThan(0);
    // Exactly three reviews before it (and including it) came after an interval of 21 days or more.
    const longOnes = log.slice(0, firstRetired + 1).filter((_, i) => i > 0 && (log[i - 1]?.interval ?? 0) >= LONG_INTERVAL_DAYS);
    expect(longOnes).toHaveLength(3);
    expect(log[firstRetired - 1]?.card.longRightStreak).toBe(2);
  });

  it('a wrong answer at a long interval starts the run again', () => {
    const log = practiseWhenDue([true, true, true, true, true, true, true]);
    const card = log.at(-1)?.card;
    expect(card?.longRightStreak).toBeGreaterThan(0);
    const missed = reviewCard(card, false, card?.due ?? start);
    expect(missed.card.longRightStreak).toBe(0);
    expect(isRetired(missed.card)).toBe(false);
  });

  it('an early right answer to a long-interval card does not count toward retirement', () => {
    const log = practiseWhenDue(Array(6).fill(true));
    const card = log.at(-1)?.card;
    expect(card?.scheduledDays).toBeGreaterThanOrEqual(LONG_INTERVAL_DAYS);
    const early = reviewCard(card, true, new Date((card?.lastReview?.getTime() ?? 0) + 2 * DAY));
    expect(early.card.longRightStreak).toBe(card?.longRightStreak);
  });

  it('never schedules from before the last review when reviews arrive out of order', () => {
    const first = reviewCard(undefined, true, at(5));
    const late = reviewCard(first.card, true, at(4));
    expect(late.card.lastReview?.getTime()).toBe(at(5).getTime());
    expect(late.nextDue.getTime()).toBeGreaterThan(at(5).getTime());
  });

  it('keeps the card as plain values a store can write as columns', () => {
    const { card } = reviewCard(undefined, true, start);
    const columns = JSON.parse(JSON.stringify(card));
    expect(Object.keys(columns).sort()).toEqual(
      [
        'difficulty',
        'due',
        'elapsedDays',
        'lapses',
        'lastReview',
        'learningSteps',
        'longRightStreak',
        'misses',
        'reps',
        'scheduledDays',
        'stability',
        'state',
      ].sort(),
    );
    const restored: PracticeCard = { ...columns, due: new Date(columns.due), lastReview: new Date(columns.lastReview) };
    expect(reviewCard(restored, true, at(3))).toEqual(reviewCard(card, true, at(3)));
  });
});

describe('describeNextReview', () => {
  it.each([
    [10 / 1440, 'again today'],
    [0, 'again today'],
    [-3, 'again today'],
    [1, 'again tomorrow'],
    [6, 'in 6 days'],
    [13, 'in 13 days'],
    [21, 'in 3 weeks'],
    [44, 'in 6 weeks'],
    [60, 'in 2 months'],
    [300, 'in 10 months'],
    [400, 'in 1 year'],
    [800, 'in 2 years'],
  ])('%s days from now is "%s"', (days, text) => {
    expect(describeNextReview(at(days), start)).toBe(text);
  });
});
