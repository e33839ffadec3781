import type { Db } from '../../src/db/open.ts';
import type { Storage } from '../../src/runtime/storage.ts';

/**
 * What the end-to-end tests read from storage, through one door: the SQL stays here and runs on
 * whichever backend the app runs on (a runtime's `storage`), or on a SQLite connection of a test's own.
 * Every reader is asynchronous, since PostgreSQL is.
 */
export type Source = Storage | Db;

const sqliteOf = (s: Source): Db | undefined => ('prepare' in s ? s : s.kind === 'sqlite' ? s.db : undefined);

/** Rows of one query; `?` placeholders, bound (PostgreSQL gets them as $1, $2, …). */
export async function queryRows<T = Record<string, unknown>>(source: Source, sql: string, values: unknown[] = []): Promise<T[]> {
  const db = sqliteOf(source);
  if (db) {
    const statement = db.prepare(sql);
    if (statement.reader) return statement.all(...values) as T[];
    statement.run(...values);
    return [];
  }
  if ('prepare' in source || source.kind !== 'postgres') throw new Error('unknown storage');
  let n = 0;
  const text = sql.replace(/\?/g, () => `$${++n}`);
  return (await source.pool.query(text, values)).rows as T[];
}

/** Every row of every table, in a stable order: two snapshots are equal when nothing was written. */
/**
 * Every row of every table, for "nothing changed" checks. `except` leaves tables out: the
 * database-shared replay guard (the default on PostgreSQL) keeps a row per admitted request, which
 * is the gate's bookkeeping, not something the request did.
 */
export async function databaseSnapshot(
  source: Source,
  o: { except?: readonly string[] } = {},
): Promise<Record<string, string[]>> {
  const tables = sqliteOf(source)
    ? await queryRows<{ name: string }>(
        source,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
    : await queryRows<{ name: string }>(
        source,
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
      );
  const snapshot: Record<string, string[]> = {};
  for (const { name } of tables) {
    if (o.except?.includes(name)) continue;
    // Table names come from the schema itself, never from input; identifiers cannot be bound.
    const rows = await queryRows(source, `SELECT * FROM "${name.replace(/"/g, '""')}"`);
    // Some tables are WITHOUT ROWID: order by content instead.
    snapshot[name] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return snapshot;
}

type Table =
  | 'answers'
  | 'installations'
  | 'posts'
  | 'quiz_channels'
  | 'recap_settings'
  | 'recaps'
  | 'reports'
  | 'shares'
  | 'user_stats'
  | 'workspaces'
  | 'practice_cards'
  | 'practice_reviews'
  | 'practice_sessions'
  | 'practice_settings'
  | 'practice_nudges';
type Where = Record<string, string | number>;
const IDENTIFIER = /^[a-z_]+$/;
const WITHOUT_ROWID = new Set<Table>(['practice_cards', 'practice_settings', 'practice_nudges']);

/** Insertion order: SQLite's rowid; on PostgreSQL the keys that follow it for what the app writes. */
const ORDER: Record<Table, string> = {
  answers: 'answered_at, post_id, user_id',
  installations: 'installed_at, enterprise_id, team_id',
  posts: 'id',
  practice_cards: 'team_id, user_id, question_id',
  practice_nudges: 'team_id, user_id, local_day',
  practice_reviews: 'id',
  practice_sessions: 'id',
  practice_settings: 'team_id, user_id',
  quiz_channels: 'started_at, team_id, channel_id',
  recap_settings: 'updated_at, team_id, channel_id',
  recaps: 'created_at, team_id, channel_id, week',
  reports: 'id',
  shares: 'created_at, team_id, user_id, card_id, source_ts',
  user_stats: 'team_id, channel_id, user_id',
  workspaces: 'created_at, team_id',
};

/** The WHERE clause of an equality filter; names are checked, values bound. */
function whereOf(where: Where): { sql: string; values: (string | number)[] } {
  const names = Object.keys(where);
  for (const n of names) if (!IDENTIFIER.test(n)) throw new Error(`not a column: ${n}`);
  return { sql: names.length ? ` WHERE ${names.map((n) => `${n} = ?`).join(' AND ')}` : '', values: Object.values(where) };
}

export async function countRows(source: Source, table: Table, where: Where = {}): Promise<number> {
  const w = whereOf(where);
  const [row] = await queryRows<{ n: number }>(source, `SELECT COUNT(*) AS n FROM ${table}${w.sql}`, w.values);
  return row?.n ?? 0;
}

export async function sumOf(source: Source, table: Table, column: string, where: Where = {}): Promise<number> {
  if (!IDENTIFIER.test(column)) throw new Error(`not a column: ${column}`);
  const w = whereOf(where);
  const [row] = await queryRows<{ n: number }>(source, `SELECT COALESCE(SUM(${column}), 0) AS n FROM ${table}${w.sql}`, w.values);
  return row?.n ?? 0;
}

export async function rowsOf<T = Record<string, unknown>>(
  source: Source,
  table: Table,
  columns: string[],
  where: Where = {},
): Promise<T[]> {
  for (const c of columns) if (!IDENTIFIER.test(c)) throw new Error(`not a column: ${c}`);
  const w = whereOf(where);
  // SQLite: rowid order is insertion order; the WITHOUT ROWID tables come in primary-key order.
  const order = sqliteOf(source) ? (WITHOUT_ROWID.has(table) ? '' : ' ORDER BY rowid') : ` ORDER BY ${ORDER[table]}`;
  return queryRows<T>(source, `SELECT ${columns.join(', ')} FROM ${table}${w.sql}${order}`, w.values);
}

/** Lets every pending post's lease run out, as if the process holding it had died long ago. */
export async function expireLeases(source: Source): Promise<void> {
  await queryRows(source, "UPDATE posts SET lease_until = '2000-01-01T00:00:00.000Z'");
}
