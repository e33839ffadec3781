import type {
  NewPracticeSession,
  NudgeReschedule,
  PracticeAnswerInput,
  PracticeSettings,
  PracticeStore,
} from '../services/practice-store.ts';
import { gateOf } from './gate.ts';
import type { Db } from './open.ts';
import * as practice from './practice.ts';
import * as settings from './practice-settings.ts';

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
    importDailyReviews: run((teamId: string, userId: string) => practice.importDailyReviews(db, teamId, userId)),
    cards: run((teamId: string, userId: string) => practice.practiceCards(db, teamId, userId)),
    reviewsSince: run((teamId: string, userId: string, since: Date) => practice.reviewsSince(db, teamId, userId, since)),
    deleteHistory: run((teamId: string, userId: string, now: Date) => practice.deletePracticeHistory(db, teamId, userId, now)),
    settings: run((teamId: string, userId: string) => settings.practiceSettings(db, teamId, userId)),
    saveSettings: run((teamId: string, userId: string, patch: Partial<PracticeSettings>, now: Date) =>
      settings.savePracticeSettings(db, teamId, userId, patch, now),
    ),
    dueNudges: run((now: Date, limit: number) => settings.dueNudges(db, now, limit)),
    claimNudge: run((teamId: string, userId: string, day: string, now: Date, leaseMs: number) =>
      settings.claimNudge(db, teamId, userId, day, now, leaseMs),
    ),
    finishNudge: run(
      (
        teamId: string,
        userId: string,
        day: string,
        outcome: { sent: boolean; dueCount: number },
        r: NudgeReschedule,
        now: Date,
      ) => settings.finishNudge(db, teamId, userId, day, outcome, r, now),
    ),
    rescheduleNudge: run((teamId: string, userId: string, r: NudgeReschedule, now: Date) =>
      settings.rescheduleNudge(db, teamId, userId, r, now),
    ),
    returnFromAway: run((teamId: string, userId: string, returnedAt: Date) =>
      settings.returnFromAway(db, teamId, userId, returnedAt),
    ),
  };
}
