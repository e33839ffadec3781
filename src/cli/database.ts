/**
 * The database the operator commands (stats, export, forget) read: `--db <file>`, else
 * DATABASE_PATH (from the environment or .env, as `npm start` reads it), else ./data/tutor.db.
 * A file that does not exist is an error: these commands never create an empty database.
 */
import fs from 'node:fs';
import { migrate } from '../db/migrate.ts';
import { type Db, openDatabase } from '../db/open.ts';
import { openStorage, type Storage, sqliteStorage } from '../runtime/storage.ts';

export const DEFAULT_DATABASE_PATH = './data/tutor.db';

/** What a command writes to: stdout for results, stderr for messages; tests pass their own. */
export interface CliIo {
  /** Settles once the text is handed to the OS: cli.ts exits right after, and a pipe would lose the rest. */
  out(text: string): Promise<void> | void;
  err(text: string): void;
  env: Record<string, string | undefined>;
}

const line = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);

export const processIo: CliIo = {
  out: (text) =>
    new Promise<void>((resolve, reject) => process.stdout.write(line(text), (err) => (err ? reject(err) : resolve()))),
  err: (text) => void process.stderr.write(line(text)),
  env: process.env,
};

export function databasePathOf(flag: string | undefined, env: CliIo['env']): string {
  if (flag) return flag;
  if (env.DATABASE_PATH) return env.DATABASE_PATH;
  if (env === process.env && fs.existsSync('.env')) process.loadEnvFile('.env');
  return env.DATABASE_PATH || DEFAULT_DATABASE_PATH;
}

/** The app's database, migrated to this build's schema; undefined (with the reason on stderr) when there is none. */
export function openExistingDatabase(file: string, io: CliIo): Db | undefined {
  if (file !== ':memory:' && !fs.existsSync(file)) {
    io.err(`No database at ${file}. Give --db <file> or set DATABASE_PATH to the app's database.`);
    return undefined;
  }
  const db = openDatabase(file);
  try {
    migrate(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/** Slack user and workspace ids: capital letters and digits after their prefix letter. */
export const USER_ID = /^[UW][A-Z0-9]{2,}$/;
export const TEAM_ID = /^[TE][A-Z0-9]{2,}$/;

/**
 * The app's storage for an operator command: the SQLite file of --db, else the PostgreSQL
 * database of DATABASE_URL when the app runs on one (environment or .env), else the SQLite file
 * of DATABASE_PATH. Undefined (with the reason on stderr) when there is no database.
 */
export async function openExistingStorage(flag: string | undefined, io: CliIo): Promise<Storage | undefined> {
  const file = databasePathOf(flag, io.env);
  if (!flag && !io.env.DATABASE_URL && io.env === process.env && fs.existsSync('.env')) process.loadEnvFile('.env');
  const url = flag ? undefined : io.env.DATABASE_URL?.trim();
  if (url) return openStorage({ databasePath: file, databaseUrl: url });
  const db = openExistingDatabase(file, io);
  return db && sqliteStorage(db);
}
