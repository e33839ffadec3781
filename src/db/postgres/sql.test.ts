import { afterEach, describe, expect, it } from 'vitest';
import { freshPostgresUrl } from '../../../test/support/postgres.ts';
import { createPool, PoolSql, prepared } from './sql.ts';

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

describe('a transaction whose BEGIN and COMMIT go with its first and last statements', () => {
  it('commits with queryLast, sends no COMMIT of its own, and keeps its settings for the transaction only', async () => {
    // One connection, so the checks after the transaction run on the one it used.
    const url = await freshPostgresUrl('sqllast');
    const one = createPool(url, 1);
    pools.push(one);
    await one.query('CREATE TABLE clicks (id TEXT PRIMARY KEY)');
    const seen = await new PoolSql(one).atomic(
      async (tx) => {
        const inside = (await tx.query<{ s: string }>("SELECT current_setting('enable_seqscan') AS s")).rows[0]?.s;
        await tx.queryLast('INSERT INTO clicks (id) VALUES ($1)', ['U0L']);
        return inside;
      },
      ['SET LOCAL enable_seqscan = off'],
    );
    expect(seen).toBe('off');
    // Back in the pool outside any transaction (a statement of its own starts at now()), setting restored.
    const after = await one.query<{ s: string; own: boolean; n: number }>(
      "SELECT current_setting('enable_seqscan') AS s, now() = statement_timestamp() AS own, (SELECT COUNT(*)::int FROM clicks) AS n",
    );
    expect(after.rows[0]).toEqual({ s: 'on', own: true, n: 1 });
  });

  it('commits nothing when the last statement fails, and refuses a statement after it', async () => {
    const { sql, pool } = await setup();
    await pool.query("INSERT INTO clicks (id) VALUES ('U0DUP')");
    await expect(
      sql.atomic(async (tx) => {
        await tx.query("INSERT INTO clicks (id) VALUES ('U0NEW')");
        await tx.queryLast("INSERT INTO clicks (id) VALUES ('U0DUP')");
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect((await pool.query('SELECT id FROM clicks ORDER BY id')).rows).toEqual([{ id: 'U0DUP' }]);
    await expect(
      sql.atomic(async (tx) => {
        await tx.queryLast("INSERT INTO clicks (id) VALUES ('U0ONE')");
        await tx.query("INSERT INTO clicks (id) VALUES ('U0TWO')");
      }),
    ).rejects.toThrow(/after the last one of its transaction/);
    expect((await pool.query('SELECT id FROM clicks ORDER BY id')).rows).toEqual([{ id: 'U0DUP' }, { id: 'U0ONE' }]);
  });

  it('rolls back when its first statement fails, and the connection serves the next transaction', async () => {
    const url = await freshPostgresUrl('sqlone');
    const one = createPool(url, 1);
    pools.push(one);
    await one.query('CREATE TABLE clicks (id TEXT PRIMARY KEY)');
    const sql = new PoolSql(one);
    await expect(
      sql.atomic((tx) => tx.query('SELECT no_such_column FROM clicks'), ['SET LOCAL enable_seqscan = off']),
    ).rejects.toMatchObject({
      code: '42703',
    });
    const next = await sql.atomic(async (tx) => {
      await tx.queryLast("INSERT INTO clicks (id) VALUES ('U0N')");
      return 'stored';
    });
    expect(next).toBe('stored');
    expect((await one.query("SELECT current_setting('enable_seqscan') AS s, COUNT(*)::int AS n FROM clicks")).rows[0]).toEqual({
      s: 'on',
      n: 1,
    });
  });
});

describe('two statements in one round trip (queryThen)', () => {
  const READ = prepared('sql_test_then', 'SELECT id FROM clicks WHERE id = ANY($1::text[]) ORDER BY id');

  async function one(name: string) {
    const pool = createPool(await freshPostgresUrl(name), 1);
    pools.push(pool);
    await pool.query('CREATE TABLE clicks (id TEXT PRIMARY KEY)');
    await pool.query("INSERT INTO clicks (id) VALUES ('U0A'), ('U0B')");
    return { pool, sql: new PoolSql(pool) };
  }

  it('returns both results, with the values of each, and prepares the second statement once per connection', async () => {
    const { pool, sql } = await one('sqlthen');
    // The pool's one connection, its Parse messages counted.
    const client = await pool.connect();
    const wire = (client as unknown as { connection: { parse(m: { name?: string }): void } }).connection;
    const parse = wire.parse.bind(wire);
    const parsed: string[] = [];
    wire.parse = (m) => {
      if (m.name) parsed.push(m.name);
      parse(m);
    };
    client.release();
    for (let i = 0; i < 3; i++) {
      const [first, then] = await sql.atomic(
        (tx) => tx.queryThen<{ n: number }, { id: string }>('SELECT $1::int AS n', [i], READ, [['U0B', 'U0C']]),
        ['SET LOCAL enable_seqscan = off'],
      );
      expect(first.rows).toEqual([{ n: i }]);
      expect(then.rows).toEqual([{ id: 'U0B' }]);
    }
    expect(parsed).toEqual(['sql_test_then']);
    const names = await pool.query('SELECT name FROM pg_prepared_statements');
    expect(names.rows).toEqual([{ name: 'sql_test_then' }]);
    await expect(sql.queryThen('SELECT 1', [], READ, [[]])).rejects.toThrow(/inside a transaction only/);
  });

  it('leaves the connection usable after a failure before or in the second statement, which is prepared again', async () => {
    const { sql } = await one('sqlthenfail');
    // The first statement fails after the second one's Parse ran: the next run parses it again.
    await expect(sql.atomic((tx) => tx.queryThen('SELECT 1 / $1::int AS n', [0], READ, [['U0A']]))).rejects.toMatchObject({
      code: '22012',
    });
    const [, read] = await sql.atomic((tx) => tx.queryThen('SELECT 2 AS n', [], READ, [['U0A']]));
    expect(read.rows).toEqual([{ id: 'U0A' }]);
    // The second statement fails on its value, then runs with another.
    const DIVIDE = prepared('sql_test_divide', 'SELECT 10 / $1::int AS n');
    await expect(sql.atomic((tx) => tx.queryThen('SELECT 3 AS n', [], DIVIDE, [0]))).rejects.toMatchObject({ code: '22012' });
    const [, divided] = await sql.atomic((tx) => tx.queryThen('SELECT 4 AS n', [], DIVIDE, [5]));
    expect(divided.rows).toEqual([{ n: 2 }]);
  });
});
