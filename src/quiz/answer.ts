/**
 * The answer use case's rules, as one pure decision: which clicks are accepted and in what order
 * they are refused, what a right answer is worth, and how the person's running totals move. The
 * store calls it inside the transaction that stores the click, so the grouped commit and the
 * commit-before-ack guarantee hold.
 */
import { gradeAnswer } from './grade.ts';
import type { AnswerOutcome, Post } from './model.ts';
import { type StreakState, streakAfterAnswer } from './streak.ts';

/** A person's running totals in a channel, as the store keeps them. */
export interface ChannelStats extends StreakState {
  points: number;
}

export const EMPTY_STATS: ChannelStats = { points: 0, currentStreak: 0, bestStreak: 0, lastCorrectSeq: 0 };

/** Points for a right answer (DESIGN.md: 1 per correct answer). */
export const POINTS_PER_CORRECT = 1;

export type AnswerDecision =
  | { kind: 'not_found' }
  | { kind: 'closed'; post: Post }
  | { kind: 'invalid_choice'; post: Post }
  | {
      kind: 'accept';
      post: Post;
      isCorrect: boolean;
      /** The totals after this answer, and what it adds to the counters. */
      stats: ChannelStats;
      delta: { points: number; answers: 1; correct: 0 | 1 };
    };

/**
 * Decides a click on `post` (undefined when no post of this workspace has the id). Refusals come
 * in this order: unknown post, closed post, a selection that is not one of the question's. An
 * accepted click may still be a second answer; the store's unique key decides that (insert, and
 * the key refuses the copy), so two writers can never both store one.
 */
export function decideAnswer(post: Post | undefined, selection: string, before: ChannelStats = EMPTY_STATS): AnswerDecision {
  if (!post) return { kind: 'not_found' };
  if (post.state !== 'posted' || post.seq === null) return { kind: 'closed', post };
  const { isValid, isCorrect } = gradeAnswer(post.question, selection);
  if (!isValid) return { kind: 'invalid_choice', post };
  const streak = streakAfterAnswer(before, post.seq, isCorrect);
  const points = isCorrect ? POINTS_PER_CORRECT : 0;
  return {
    kind: 'accept',
    post,
    isCorrect,
    stats: { ...streak, points: before.points + points },
    delta: { points, answers: 1, correct: isCorrect ? 1 : 0 },
  };
}

/**
 * The outcome of a refused click. A person who already answered hears that first, whatever else
 * is wrong with the click (a second click after the reveal is "already answered", not "closed").
 */
export function refusalOutcome(
  decision: Exclude<AnswerDecision, { kind: 'accept' }>,
  firstChoice: string | undefined,
): AnswerOutcome {
  if (decision.kind !== 'not_found' && firstChoice !== undefined) {
    return { kind: 'duplicate', post: decision.post, firstChoice };
  }
  return decision;
}

/** The outcome of an accepted click that the store kept (the unique key took it). */
export function gradedOutcome(decision: Extract<AnswerDecision, { kind: 'accept' }>, choice: string): AnswerOutcome {
  const { post, isCorrect, stats } = decision;
  return {
    kind: 'graded',
    post: { ...post, answerCount: post.answerCount + 1, correctCount: post.correctCount + decision.delta.correct },
    choice,
    isCorrect,
    streak: stats.currentStreak,
    bestStreak: stats.bestStreak,
    points: stats.points,
  };
}
