/**
 * Spaced repetition per person and question: FSRS (ts-fsrs, default weights, 90% requested
 * retention, no fuzz) over plain values a store keeps as columns. A right answer is rated Good and
 * a wrong one Again; the clock is always the caller's.
 */
import { type Card, createEmptyCard, fsrs, generatorParameters, Rating, State } from 'ts-fsrs';

export type PracticeCardState = 'new' | 'learning' | 'review' | 'relearning';

/** What FSRS knows about one person and one question, plus the retirement count. */
export interface PracticeCard {
  due: Date;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  scheduledDays: number;
  /** The (re)learning step the card is on (ts-fsrs v5 short-term steps: 1 min, 10 min). */
  learningSteps: number;
  reps: number;
  /** FSRS lapses: a card in review that was forgotten. */
  lapses: number;
  /** Every wrong answer, including while learning, which FSRS does not count as a lapse; accuracy reads it. */
  misses: number;
  state: PracticeCardState;
  lastReview: Date | null;
  /** Right answers in a row at long intervals; a wrong answer sets it to 0. */
  longRightStreak: number;
}

/** The FSRS rating a review was given: Again (1) for a wrong answer, Good (3) for a right one. */
export type PracticeRating = 1 | 3;

export const ratingOf = (isCorrect: boolean): PracticeRating => (isCorrect ? 3 : 1);

/** An interval at least this long counts as "long" for retirement. */
export const LONG_INTERVAL_DAYS = 21;
/** Right answers in a row at long intervals that retire a question for a person. */
export const RETIRE_AFTER_LONG_RIGHTS = 3;

const DAY_MS = 86_400_000;
const scheduler = fsrs(generatorParameters({ request_retention: 0.9 }));

const STATES: readonly PracticeCardState[] = ['new', 'learning', 'review', 'relearning'];
const FSRS_STATES: Record<PracticeCardState, State> = {
  new: State.New,
  learning: State.Learning,
  review: State.Review,
  relearning: State.Relearning,
};

function toFsrs(card: PracticeCard): Card {
  return {
    due: card.due,
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: card.elapsedDays,
    scheduled_days: card.scheduledDays,
    learning_steps: card.learningSteps,
    reps: card.reps,
    lapses: card.lapses,
    state: FSRS_STATES[card.state],
    ...(card.lastReview ? { last_review: card.lastReview } : {}),
  };
}

/**
 * The card after one answer, and when the question is due again. A review counts toward
 * retirement when it was a real test of long-term memory: the card was waiting out an interval of
 * at least LONG_INTERVAL_DAYS and that much time has in fact passed (an early answer to the daily
 * quiz does not count, but does not break the run either).
 */
export function reviewCard(
  card: PracticeCard | undefined,
  isCorrect: boolean,
  now: Date,
): { card: PracticeCard; nextDue: Date; rating: PracticeRating } {
  // A review stored out of order (a daily answer recorded after a later practice answer) is
  // scheduled from the last review, never from before it: FSRS has no negative elapsed time.
  const at = card?.lastReview && now.getTime() < card.lastReview.getTime() ? card.lastReview : now;
  const rating = isCorrect ? Rating.Good : Rating.Again;
  const next = scheduler.next(card ? toFsrs(card) : createEmptyCard(at), at, rating).card;
  const wasLongTest =
    card?.lastReview != null &&
    card.scheduledDays >= LONG_INTERVAL_DAYS &&
    at.getTime() - card.lastReview.getTime() >= LONG_INTERVAL_DAYS * DAY_MS;
  const streak = card?.longRightStreak ?? 0;
  const after: PracticeCard = {
    due: next.due,
    stability: next.stability,
    difficulty: next.difficulty,
    elapsedDays: next.elapsed_days,
    scheduledDays: next.scheduled_days,
    learningSteps: next.learning_steps,
    reps: next.reps,
    lapses: next.lapses,
    misses: (card?.misses ?? 0) + (isCorrect ? 0 : 1),
    state: STATES[next.state] ?? 'review',
    lastReview: at,
    longRightStreak: !isCorrect ? 0 : wasLongTest ? streak + 1 : streak,
  };
  return { card: after, nextDue: after.due, rating: ratingOf(isCorrect) };
}

/** A question answered right at long intervals three times in a row is done for that person. */
export const isRetired = (card: Pick<PracticeCard, 'longRightStreak'>): boolean =>
  card.longRightStreak >= RETIRE_AFTER_LONG_RIGHTS;

/**
 * When a question comes back, in words: "again today", "again tomorrow", "in 6 days",
 * "in 3 weeks", "in 2 months", "in 1 year". FSRS intervals are whole days from the review, so the
 * distance is rounded to days first.
 */
export function describeNextReview(due: Date, now: Date): string {
  const days = Math.round((due.getTime() - now.getTime()) / DAY_MS);
  if (days <= 0) return 'again today';
  if (days === 1) return 'again tomorrow';
  if (days < 14) return `in ${days} days`;
  if (days < 45) return `in ${Math.round(days / 7)} weeks`;
  if (days < 365) return `in ${Math.round(days / 30)} months`;
  const years = Math.round(days / 365);
  return years === 1 ? 'in 1 year' : `in ${years} years`;
}
