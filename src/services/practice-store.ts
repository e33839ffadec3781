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

export interface PracticeHistoryDeleted {
  cards: number;
  reviews: number;
  sessions: number;
}

/** A person's practice settings; null means the default (and, for the reminder, off). */
export interface PracticeSettings {
  /** The daily reminder's local wall-clock time, "HH:MM"; null: no reminder. */
  remindAt: string | null;
  /** The person's IANA zone from users.info, as last read. */
  timezone: string | null;
  /** When the scheduler looks at this person's reminder next; null: never. */
  nextNudgeAt: Date | null;
  /** Away mode: since when, and until when. */
  awayFrom: Date | null;
  awayUntil: Date | null;
  sessionSize: number | null;
  dailyReviewCap: number | null;
}

export const DEFAULT_PRACTICE_SETTINGS: PracticeSettings = {
  remindAt: null,
  timezone: null,
  nextNudgeAt: null,
  awayFrom: null,
  awayUntil: null,
  sessionSize: null,
  dailyReviewCap: null,
};

export interface DueNudge {
  teamId: string;
  userId: string;
  settings: PracticeSettings & { nextNudgeAt: Date };
}

/**
 * The answer to claiming a person's reminder for a local day: `claimed` (send it; `attempts`
 * counts this one), `sent` (done for that day already) or `held` (another tick or instance holds a
 * live claim on it).
 */
export type NudgeClaim = { kind: 'claimed'; attempts: number } | { kind: 'sent' } | { kind: 'held' };

/** Moves `next_nudge_at` from `expected` to `next`, only if nobody changed it meanwhile. */
export interface NudgeReschedule {
  expected: Date;
  next: Date | null;
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
  /** Turns the person's daily answers that are not reviews yet into reviews, once each; returns how many. */
  importDailyReviews(teamId: string, userId: string): Promise<number>;
  /** A person's cards by question id. */
  cards(teamId: string, userId: string): Promise<Map<string, PracticeCard>>;
  /** Reviews (practice and daily) a person made at or after `since`. */
  reviewsSince(teamId: string, userId: string, since: Date): Promise<number>;
  /**
   * Deletes a person's cards, reviews and sessions in one transaction, and notes when (`now`): their
   * daily answers given before it are never made into reviews again.
   */
  deleteHistory(teamId: string, userId: string, now: Date): Promise<PracticeHistoryDeleted>;
  /** The person's settings (the defaults when they never changed one). */
  settings(teamId: string, userId: string): Promise<PracticeSettings>;
  /** Changes the given settings, leaving the others as they are; returns them all. */
  saveSettings(teamId: string, userId: string, patch: Partial<PracticeSettings>, now: Date): Promise<PracticeSettings>;
  /** People whose reminder is due (next_nudge_at <= now), the longest waiting first, at most `limit`. */
  dueNudges(now: Date, limit: number): Promise<DueNudge[]>;
  /**
   * Claims the person's reminder of one local day before Slack is called: a new key, a key whose
   * last send failed, or a claim older than `leaseMs` (its process died) is `claimed`.
   */
  claimNudge(teamId: string, userId: string, day: string, now: Date, leaseMs: number): Promise<NudgeClaim>;
  /** Records how the claimed send went and moves the next look, in one transaction. */
  finishNudge(
    teamId: string,
    userId: string,
    day: string,
    outcome: { sent: boolean; dueCount: number },
    reschedule: NudgeReschedule,
    now: Date,
  ): Promise<void>;
  /** Moves the next look at a reminder (nothing due, the day is over, away); false when it had changed. */
  rescheduleNudge(teamId: string, userId: string, reschedule: NudgeReschedule, now: Date): Promise<boolean>;
  /**
   * Ends away mode as of `returnedAt`: the cards that fell due during the absence move on by its
   * length (awayShifts, practice/away.ts) and the away window is cleared, in one transaction.
   * Returns how many cards moved; 0 when the person was not away.
   */
  returnFromAway(teamId: string, userId: string, returnedAt: Date): Promise<number>;
}
