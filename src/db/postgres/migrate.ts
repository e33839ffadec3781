import path from 'node:path';
import type pg from 'pg';
import { DatabaseError } from '../../errors.ts';
import { MIGRATIONS_DIR, type Migration, readMigrations } from '../migrate.ts';

export const POSTGRES_MIGRATIONS_DIR = path.join(MIGRATIONS_DIR, 'postgres');

/** The advisory lock key that serialises migrators: any fixed 64-bit number, the same in every process. */
const MIGRATION_LOCK = 7_318_245_001;

/**
 * Applies pending PostgreSQL migrations in order, each in its own transaction, under an advisory
 * lock: several processes starting at once wait for one another, and the later ones find nothing
 * left to do. A database with a migration this build does not know is refused, as on SQLite.
 */
export async function migratePostgres(
  pool: pg.Pool,
  migrations: Migration[] = readMigrations(POSTGRES_MIGRATIONS_DIR),
): Promise<number[]> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      return await applyPending(client, migrations);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch((err: Error) => {
        broken = err;
      });
    }
  } finally {
    client.release(broken);
  }
}

async function applyPending(client: pg.PoolClient, migrations: Migration[]): Promise<number[]> {
  await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = (
    await client.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version')
  ).rows;
  const known = new Set(migrations.map((m) => m.version));
  const unknown = applied.filter((a) => !known.has(a.version));
  if (unknown.length > 0) {
    throw new DatabaseError(
      'db_newer',
      `The PostgreSQL database was written by a newer version of this app (unknown migration ${unknown
        .map((u) => u.name)
        .join(', ')}). Upgrade the app, or point DATABASE_URL at another database.`,
    );
  }
  const done = new Set(applied.map((a) => a.version));
  const ran: number[] = [];
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    try {
      await client.query('BEGIN');
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        new Date().toISOString(),
      ]);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw new DatabaseError('db_migration_failed', `Migration postgres/${m.name} failed: ${(err as Error).message}`);
    }
    ran.push(m.version);
  }
  return ran;
}
