import type { RecapAnswer } from '../recap/stats.ts';
import type { RecapClaim, RecapKey } from '../services/recap-store.ts';
import type { Db } from './open.ts';
import { statement } from './statements.ts';

const WHERE_KEY = 'team_id = ? AND channel_id = ? AND week = ?';
const keyOf = (k: RecapKey) => [k.teamId, k.channelId, k.week] as const;

export function isRecapEnabled(db: Db, teamId: string, channelId: string): boolean {
  const r = statement(db, 'SELECT enabled FROM recap_settings WHERE team_id = ? AND channel_id = ?').get(teamId, channelId) as
    | { enabled: number }
    | undefined;
  return r === undefined || r.enabled === 1;
}

export function setRecapEnabled(db: Db, teamId: string, channelId: string, enabled: boolean, userId: string, now: Date): void {
  db.prepare(
    `INSERT INTO recap_settings (team_id, channel_id, enabled, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (team_id, channel_id) DO UPDATE SET
       enabled = excluded.enabled, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
  ).run(teamId, channelId, enabled ? 1 : 0, userId, now.toISOString());
}

/** Insert, and the key decides; then the lease, taken only from a pending recap no one holds. */
export function claimRecap(db: Db, key: RecapKey, now: Date, leaseUntil: Date): RecapClaim {
  return db.transaction((): RecapClaim => {
    if (!isRecapEnabled(db, key.teamId, key.channelId)) return { kind: 'off' };
    statement(
      db,
      `INSERT INTO recaps (team_id, channel_id, week, state, created_at) VALUES (?, ?, ?, 'pending', ?)
       ON CONFLICT (team_id, channel_id, week) DO NOTHING`,
    ).run(...keyOf(key), now.toISOString());
    const leased = statement(
      db,
      `UPDATE recaps SET lease_until = ?, attempts = attempts + 1
       WHERE ${WHERE_KEY} AND state = 'pending' AND (lease_until IS NULL OR lease_until <= ?)
       RETURNING attempts`,
    ).get(leaseUntil.toISOString(), ...keyOf(key), now.toISOString()) as { attempts: number } | undefined;
    if (leased) return { kind: 'claimed', attempts: leased.attempts };
    const row = statement(db, `SELECT state FROM recaps WHERE ${WHERE_KEY}`).get(...keyOf(key)) as { state: string };
    return row.state === 'posted' || row.state === 'skipped' ? { kind: 'done', state: row.state } : { kind: 'busy' };
  })();
}

export function markRecapPosted(db: Db, key: RecapKey, fileId: string | null, now: Date): void {
  db.prepare(
    `UPDATE recaps SET state = 'posted', file_id = ?, posted_at = ?, lease_until = NULL, last_error = NULL
     WHERE ${WHERE_KEY} AND state = 'pending'`,
  ).run(fileId, now.toISOString(), ...keyOf(key));
}

export function markRecapSkipped(db: Db, key: RecapKey, reason: string, now: Date): void {
  db.prepare(
    `UPDATE recaps SET state = 'skipped', last_error = ?, posted_at = ?, lease_until = NULL
     WHERE ${WHERE_KEY} AND state = 'pending'`,
  ).run(reason, now.toISOString(), ...keyOf(key));
}

export function recordRecapFailure(db: Db, key: RecapKey, error: string, retryAt: Date): void {
  db.prepare(`UPDATE recaps SET last_error = ?, lease_until = ? WHERE ${WHERE_KEY} AND state = 'pending'`).run(
    error,
    retryAt.toISOString(),
    ...keyOf(key),
  );
}

interface AnswerRow {
  userId: string;
  postId: number;
  seq: number | null;
  topic: string;
  isCorrect: number;
  answeredAt: string;
}

export function answersBefore(db: Db, teamId: string, channelId: string, until: Date): RecapAnswer[] {
  const rows = db
    .prepare(
      `SELECT a.user_id AS userId, a.post_id AS postId, p.seq AS seq, p.topic AS topic,
              a.is_correct AS isCorrect, a.answered_at AS answeredAt
       FROM answers a JOIN posts p ON p.id = a.post_id
       WHERE a.team_id = ? AND p.team_id = ? AND p.channel_id = ? AND a.answered_at < ?
       ORDER BY a.answered_at, a.post_id, a.user_id`,
    )
    .all(teamId, teamId, channelId, until.toISOString()) as AnswerRow[];
  return rows.map((r) => ({ ...r, isCorrect: r.isCorrect === 1 }));
}
