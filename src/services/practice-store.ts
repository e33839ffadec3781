/**
 * The storage seam of personal practice, asynchronous like stores.ts; db/sqlite-practice-store.ts
 * is the embedded implementation. Every method is one atomic step: the writes of a review (the review
 * row, the FSRS card, the session's counters) commit together or not at all.
 */

import type { PracticeSession } from '../practice/choose.ts';
import type { PracticeCard } from '../practice/schedule.ts';

export interface NewPracticeSession {
  teamId: string;
  userId: string;
  topic: string | null;
  exam: string | null;
  size: number;
  /** The first question, already chosen. */
  questionId: string;
}

export interface PracticeAnswerInput {
  teamId: string;
  userId: string;
  sessionId: number;
  questionId: string;
  choice: string;
  /** Graded by the service against the bank; stored only when questionId is the session's current one. */
  isCorrect: boolean;
}

export type PracticeAnswerRecord =
  | { kind: 'recorded'; session: PracticeSession; card: PracticeCard; nextDue: Date }
  /** This session's question was answered already: the unique key refused the copy. */
  | { kind: 'duplicate'; session: PracticeSession }
  /** Not the question this session is on (an old button, or a forged id). */
  | { kind: 'stale'; session: PracticeSession }
  /** No such session of this person in this workspace. */
  | { kind: 'not_found' };

export interface DailyReviewInput {
  teamId: string;
  userId: string;
  questionId: string;
  postId: number;
  isCorrect: boolean;
  choice?: string | null;
}

export type DailyReviewRecord = { kind: 'recorded'; card: PracticeCard; nextDue: Date } | { kind: 'duplicate' };

export interface PracticeHistoryDeleted {
  cards: number;
  reviews: number;
  sessions: number;
}

export interface PracticeStore {
  /** Opens a session on its first question; the person's other open sessions end (their buttons go stale). */
  createSession(s: NewPracticeSession, now: Date): Promise<PracticeSession>;
  getSession(teamId: string, userId: string, sessionId: number): Promise<PracticeSession | undefined>;
  /** The questions answered in the session, in order. */
  answeredInSession(teamId: string, userId: string, sessionId: number): Promise<string[]>;
  /** Moves an open session from one question to the next; false when it is no longer on `from`. */
  moveSession(teamId: string, userId: string, sessionId: number, from: string | null, to: string, now: Date): Promise<boolean>;
  finishSession(teamId: string, userId: string, sessionId: number, now: Date): Promise<void>;
  recordPracticeAnswer(a: PracticeAnswerInput, now: Date): Promise<PracticeAnswerRecord>;
  /** The daily quiz answer as a review of its question, once per person per post. */
  recordDailyReview(r: DailyReviewInput, now: Date): Promise<DailyReviewRecord>;
  /** Turns the person's daily answers that are not reviews yet into reviews, once each; returns how many. */
  importDailyReviews(teamId: string, userId: string): Promise<number>;
  /** A person's cards by question id. */
  cards(teamId: string, userId: string): Promise<Map<string, PracticeCard>>;
  /** Reviews (practice and daily) a person made at or after `since`. */
  reviewsSince(teamId: string, userId: string, since: Date): Promise<number>;
  /** Deletes a person's cards, reviews and sessions in one transaction. */
  deleteHistory(teamId: string, userId: string): Promise<PracticeHistoryDeleted>;
}
