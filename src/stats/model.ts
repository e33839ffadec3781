/**
 * The facts the statistics are computed from, as the stats store reads them (services/stats-store.ts).
 * Plain values: the functions in this folder never touch a database or Slack.
 */

/** How a person's answers in one stretch of time add up. */
export interface ActivityTotal {
  /** ISO instants, [start, end). */
  start: string;
  end: string;
  /** Different people who answered. */
  people: number;
  answers: number;
  correct: number;
  /** Questions posted in the stretch. */
  posts: number;
}

/** How often one choice (or, for "choose two", one selection such as "a,c") of a question was picked. */
export interface ChoiceTotal {
  questionId: string;
  topic: string;
  choice: string;
  picks: number;
  correct: number;
}

/** One person's answer to one question, for statistics that follow a person across questions. */
export interface Response {
  teamId: string;
  userId: string;
  questionId: string;
  isCorrect: boolean;
}

/** Share of `correct` in `answers`; null when there were none (no answers is not 0 %). */
export const shareOf = (correct: number, answers: number): number | null => (answers === 0 ? null : correct / answers);
