/**
 * The replay guard shared through PostgreSQL: every instance behind the load balancer inserts the
 * signatures it admits into one table, and the primary key decides which request was first (the
 * table: migrations/postgres/007_count_claims.sql and 008_replay_claims.sql).
 *
 * The signatures that arrive in one turn are claimed in one statement (services/turn-groups.ts), so
 * a burst of clicks costs one round trip for the guard, not one per request. Each insert carries a
 * random claim id and counts as fresh when the row it finds is its own: a statement whose connection
 * dropped after it was sent can be sent again (PoolSql retries it) and still admits the first
 * delivery once, and never a replay.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { ReplayStore } from '../../services/replay-store.ts';
import { type Settled, TurnGroups } from '../../services/turn-groups.ts';
import { PoolSql, prepared } from './sql.ts';

const CLAIM = prepared(
  'replay_claim',
  `INSERT INTO replay_guard (signature, expires_at, claim) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
  ON CONFLICT (signature) DO UPDATE SET claim = EXCLUDED.claim WHERE replay_guard.claim = EXCLUDED.claim
  RETURNING signature`,
);

/** Inserts each signature under its claim; the signatures that are new, or already that claim's own (a resent statement). */
export async function claimSignatures(
  sql: PoolSql,
  entries: readonly { key: string; expiresAt: Date; claim: string }[],
): Promise<Set<string>> {
  const r = await sql.query<{ signature: string }>(
    CLAIM,
    [entries.map((e) => e.key), entries.map((e) => e.expiresAt.toISOString()), entries.map((e) => e.claim)],
    true,
  );
  return new Set(r.rows.map((row) => row.signature));
}

/** One statement for a group; a signature offered twice in it is fresh for its first offer only. */
async function claimGroup(sql: PoolSql, offers: { key: string; expiresAt: Date }[]): Promise<Settled<boolean>[]> {
  const first = new Map<string, { key: string; expiresAt: Date; claim: string }>();
  for (const o of offers) if (!first.has(o.key)) first.set(o.key, { ...o, claim: randomUUID() });
  const fresh = await claimSignatures(sql, [...first.values()]);
  const seen = new Set<string>();
  return offers.map((o) => {
    const isFirst = !seen.has(o.key);
    seen.add(o.key);
    return { ok: true, value: isFirst && fresh.has(o.key) };
  });
}

export function postgresReplayStore(pool: pg.Pool): ReplayStore {
  const sql = new PoolSql(pool);
  const groups = new TurnGroups((offers: { key: string; expiresAt: Date }[]) => claimGroup(sql, offers), 500);
  return {
    firstSeen: (key, expiresAt) => groups.add({ key, expiresAt }),
    async sweep(now) {
      const r = await sql.query('DELETE FROM replay_guard WHERE expires_at <= $1', [now.toISOString()], true);
      return r.rowCount;
    },
  };
}
