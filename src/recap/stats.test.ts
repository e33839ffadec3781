import { describe, expect, it } from 'vitest';
import { isStreakMilestone, type RecapAnswer, recapStats, streakMilestones } from './stats.ts';
import { recapWeekOf } from './week.ts';

// The week of Monday 16 November 2026 in Berlin (UTC+1): 2026-11-15T23:00Z to 2026-11-22T23:00Z.
const week = recapWeekOf({ year: 2026, month: 11, day: 16 }, 'Europe/Berlin');

const TOPIC_OF_SEQ: Record<number, string> = { 10: 'lambda', 11: 'ecs', 12: 'lambda', 13: 'ecs' };
const answer = (userId: string, seq: number, isCorrect: boolean, answeredAt: string): RecapAnswer => ({
  userId,
  postId: 100 + seq,
  seq,
  topic: TOPIC_OF_SEQ[seq] ?? 'sam',
  isCorrect,
  answeredAt,
});

const history: RecapAnswer[] = [
  // B answered seq 1-7 right in October: a streak of 7 going into November.
  ...[19, 20, 21, 22, 23, 26, 27].map((day, i) => answer('B', i + 1, true, `2026-10-${day}T09:00:00Z`)),
  answer('F', 3, false, '2026-10-21T09:30:00Z'), // before the four-week window (from 26 Oct)
  answer('E', 5, false, '2026-10-28T09:30:00Z'), // inside it
  // The week before (9-15 Nov): A 1 of 3, B 2 of 2, C 0 of 1.
  answer('A', 7, false, '2026-11-09T09:00:00Z'),
  answer('A', 8, false, '2026-11-11T09:00:00Z'),
  answer('B', 8, true, '2026-11-11T09:05:00Z'),
  answer('A', 9, true, '2026-11-13T09:00:00Z'),
  answer('B', 9, true, '2026-11-13T09:05:00Z'),
  answer('C', 9, false, '2026-11-15T22:30:00Z'), // Sunday 23:30 in Berlin: still the week before
  // Last week.
  answer('A', 10, true, '2026-11-15T23:30:00Z'), // Monday 00:30 in Berlin
  answer('B', 10, true, '2026-11-16T09:00:00Z'),
  answer('C', 10, false, '2026-11-16T09:01:00Z'),
  answer('D', 10, true, '2026-11-16T09:02:00Z'),
  answer('A', 11, true, '2026-11-17T09:00:00Z'),
  answer('B', 11, false, '2026-11-17T09:01:00Z'),
  answer('C', 11, false, '2026-11-17T09:02:00Z'),
  answer('A', 12, true, '2026-11-18T09:00:00Z'),
  answer('B', 12, true, '2026-11-18T09:01:00Z'),
  answer('D', 12, false, '2026-11-18T09:02:00Z'),
  answer('A', 13, true, '2026-11-19T09:00:00Z'),
  answer('C', 13, true, '2026-11-19T09:01:00Z'),
  answer('D', 13, false, '2026-11-22T22:30:00Z'), // Sunday 23:30 in Berlin
  answer('B', 14, true, '2026-11-22T23:30:00Z'), // Monday 00:30: this week, not last
];

describe('recapStats', () => {
  const stats = recapStats(week, history);

  it('counts the week in the channel zone', () => {
    expect(stats.answers).toBe(13);
    expect(stats.correct).toBe(8);
    expect(stats.days).toEqual([
      { answers: 4, correct: 3 },
      { answers: 3, correct: 1 },
      { answers: 3, correct: 2 },
      { answers: 2, correct: 2 },
      { answers: 0, correct: 0 },
      { answers: 0, correct: 0 },
      { answers: 1, correct: 0 },
    ]);
  });

  it('ranks the top five by points, fewer answers first, ties sharing a rank', () => {
    expect(stats.top).toEqual([
      { userId: 'A', points: 4, answers: 4, rank: 1 },
      { userId: 'B', points: 2, answers: 3, rank: 2 },
      { userId: 'C', points: 1, answers: 3, rank: 3 },
      { userId: 'D', points: 1, answers: 3, rank: 3 },
    ]);
  });

  it('names the biggest gain over the week before among people who played both weeks', () => {
    // A 1 -> 4 (+3), C 0 -> 1 (+1), B 2 -> 2; D did not play the week before.
    expect(stats.mostImproved).toEqual({ userId: 'A', points: 4, previousPoints: 1 });
  });

  it('counts who took part against who answered in the last four weeks', () => {
    expect(stats.participants).toBe(4);
    expect(stats.regulars).toBe(5); // A, B, C, D and E; F answered before the window
  });

  it('finds the question with the lowest share correct', () => {
    // seq 10: 3 of 4, seq 11: 1 of 3, seq 12: 2 of 3, seq 13: 2 of 3.
    expect(stats.hardest).toEqual({ postId: 111, answers: 3, correct: 1 });
  });

  it('lists topics weakest first', () => {
    expect(stats.topics).toEqual([
      { topic: 'ecs', answers: 6, correct: 3 },
      { topic: 'lambda', answers: 7, correct: 5 },
    ]);
  });

  it('reports the streak milestones reached during the week', () => {
    // B: seq 1-9 right, 10 right = 10 (then 11 wrong). A: 9 right, then 10-13 = 5.
    expect(stats.milestones).toEqual([
      { userId: 'B', streak: 10 },
      { userId: 'A', streak: 5 },
    ]);
  });

  it('has no hardest question when everyone was right, and no leader without points', () => {
    const allRight = recapStats(week, [answer('A', 10, true, '2026-11-16T09:00:00Z')]);
    expect(allRight.hardest).toBeUndefined();
    const allWrong = recapStats(week, [answer('A', 10, false, '2026-11-16T09:00:00Z')]);
    expect(allWrong.top).toEqual([]);
    expect(allWrong.hardest).toEqual({ postId: 110, answers: 1, correct: 0 });
    expect(allWrong.mostImproved).toBeUndefined();
  });

  it('is empty for a week without answers', () => {
    const empty = recapStats(week, history.slice(0, 9));
    expect(empty.answers).toBe(0);
    expect(empty.participants).toBe(0);
    expect(empty.top).toEqual([]);
    expect(empty.topics).toEqual([]);
    expect(empty.milestones).toEqual([]);
  });
});

describe('streak milestones', () => {
  it('are 5, 10, 25, 50 and every 50 after', () => {
    expect([1, 4, 5, 6, 10, 20, 25, 49, 50, 75, 100, 150].filter(isStreakMilestone)).toEqual([5, 10, 25, 50, 100, 150]);
  });

  it('are not reached again by a streak that was already past them', () => {
    // seq 1-5 on 10-14 November reach 5 the week before; seq 6 on the Monday makes 6: no milestone.
    const run = Array.from({ length: 6 }, (_, i) =>
      answer('A', i + 1, true, i < 5 ? `2026-11-1${i}T09:00:00Z` : '2026-11-16T09:00:00Z'),
    );
    expect(streakMilestones(run, week)).toEqual([]);
  });

  it('count a missed question as the end of a streak', () => {
    const gap = [1, 2, 3, 4, 6].map((seq) => answer('A', seq, true, '2026-11-17T09:00:00Z'));
    expect(streakMilestones(gap, week)).toEqual([]);
  });
});
