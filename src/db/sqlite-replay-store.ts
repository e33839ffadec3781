/**
 * The replay guard shared through a SQLite file, for several processes on one host sharing one
 * database (REPLAY_GUARD=database). Each call passes the connection's gate, so a signature is never
 * written inside (and rolled back with) another caller's transaction.
 */
import type { ReplayStore } from '../services/replay-store.ts';
import { gateOf } from './gate.ts';
import type { Db } from './open.ts';
import { statement } from './statements.ts';

export function sqliteReplayStore(db: Db): ReplayStore {
  const gate = gateOf(db);
  return {
    firstSeen: gate.wrap(
      (key: string, expiresAt: Date) =>
        statement(
          db,
          'INSERT INTO replay_guard (signature, expires_at) VALUES (?, ?) ON CONFLICT (signature) DO NOTHING RETURNING 1 AS fresh',
        ).get(key, expiresAt.toISOString()) !== undefined,
    ),
    sweep: gate.wrap(
      (now: Date) => statement(db, 'DELETE FROM replay_guard WHERE expires_at <= ?').run(now.toISOString()).changes,
    ),
  };
}
