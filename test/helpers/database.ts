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
