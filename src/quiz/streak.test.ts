import { describe, expect, it } from 'vitest';
import { currentStreak, EMPTY_STREAK, type StreakState, streakAfterAnswer } from './streak.ts';

function play(answers: [number, boolean][]): StreakState {
  return answers.reduce((s, [seq, ok]) => streakAfterAnswer(s, seq, ok), EMPTY_STREAK);
}

describe('streaks', () => {
  it('grows with consecutive correct answers and keeps the best', () => {
    const s = play([
      [1, true],
      [2, true],
      [3, true],
    ]);
    expect(s).toEqual({ currentStreak: 3, bestStreak: 3, lastCorrectSeq: 3 });
  });

  it('ends at a wrong answer but keeps the best', () => {
    const s = play([
      [1, true],
      [2, true],
      [3, false],
      [4, true],
    ]);
    expect(s.currentStreak).toBe(1);
    expect(s.bestStreak).toBe(2);
  });

  it('ends when a question was missed', () => {
    const s = play([
      [1, true],
      [2, true],
      [4, true],
    ]);
    expect(s.currentStreak).toBe(1);
    expect(s.bestStreak).toBe(2);
  });

  it('stays alive while the latest closed question was answered, and dies once a missed one closes', () => {
    const s = play([
      [1, true],
      [2, true],
    ]);
    expect(currentStreak(s, 1)).toBe(2); // question 2 still open
    expect(currentStreak(s, 2)).toBe(2); // question 2 closed, answered
    expect(currentStreak(s, 3)).toBe(0); // question 3 closed, not answered
  });

  it('is not broken by days without a post: seqs count questions, not days', () => {
    // Friday is seq 5, Monday is seq 6: the weekend in between has no seq at all.
    const friday = play([
      [4, true],
      [5, true],
    ]);
    expect(streakAfterAnswer(friday, 6, true).currentStreak).toBe(3);
  });
});
