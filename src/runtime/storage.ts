/**
 * The storage the runtime runs on, behind the seam (services/stores.ts, services/practice-store.ts):
 * the SQLite file of DATABASE_PATH (the default), or the PostgreSQL database of DATABASE_URL.
 */
import type pg from 'pg';
import { migrate } from '../db/migrate.ts';
import { type Db, openDatabase } from '../db/open.ts';
import { openPostgres } from '../db/postgres/open.ts';
import { postgresPracticeStore, postgresStores } from '../db/postgres/stores.ts';
import { sqlitePracticeStore } from '../db/sqlite-practice-store.ts';
import { sqliteStores } from '../db/sqlite-stores.ts';
import type { PracticeStore } from '../services/practice-store.ts';
import type { Stores } from '../services/stores.ts';

export type Storage = {
  stores: Stores;
  practice: PracticeStore;
  close(): Promise<void>;
} & ({ kind: 'sqlite'; db: Db } | { kind: 'postgres'; pool: pg.Pool });

export async function openStorage(o: { databasePath: string; databaseUrl?: string | undefined }): Promise<Storage> {
  if (o.databaseUrl) {
    const pool = await openPostgres(o.databaseUrl);
    let ended: Promise<void> | undefined;
    return {
      kind: 'postgres',
      pool,
      stores: postgresStores(pool),
      practice: postgresPracticeStore(pool),
      close: () => {
        ended ??= pool.end();
        return ended;
      },
    };
  }
  const db = openSqlite(o.databasePath);
  return {
    kind: 'sqlite',
    db,
    stores: sqliteStores(db),
    practice: sqlitePracticeStore(db),
    close: async () => {
      db.close();
    },
  };
}

/** The SQLite file, opened and migrated (closed again if a migration fails). */
function openSqlite(file: string): Db {
  const db = openDatabase(file);
  try {
    migrate(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}
