/**
 * Practice settings, the daily reminder's once-a-day keys and away mode on SQLite: SQL only. Which
 * cards an absence moves is the pure awayShifts, called inside the transaction that moves them.
 */
import type Database from 'better-sqlite3';
import { awayShifts } from '../practice/away.ts';
import {
  DEFAULT_PRACTICE_SETTINGS,
  type DueNudge,
  type NudgeClaim,
  type NudgeReschedule,
  type PracticeSettings,
} from '../services/practice-store.ts';
import type { Db } from './open.ts';
import { practiceCards } from './practice.ts';
import { iso, type SettingsRow, settingsValues, toSettings, upsertSettings } from './practice-rows.ts';
import { statement } from './statements.ts';

function settingsRow(db: Db, teamId: string, userId: string): SettingsRow | undefined {
  return statement(db, 'SELECT * FROM practice_settings WHERE team_id = ? AND user_id = ?').get(teamId, userId) as
    | SettingsRow
    | undefined;
}

export function practiceSettings(db: Db, teamId: string, userId: string): PracticeSettings {
  const row = settingsRow(db, teamId, userId);
  return row ? toSettings(row) : { ...DEFAULT_PRACTICE_SETTINGS };
}

const UPSERT_SETTINGS = upsertSettings('sqlite');

function writeSettings(db: Db, teamId: string, userId: string, s: PracticeSettings, now: Date): void {
  statement(db, UPSERT_SETTINGS).run(...settingsValues(teamId, userId, s, now));
}

function mergeSettings(db: Db, teamId: string, userId: string, patch: Partial<PracticeSettings>, now: Date) {
  const merged = { ...practiceSettings(db, teamId, userId), ...patch };
  writeSettings(db, teamId, userId, merged, now);
  return merged;
}

function reschedule(db: Db, teamId: string, userId: string, r: NudgeReschedule, now: Date): boolean {
  return (
    statement(
      db,
      `UPDATE practice_settings SET next_nudge_at = ?, updated_at = ?
        WHERE team_id = ? AND user_id = ? AND next_nudge_at = ?`,
    ).run(iso(r.next), now.toISOString(), teamId, userId, r.expected.toISOString()).changes === 1
  );
}

function claim(db: Db, teamId: string, userId: string, day: string, now: Date, leaseMs: number): NudgeClaim {
  const at = now.toISOString();
  // Insert, and let the (person, day) key decide; a failed send or a dead process's claim is taken over.
  const row = statement(
    db,
    `INSERT INTO practice_nudges (team_id, user_id, local_day, state, attempts, claimed_at)
     VALUES (?, ?, ?, 'claimed', 1, ?)
     ON CONFLICT (team_id, user_id, local_day) DO UPDATE SET
       state = 'claimed', attempts = practice_nudges.attempts + 1, claimed_at = excluded.claimed_at
     WHERE practice_nudges.state = 'failed' OR (practice_nudges.state = 'claimed' AND practice_nudges.claimed_at <= ?)
     RETURNING attempts`,
  ).get(teamId, userId, day, at, new Date(now.getTime() - leaseMs).toISOString()) as { attempts: number } | undefined;
  if (row) return { kind: 'claimed', attempts: row.attempts };
  const existing = statement(db, 'SELECT state FROM practice_nudges WHERE team_id = ? AND user_id = ? AND local_day = ?').get(
    teamId,
    userId,
    day,
  ) as { state: string } | undefined;
  return existing?.state === 'sent' ? { kind: 'sent' } : { kind: 'held' };
}

function finish(
  db: Db,
  teamId: string,
  userId: string,
  day: string,
  outcome: { sent: boolean; dueCount: number },
  r: NudgeReschedule,
  now: Date,
): void {
  statement(
    db,
    `UPDATE practice_nudges SET state = ?, due_count = ?, sent_at = ?
      WHERE team_id = ? AND user_id = ? AND local_day = ? AND state = 'claimed'`,
  ).run(outcome.sent ? 'sent' : 'failed', outcome.dueCount, outcome.sent ? now.toISOString() : null, teamId, userId, day);
  reschedule(db, teamId, userId, r, now);
}

function returnAway(db: Db, teamId: string, userId: string, returnedAt: Date): number {
  const s = practiceSettings(db, teamId, userId);
  if (!s.awayFrom) return 0;
  const shifts = awayShifts(practiceCards(db, teamId, userId), s.awayFrom, returnedAt);
  const move = statement(
    db,
    'UPDATE practice_cards SET due = ?, updated_at = ? WHERE team_id = ? AND user_id = ? AND question_id = ?',
  );
  for (const [questionId, due] of shifts) move.run(due.toISOString(), returnedAt.toISOString(), teamId, userId, questionId);
  writeSettings(db, teamId, userId, { ...s, awayFrom: null, awayUntil: null }, returnedAt);
  return shifts.size;
}

type Transactions = {
  save: Database.Transaction<typeof mergeSettings>;
  claim: Database.Transaction<typeof claim>;
  finish: Database.Transaction<typeof finish>;
  returnAway: Database.Transaction<typeof returnAway>;
};
const transactions = new WeakMap<Db, Transactions>();

function transactionsOf(db: Db): Transactions {
  let t = transactions.get(db);
  if (!t) {
    t = {
      save: db.transaction(mergeSettings),
      claim: db.transaction(claim),
      finish: db.transaction(finish),
      returnAway: db.transaction(returnAway),
    };
    transactions.set(db, t);
  }
  return t;
}

export function savePracticeSettings(
  db: Db,
  teamId: string,
  userId: string,
  patch: Partial<PracticeSettings>,
  now: Date,
): PracticeSettings {
  return transactionsOf(db).save.immediate(db, teamId, userId, patch, now);
}

export function dueNudges(db: Db, now: Date, limit: number): DueNudge[] {
  const rows = statement(
    db,
    `SELECT * FROM practice_settings WHERE next_nudge_at IS NOT NULL AND next_nudge_at <= ?
      ORDER BY next_nudge_at LIMIT ?`,
  ).all(now.toISOString(), limit) as SettingsRow[];
  return rows.map((r) => ({
    teamId: r.team_id,
    userId: r.user_id,
    settings: { ...toSettings(r), nextNudgeAt: new Date(r.next_nudge_at ?? 0) },
  }));
}

export function claimNudge(db: Db, teamId: string, userId: string, day: string, now: Date, leaseMs: number): NudgeClaim {
  return transactionsOf(db).claim.immediate(db, teamId, userId, day, now, leaseMs);
}

export function finishNudge(
  db: Db,
  teamId: string,
  userId: string,
  day: string,
  outcome: { sent: boolean; dueCount: number },
  r: NudgeReschedule,
  now: Date,
): void {
  transactionsOf(db).finish.immediate(db, teamId, userId, day, outcome, r, now);
}

export const rescheduleNudge = (db: Db, teamId: string, userId: string, r: NudgeReschedule, now: Date): boolean =>
  reschedule(db, teamId, userId, r, now);

export function returnFromAway(db: Db, teamId: string, userId: string, returnedAt: Date): number {
  return transactionsOf(db).returnAway.immediate(db, teamId, userId, returnedAt);
}
