import { afterEach, describe, expect, it } from 'vitest';
import { freshPostgresUrl } from '../../../test/support/postgres.ts';
import { createPool, PoolSql } from './sql.ts';

const pools: ReturnType<typeof createPool>[] = [];
afterEach(async () => {
  for (const p of pools.splice(0)) await p.end();
});

async function setup() {
  const url = await freshPostgresUrl('sql');
  const pool = createPool(url);
  const admin = createPool(url, 1);
  pools.push(pool, admin);
  await pool.query('CREATE TABLE clicks (id TEXT PRIMARY KEY)');
  return { sql: new PoolSql(pool), pool, admin };
}

/** Ends the server process behind a connection, as a server restart or a network cut does. */
const cut = async (admin: ReturnType<typeof createPool>, pid: number) => {
  await admin.query('SELECT pg_terminate_backend($1)', [pid]);
};

describe('PostgreSQL connection retries', () => {
  it('runs a transaction again on a new connection when its connection drops before COMMIT, and stores it once', async () => {
    const { sql, pool, admin } = await setup();
    let attempts = 0;
    const stored = await sql.atomic(async (tx) => {
      attempts++;
      await tx.query("INSERT INTO clicks (id) VALUES ('U0A') ON CONFLICT DO NOTHING");
      if (attempts === 1) {
        const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await cut(admin, rows[0]?.pid ?? 0);
      }
      return (await tx.query('SELECT id FROM clicks')).rows;
    });
    expect(attempts).toBe(2);
    expect(stored).toEqual([{ id: 'U0A' }]);
    expect((await pool.query('SELECT COUNT(*)::int AS n FROM clicks')).rows[0]).toEqual({ n: 1 });
  });

  it('retries a read whose pooled connection died; a statement error of its own is not retried', async () => {
    const { sql, admin } = await setup();
    const idle = await sql.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await cut(admin, idle.rows[0]?.pid ?? 0);
    // The pool's idle client died: a read is retried on a fresh one and answers.
    expect((await sql.query<{ ok: number }>('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    // A statement error is the statement's: it is not retried, whatever it is.
    await expect(sql.query("INSERT INTO nowhere VALUES ('x')")).rejects.toMatchObject({ code: '42P01' });
  });

  it('rolls a failed savepoint back alone: the rest of the transaction commits', async () => {
    const { sql, pool } = await setup();
    await sql.atomic(async (tx) => {
      await tx.query("INSERT INTO clicks (id) VALUES ('U0A')");
      await expect(tx.atomic((sp) => sp.query("INSERT INTO clicks (id) VALUES ('U0A')"))).rejects.toMatchObject({
        code: '23505',
      });
      await tx.atomic((sp) => sp.query("INSERT INTO clicks (id) VALUES ('U0B')"));
    });
    expect((await pool.query('SELECT id FROM clicks ORDER BY id')).rows).toEqual([{ id: 'U0A' }, { id: 'U0B' }]);
  });
});
