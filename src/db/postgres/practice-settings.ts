/**
 * Practice settings, the daily reminder's once-a-day keys and away mode on PostgreSQL: the
 * statements of db/practice-settings.ts, same semantics. A read-modify-write of one person's
 * settings holds a transaction-scoped advisory lock of that person, so two at once never lose
 * one another's change (SQLite gets this from BEGIN IMMEDIATE).
 */
import { awayShifts } from '../../practice/away.ts';
import type { PracticeCard } from '../../practice/schedule.ts';
import {
  DEFAULT_PRACTICE_SETTINGS,
  type DueNudge,
  type NudgeClaim,
  type NudgeReschedule,
  type PracticeSettings,
  type PracticeStore,
} from '../../services/practice-store.ts';
import { iso, type SettingsRow, settingsValues, toSettings, upsertSettings } from '../practice-rows.ts';
import type { Sql } from './sql.ts';

async function settingsOf(sql: Sql, teamId: string, userId: string): Promise<PracticeSettings> {
  const r = await sql.query<SettingsRow>('SELECT * FROM practice_settings WHERE team_id = $1 AND user_id = $2', [teamId, userId]);
  return r.rows[0] ? toSettings(r.rows[0]) : { ...DEFAULT_PRACTICE_SETTINGS };
}

/**
 * Serialises one person's practice writes (their settings, the import of their daily answers, a
 * reset) until the transaction ends; the key is bound, never spliced.
 */
export async function lockPerson(tx: Sql, teamId: string, userId: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7318245007))', [`practice_settings:${teamId}:${userId}`]);
}

const UPSERT_SETTINGS = upsertSettings('postgres');

async function writeSettings(sql: Sql, teamId: string, userId: string, s: PracticeSettings, now: Date): Promise<void> {
  await sql.query(UPSERT_SETTINGS, settingsValues(teamId, userId, s, now));
}

async function reschedule(sql: Sql, teamId: string, userId: string, r: NudgeReschedule, now: Date): Promise<boolean> {
  const res = await sql.query(
    `UPDATE practice_settings SET next_nudge_at = $1, updated_at = $2
      WHERE team_id = $3 AND user_id = $4 AND next_nudge_at = $5`,
    [iso(r.next), now.toISOString(), teamId, userId, r.expected.toISOString()],
  );
  return res.rowCount === 1;
}

async function claim(tx: Sql, teamId: string, userId: string, day: string, now: Date, leaseMs: number): Promise<NudgeClaim> {
  // Insert, and let the (person, day) key decide; a failed send or a dead process's claim is taken over.
  const r = await tx.query<{ attempts: number }>(
    `INSERT INTO practice_nudges (team_id, user_id, local_day, state, attempts, claimed_at)
     VALUES ($1, $2, $3, 'claimed', 1, $4)
     ON CONFLICT (team_id, user_id, local_day) DO UPDATE SET
       state = 'claimed', attempts = practice_nudges.attempts + 1, claimed_at = excluded.claimed_at
     WHERE practice_nudges.state = 'failed' OR (practice_nudges.state = 'claimed' AND practice_nudges.claimed_at <= $5)
     RETURNING attempts`,
    [teamId, userId, day, now.toISOString(), new Date(now.getTime() - leaseMs).toISOString()],
  );
  const won = r.rows[0];
  if (won) return { kind: 'claimed', attempts: won.attempts };
  const existing = await tx.query<{ state: string }>(
    'SELECT state FROM practice_nudges WHERE team_id = $1 AND user_id = $2 AND local_day = $3',
    [teamId, userId, day],
  );
  return existing.rows[0]?.state === 'sent' ? { kind: 'sent' } : { kind: 'held' };
}

async function returnAway(
  tx: Sql,
  cards: (teamId: string, userId: string) => Promise<Map<string, PracticeCard>>,
  teamId: string,
  userId: string,
  returnedAt: Date,
): Promise<number> {
  await lockPerson(tx, teamId, userId);
  const s = await settingsOf(tx, teamId, userId);
  if (!s.awayFrom) return 0;
  const shifts = awayShifts(await cards(teamId, userId), s.awayFrom, returnedAt);
  for (const [questionId, due] of shifts) {
    await tx.query(
      'UPDATE practice_cards SET due = $1, updated_at = $2 WHERE team_id = $3 AND user_id = $4 AND question_id = $5',
      [due.toISOString(), returnedAt.toISOString(), teamId, userId, questionId],
    );
  }
  await writeSettings(tx, teamId, userId, { ...s, awayFrom: null, awayUntil: null }, returnedAt);
  return shifts.size;
}

type SettingsMethods = Pick<
  PracticeStore,
  'settings' | 'saveSettings' | 'dueNudges' | 'claimNudge' | 'finishNudge' | 'rescheduleNudge' | 'returnFromAway'
>;

/**
 * The settings and reminder half of the PostgreSQL practice store. `cards` reads a person's cards
 * on the connection it is given (the practice store's own reader), inside the away transaction.
 */
export function postgresPracticeSettings(
  sql: Sql,
  cardsOn: (sql: Sql) => (teamId: string, userId: string) => Promise<Map<string, PracticeCard>>,
): SettingsMethods {
  return {
    settings: (teamId, userId) => settingsOf(sql, teamId, userId),
    saveSettings: (teamId, userId, patch, now) =>
      sql.atomic(async (tx) => {
        await lockPerson(tx, teamId, userId);
        const merged = { ...(await settingsOf(tx, teamId, userId)), ...patch };
        await writeSettings(tx, teamId, userId, merged, now);
        return merged;
      }),
    async dueNudges(now, limit): Promise<DueNudge[]> {
      const r = await sql.query<SettingsRow>(
        `SELECT * FROM practice_settings WHERE next_nudge_at IS NOT NULL AND next_nudge_at <= $1
          ORDER BY next_nudge_at LIMIT $2`,
        [now.toISOString(), limit],
      );
      return r.rows.map((row) => ({
        teamId: row.team_id,
        userId: row.user_id,
        settings: { ...toSettings(row), nextNudgeAt: new Date(row.next_nudge_at ?? 0) },
      }));
    },
    claimNudge: (teamId, userId, day, now, leaseMs) => sql.atomic((tx) => claim(tx, teamId, userId, day, now, leaseMs)),
    finishNudge: (teamId, userId, day, outcome, r, now) =>
      sql.atomic(async (tx) => {
        await tx.query(
          `UPDATE practice_nudges SET state = $1, due_count = $2, sent_at = $3
            WHERE team_id = $4 AND user_id = $5 AND local_day = $6 AND state = 'claimed'`,
          [outcome.sent ? 'sent' : 'failed', outcome.dueCount, outcome.sent ? now.toISOString() : null, teamId, userId, day],
        );
        await reschedule(tx, teamId, userId, r, now);
      }),
    rescheduleNudge: (teamId, userId, r, now) => reschedule(sql, teamId, userId, r, now),
    returnFromAway: (teamId, userId, returnedAt) => sql.atomic((tx) => returnAway(tx, cardsOn(tx), teamId, userId, returnedAt)),
  };
}
