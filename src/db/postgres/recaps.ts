/**
 * The weekly recap on PostgreSQL: the statements of db/recaps.ts, same semantics. A claim is one
 * transaction: insert and the key decides, then the lease, taken only from a pending recap no one
 * holds (a concurrent claimer waits on the row and then finds the lease taken).
 */
import type { RecapAnswer } from '../../recap/stats.ts';
import type { RecapClaim, RecapKey, RecapStore } from '../../services/recap-store.ts';
import type { Sql } from './sql.ts';

const WHERE_KEY = 'team_id = $1 AND channel_id = $2 AND week = $3';
const keyOf = (k: RecapKey) => [k.teamId, k.channelId, k.week] as const;

async function isEnabled(sql: Sql, teamId: string, channelId: string): Promise<boolean> {
  const r = await sql.query<{ enabled: number }>('SELECT enabled FROM recap_settings WHERE team_id = $1 AND channel_id = $2', [
    teamId,
    channelId,
  ]);
  const row = r.rows[0];
  return row === undefined || row.enabled === 1;
}

async function claim(tx: Sql, key: RecapKey, now: Date, leaseUntil: Date): Promise<RecapClaim> {
  if (!(await isEnabled(tx, key.teamId, key.channelId))) return { kind: 'off' };
  await tx.query(
    `INSERT INTO recaps (team_id, channel_id, week, state, created_at) VALUES ($1, $2, $3, 'pending', $4)
     ON CONFLICT (team_id, channel_id, week) DO NOTHING`,
    [...keyOf(key), now.toISOString()],
  );
  const leased = await tx.query<{ attempts: number }>(
    `UPDATE recaps SET lease_until = $4, attempts = attempts + 1
     WHERE ${WHERE_KEY} AND state = 'pending' AND (lease_until IS NULL OR lease_until <= $5)
     RETURNING attempts`,
    [...keyOf(key), leaseUntil.toISOString(), now.toISOString()],
  );
  const won = leased.rows[0];
  if (won) return { kind: 'claimed', attempts: won.attempts };
  const row = (await tx.query<{ state: string }>(`SELECT state FROM recaps WHERE ${WHERE_KEY}`, keyOf(key))).rows[0];
  return row?.state === 'posted' || row?.state === 'skipped' ? { kind: 'done', state: row.state } : { kind: 'busy' };
}

interface AnswerRow {
  userId: string;
  postId: number;
  seq: number | null;
  topic: string;
  isCorrect: number;
  answeredAt: string;
}

async function answersBefore(sql: Sql, teamId: string, channelId: string, until: Date): Promise<RecapAnswer[]> {
  const r = await sql.query<AnswerRow>(
    `SELECT a.user_id AS "userId", a.post_id AS "postId", p.seq AS seq, p.topic AS topic,
            a.is_correct AS "isCorrect", a.answered_at AS "answeredAt"
     FROM answers a JOIN posts p ON p.id = a.post_id
     WHERE a.team_id = $1 AND p.team_id = $1 AND p.channel_id = $2 AND a.answered_at < $3
     ORDER BY a.answered_at, a.post_id, a.user_id`,
    [teamId, channelId, until.toISOString()],
  );
  return r.rows.map((row) => ({ ...row, isCorrect: row.isCorrect === 1 }));
}

export function postgresRecapStore(sql: Sql): RecapStore {
  return {
    claim: (key, now, leaseUntil) => sql.atomic((tx) => claim(tx, key, now, leaseUntil)),
    async markPosted(key, fileId, now) {
      await sql.query(
        `UPDATE recaps SET state = 'posted', file_id = $4, posted_at = $5, lease_until = NULL, last_error = NULL
         WHERE ${WHERE_KEY} AND state = 'pending'`,
        [...keyOf(key), fileId, now.toISOString()],
      );
    },
    async markSkipped(key, reason, now) {
      await sql.query(
        `UPDATE recaps SET state = 'skipped', last_error = $4, posted_at = $5, lease_until = NULL
         WHERE ${WHERE_KEY} AND state = 'pending'`,
        [...keyOf(key), reason, now.toISOString()],
      );
    },
    async recordFailure(key, error, retryAt) {
      await sql.query(`UPDATE recaps SET last_error = $4, lease_until = $5 WHERE ${WHERE_KEY} AND state = 'pending'`, [
        ...keyOf(key),
        error,
        retryAt.toISOString(),
      ]);
    },
    answersBefore: (teamId, channelId, until) => answersBefore(sql, teamId, channelId, until),
    isEnabled: (teamId, channelId) => isEnabled(sql, teamId, channelId),
    async setEnabled(teamId, channelId, enabled, userId, now) {
      await sql.query(
        `INSERT INTO recap_settings (team_id, channel_id, enabled, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (team_id, channel_id) DO UPDATE SET
           enabled = excluded.enabled, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
        [teamId, channelId, enabled ? 1 : 0, userId, now.toISOString()],
      );
    },
  };
}
