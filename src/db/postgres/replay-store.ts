/**
 * The replay guard shared through PostgreSQL: every instance behind the load balancer inserts the
 * signatures it admits into one table, and the primary key decides which request was first (the
 * table: migrations/postgres/007_count_claims.sql and 008_replay_claims.sql).
 *
 * The insert carries a random claim id, and counts as fresh when the row it finds is its own: so a
 * statement whose connection dropped after it was sent can be sent again (PoolSql retries it) and
 * still admits the first delivery once, and never a replay.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { ReplayStore } from '../../services/replay-store.ts';
import { PoolSql } from './sql.ts';

const FIRST_SEEN = `INSERT INTO replay_guard (signature, expires_at, claim) VALUES ($1, $2, $3)
  ON CONFLICT (signature) DO UPDATE SET claim = EXCLUDED.claim WHERE replay_guard.claim = EXCLUDED.claim
  RETURNING 1 AS fresh`;

/** Inserts `key` under `claim`: true when the row is new, or already this claim's own (a resent statement). */
export async function claimSignature(sql: PoolSql, key: string, expiresAt: Date, claim: string): Promise<boolean> {
  const r = await sql.query(FIRST_SEEN, [key, expiresAt.toISOString(), claim], true);
  return r.rowCount === 1;
}

export function postgresReplayStore(pool: pg.Pool): ReplayStore {
  const sql = new PoolSql(pool);
  return {
    firstSeen: (key, expiresAt) => claimSignature(sql, key, expiresAt, randomUUID()),
    async sweep(now) {
      const r = await sql.query('DELETE FROM replay_guard WHERE expires_at <= $1', [now.toISOString()], true);
      return r.rowCount;
    },
  };
}
