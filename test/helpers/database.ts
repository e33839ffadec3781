import type { Db } from '../../src/db/open.ts';

/** Every row of every table, in a stable order: two snapshots are equal when nothing was written. */
export function databaseSnapshot(db: Db): Record<string, string[]> {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string }[];
  const snapshot: Record<string, string[]> = {};
  for (const { name } of tables) {
    // Table names come from the schema itself, never from input; identifiers cannot be bound.
    const rows = db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).all();
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

/** The WHERE clause of an equality filter; names are checked, values bound. */
function whereOf(where: Where): { sql: string; values: (string | number)[] } {
  const names = Object.keys(where);
  for (const n of names) if (!IDENTIFIER.test(n)) throw new Error(`not a column: ${n}`);
  return { sql: names.length ? ` WHERE ${names.map((n) => `${n} = ?`).join(' AND ')}` : '', values: Object.values(where) };
}

/**
 * What the end-to-end tests read from storage, through one door: the SQL stays here, so the tests
 * run unchanged on another backend once this helper has its implementation there.
 */
export function countRows(db: Db, table: Table, where: Where = {}): number {
  const w = whereOf(where);
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}${w.sql}`).get(...w.values) as { n: number }).n;
}

export function sumOf(db: Db, table: Table, column: string, where: Where = {}): number {
  if (!IDENTIFIER.test(column)) throw new Error(`not a column: ${column}`);
  const w = whereOf(where);
  return (db.prepare(`SELECT COALESCE(SUM(${column}), 0) AS n FROM ${table}${w.sql}`).get(...w.values) as { n: number }).n;
}

export function rowsOf<T = Record<string, unknown>>(db: Db, table: Table, columns: string[], where: Where = {}): T[] {
  for (const c of columns) if (!IDENTIFIER.test(c)) throw new Error(`not a column: ${c}`);
  const w = whereOf(where);
  // rowid order is insertion order; the WITHOUT ROWID tables come in primary-key order.
  const order = WITHOUT_ROWID.has(table) ? '' : ' ORDER BY rowid';
  return db.prepare(`SELECT ${columns.join(', ')} FROM ${table}${w.sql}${order}`).all(...w.values) as T[];
}

/** Lets every pending post's lease run out, as if the process holding it had died long ago. */
export function expireLeases(db: Db): void {
  db.prepare("UPDATE posts SET lease_until = '2000-01-01T00:00:00.000Z'").run();
}
