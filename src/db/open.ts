import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DatabaseError } from '../errors.ts';

export type Db = Database.Database;

/** Opens the database with the pragmas every connection needs, or explains why it cannot. */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') {
    const dir = path.dirname(path.resolve(file));
    try {
      fs.mkdirSync(dir, { recursive: true });
    } catch (err) {
      throw storageError(file, err);
    }
  }
  let db: Db;
  try {
    db = new Database(file);
  } catch (err) {
    throw storageError(file, err);
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`integrity check failed: ${String(check)}`);
  } catch (err) {
    db.close();
    throw storageError(file, err);
  }
  return db;
}

function storageError(file: string, err: unknown): DatabaseError {
  const code = (err as { code?: string }).code ?? '';
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || /not a database|malformed|integrity/i.test(message)) {
    return new DatabaseError(
      'db_corrupt',
      `The database file ${file} is damaged or is not a SQLite database (${message}). Restore it from a backup, or move it aside to start fresh.`,
    );
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || /disk is full|no space/i.test(message)) {
    return new DatabaseError('db_full', `The disk holding ${file} is full. Free some space and start again.`);
  }
  if (
    code === 'SQLITE_READONLY' ||
    code === 'SQLITE_CANTOPEN' ||
    code === 'EACCES' ||
    code === 'EROFS' ||
    code === 'EPERM' ||
    code === 'ENOTDIR' ||
    /readonly|read-only|unable to open|permission/i.test(message)
  ) {
    return new DatabaseError(
      'db_unwritable',
      `Cannot open ${file} for writing (${message}). Check DATABASE_PATH and that its folder exists and is writable.`,
    );
  }
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO' || code === 'EFBIG' || /disk I\/O error/i.test(message)) {
    // A file-size limit, a failing disk or a device that is not a file (DATABASE_PATH=/dev/null).
    return new DatabaseError(
      'db_io',
      `Cannot read or write the database ${file} (${message}). The disk may be full, read-only or failing, or the path is not a regular file; check DATABASE_PATH and free space, then start again.`,
    );
  }
  return new DatabaseError('db_open_failed', `Cannot open the database ${file}: ${message}`);
}

export { storageError };
