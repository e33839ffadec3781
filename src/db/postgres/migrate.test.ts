import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freshPostgresUrl } from '../../../test/support/postgres.ts';
import { readMigrations } from '../migrate.ts';
import { migratePostgres, POSTGRES_MIGRATIONS_DIR } from './migrate.ts';
import { openPostgres } from './open.ts';
import { createPool } from './sql.ts';

describe('PostgreSQL migrations', () => {
  it('applies each migration once when several processes start at once on a fresh database', async () => {
    const url = await freshPostgresUrl('migrate');
    const migrations = readMigrations(POSTGRES_MIGRATIONS_DIR);
    expect(migrations.length).toBeGreaterThan(0);
    // Separate pools stand for separate processes: each has its own connections and its own lock attempt.
    const pools = Array.from({ length: 5 }, () => createPool(url, 2));
    try {
      const ran = await Promise.all(pools.map((p) => migratePostgres(p, migrations)));
      expect(ran.flat().sort()).toEqual(migrations.map((m) => m.version));
      expect(ran.filter((r) => r.length > 0)).toHaveLength(1);
      const { rows } = await (pools[0] as pg.Pool).query('SELECT version, name FROM schema_migrations ORDER BY version');
      expect(rows).toEqual(migrations.map((m) => ({ version: m.version, name: m.name })));
      // And again later: nothing left to do.
      expect(await migratePostgres(pools[1] as pg.Pool, migrations)).toEqual([]);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it('refuses a database written by a newer version of the app', async () => {
    const url = await freshPostgresUrl('newer');
    const pool = await openPostgres(url);
    await pool.query("INSERT INTO schema_migrations VALUES (999, '999_from_the_future', '2030-01-01')");
    await pool.end();
    await expect(openPostgres(url)).rejects.toMatchObject({
      code: 'db_newer',
      message: expect.stringMatching(/newer version of this app \(unknown migration 999_from_the_future\)/),
    });
  });

  it('says in one sentence that the server cannot be reached, without the password', async () => {
    const url = 'postgres://tutor:s3cret-pw@127.0.0.1:1/tutor';
    const err = await openPostgres(url).catch((e: Error & { code?: string }) => e);
    expect(err).toMatchObject({ code: 'db_unreachable' });
    expect((err as Error).message).toMatch(/^Cannot reach PostgreSQL at postgres:\/\/tutor:\*\*\*@127\.0\.0\.1:1\/tutor /);
    expect((err as Error).message).not.toContain('s3cret-pw');
  });

  it('names a wrong password as such', async () => {
    const good = new URL(await freshPostgresUrl('auth'));
    good.password = 'not-the-password';
    const err = await openPostgres(good.toString()).catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'db_auth_failed' });
    expect((err as Error).message).not.toContain('not-the-password');
  });
});
