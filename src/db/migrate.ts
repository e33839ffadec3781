import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatabaseError } from '../errors.ts';
import { type Db, storageError } from './open.ts';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({
      version: Number(f.slice(0, 3)),
      name: f.replace(/\.sql$/, ''),
      sql: fs.readFileSync(path.join(dir, f), 'utf8'),
    }));
}

/**
 * Applies pending migrations in order, each in its own transaction, and records them.
 * A database that has a migration this build does not know came from a newer version: refuse it
 * rather than run code against a schema it does not understand.
 */
export function migrate(db: Db, migrations = readMigrations()): number[] {
  try {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  } catch (err) {
    throw storageError(db.name, err);
  }
  const applied = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as {
    version: number;
    name: string;
  }[];
  const known = new Set(migrations.map((m) => m.version));
  const unknown = applied.filter((a) => !known.has(a.version));
  if (unknown.length > 0) {
    throw new DatabaseError(
      'db_newer',
      `The database ${db.name} was written by a newer version of this app (unknown migration ${unknown
        .map((u) => u.name)
        .join(', ')}). Upgrade the app, or point DATABASE_PATH at another file.`,
    );
  }
  const done = new Set(applied.map((a) => a.version));
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
  const ran: number[] = [];
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    try {
      // IMMEDIATE, and checked again inside: another process starting on the same file at the same
      // moment may have applied this one since the list above was read; it waits for the lock, then skips.
      const applies = db.transaction(() => {
        if (isApplied.get(m.version)) return false;
        db.exec(m.sql);
        record.run(m.version, m.name, new Date().toISOString());
        return true;
      });
      if (!applies.immediate()) continue;
    } catch (err) {
      if (err instanceof DatabaseError) throw err;
      const wrapped = storageError(db.name, err);
      if (wrapped.code !== 'db_open_failed') throw wrapped;
      throw new DatabaseError('db_migration_failed', `Migration ${m.name} failed: ${(err as Error).message}`);
    }
    ran.push(m.version);
  }
  return ran;
}
