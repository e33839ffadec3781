/**
 * The replay guard shared through PostgreSQL: every instance behind the load balancer inserts the
 * signatures it admits into one table, and the primary key decides which request was first (the
 * table: migrations/postgres/007_count_claims.sql).
 */
import type pg from 'pg';
import type { ReplayStore } from '../../services/replay-store.ts';

export function postgresReplayStore(pool: pg.Pool): ReplayStore {
  return {
    async firstSeen(key, expiresAt) {
      const r = await pool.query(
        'INSERT INTO replay_guard (signature, expires_at) VALUES ($1, $2) ON CONFLICT (signature) DO NOTHING RETURNING 1 AS fresh',
        [key, expiresAt.toISOString()],
      );
      return r.rowCount === 1;
    },
    async sweep(now) {
      const r = await pool.query('DELETE FROM replay_guard WHERE expires_at <= $1', [now.toISOString()]);
      return r.rowCount ?? 0;
    },
  };
}
