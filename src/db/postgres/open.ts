/** Opens the PostgreSQL database of DATABASE_URL: a pool, connected once and migrated, or one clear sentence why not. */
import type pg from 'pg';
import { DatabaseError } from '../../errors.ts';
import { migratePostgres } from './migrate.ts';
import { createPool, isConnectionError } from './sql.ts';

/** The URL with its password replaced, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'DATABASE_URL (not a valid URL)';
  }
}

export async function openPostgres(url: string): Promise<pg.Pool> {
  const pool = createPool(url);
  try {
    await migratePostgres(pool);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw postgresError(url, err);
  }
  return pool;
}

function postgresError(url: string, err: unknown): DatabaseError {
  if (err instanceof DatabaseError) return err;
  const where = redactUrl(url);
  const e = err as { code?: string; message?: string };
  // pg quotes nothing secret in its messages, but a password may be in a message of a URL parser.
  const message = (e.message ?? String(err)).split(url).join(where);
  if (e.code === '28P01' || e.code === '28000') {
    return new DatabaseError(
      'db_auth_failed',
      `PostgreSQL at ${where} refused the user name or password (${message}). Check DATABASE_URL.`,
    );
  }
  if (e.code === '3D000') {
    return new DatabaseError(
      'db_not_found',
      `The database named in DATABASE_URL does not exist on ${where} (${message}). Create it first.`,
    );
  }
  if (isConnectionError(err)) {
    return new DatabaseError(
      'db_unreachable',
      `Cannot reach PostgreSQL at ${where} (${message}). Check DATABASE_URL and that the server is running and accepts connections.`,
    );
  }
  return new DatabaseError('db_open_failed', `Cannot open the PostgreSQL database at ${where}: ${message}`);
}
