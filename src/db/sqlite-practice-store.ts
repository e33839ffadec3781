import type { DailyReviewInput, NewPracticeSession, PracticeAnswerInput, PracticeStore } from '../services/practice-store.ts';
import { gateOf } from './gate.ts';
import type { Db } from './open.ts';
import * as practice from './practice.ts';

/**
 * The SQLite practice store. better-sqlite3 is synchronous, so each call is one transaction done
 * at once; it passes the connection's gate (gate.ts), so it never joins a transaction of
 * sqliteStores that is open across an await.
 */
export function sqlitePracticeStore(db: Db): PracticeStore {
  const run = gateOf(db).wrap;
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
    importDailyReviews: run((teamId: string, userId: string) => practice.importDailyReviews(db, teamId, userId)),
    cards: run((teamId: string, userId: string) => practice.practiceCards(db, teamId, userId)),
    reviewsSince: run((teamId: string, userId: string, since: Date) => practice.reviewsSince(db, teamId, userId, since)),
    deleteHistory: run((teamId: string, userId: string) => practice.deletePracticeHistory(db, teamId, userId)),
  };
}
