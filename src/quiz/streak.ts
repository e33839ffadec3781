/**
 * Streaks follow DESIGN.md: consecutive posted questions in a channel answered correctly,
 * like a Wordle streak. A wrong answer ends it at once; a missed one ends it when that
 * question closes. Days without a post (weekends) are not questions, so they break nothing.
 */

export interface StreakState {
  currentStreak: number;
  bestStreak: number;
  /** seq of the last question in the channel this person answered correctly; 0 if none. */
  lastCorrectSeq: number;
}

export const EMPTY_STREAK: StreakState = { currentStreak: 0, bestStreak: 0, lastCorrectSeq: 0 };

export function streakAfterAnswer(before: StreakState, seq: number, isCorrect: boolean): StreakState {
  if (!isCorrect) return { ...before, currentStreak: 0 };
  const continues = before.currentStreak > 0 && before.lastCorrectSeq === seq - 1;
  const currentStreak = continues ? before.currentStreak + 1 : 1;
  return { currentStreak, bestStreak: Math.max(before.bestStreak, currentStreak), lastCorrectSeq: seq };
}

/**
 * The streak as it stands now: alive while this person answered every closed question
 * of the channel up to the latest, `closedSeq` being the highest closed (revealed) seq.
 */
export function currentStreak(state: StreakState, closedSeq: number): number {
  return state.lastCorrectSeq >= closedSeq ? state.currentStreak : 0;
}
