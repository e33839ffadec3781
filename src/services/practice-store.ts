/**
 * The storage seam of personal practice, asynchronous like stores.ts; sqlitePracticeStore is the
 * embedded implementation. Every method is one atomic step: the writes of a review (the review
 * row, the FSRS card, the session's counters) commit together or not at all.
 */

import type { Db } from '../db/open.ts';
import * as practice from '../db/practice.ts';
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
  /** A person's cards by question id. */
  cards(teamId: string, userId: string): Promise<Map<string, PracticeCard>>;
  /** Reviews (practice and daily) a person made at or after `since`. */
  reviewsSince(teamId: string, userId: string, since: Date): Promise<number>;
  /** Deletes a person's cards, reviews and sessions in one transaction. */
  deleteHistory(teamId: string, userId: string): Promise<PracticeHistoryDeleted>;
}

/**
 * The SQLite practice store. better-sqlite3 is synchronous, so each call is one transaction done
 * at once. The connection is shared with sqliteStores, whose transactions may stay open across an
 * await; a call made then waits for it to end, so it never joins (and never rolls back with)
 * someone else's work.
 */
export function sqlitePracticeStore(db: Db): PracticeStore {
  const settled = async (): Promise<void> => {
    while (db.inTransaction) await new Promise<void>((resolve) => setImmediate(resolve));
  };
  const run =
    <A extends unknown[], R>(fn: (...args: A) => R) =>
    async (...args: A): Promise<R> => {
      if (db.inTransaction) await settled();
      return fn(...args);
    };
  return {
    createSession: run((s: NewPracticeSession, now: Date) => practice.createPracticeSession(db, s, now)),
    getSession: run((teamId: string, userId: string, sessionId: number) =>
      practice.getPracticeSession(db, teamId, userId, sessionId),
    ),
    answeredInSession: run((teamId: string, userId: string, sessionId: number) =>
      practice.answeredInSession(db, teamId, userId, sessionId),
    ),
    moveSession: run((teamId: string, userId: string, sessionId: number, from: string | null, to: string, now: Date) =>
      practice.movePracticeSession(db, teamId, userId, sessionId, from, to, now),
    ),
    finishSession: run((teamId: string, userId: string, sessionId: number, now: Date) =>
      practice.finishPracticeSession(db, teamId, userId, sessionId, now),
    ),
    recordPracticeAnswer: run((a: PracticeAnswerInput, now: Date) => practice.recordPracticeAnswer(db, a, now)),
    recordDailyReview: run((r: DailyReviewInput, now: Date) => practice.recordDailyReview(db, r, now)),
    cards: run((teamId: string, userId: string) => practice.practiceCards(db, teamId, userId)),
    reviewsSince: run((teamId: string, userId: string, since: Date) => practice.reviewsSince(db, teamId, userId, since)),
    deleteHistory: run((teamId: string, userId: string) => practice.deletePracticeHistory(db, teamId, userId)),
  };
}
