/**
 * The storage the runtime runs on, behind the seam (services/stores.ts, services/*-store.ts): the
 * SQLite file of DATABASE_PATH (the default), or the PostgreSQL database of DATABASE_URL. Each
 * backend hands over one kit of every store the services use, so the runtime never picks one itself.
 */
import type pg from 'pg';
import { migrate } from '../db/migrate.ts';
import { type Db, openDatabase } from '../db/open.ts';
import { sqliteDataStore } from '../db/sqlite-data-store.ts';
import { sqliteInstallationStore } from '../db/sqlite-installation-store.ts';
import { sqlitePracticeStore } from '../db/sqlite-practice-store.ts';
import { sqliteRecapStore } from '../db/sqlite-recap-store.ts';
import { sqliteReplayStore } from '../db/sqlite-replay-store.ts';
import { sqliteReportStore } from '../db/sqlite-report-store.ts';
import { sqliteStatsStore } from '../db/sqlite-stats-store.ts';
import { sqliteStores } from '../db/sqlite-stores.ts';
import type { DataStore } from '../services/data-store.ts';
import type { InstallationStore } from '../services/installation-store.ts';
import type { PracticeStore } from '../services/practice-store.ts';
import type { RecapStore } from '../services/recap-store.ts';
import type { ReplayStore } from '../services/replay-store.ts';
import type { ReportStore } from '../services/report-store.ts';
import type { StatsStore } from '../services/stats-store.ts';
import type { Stores } from '../services/stores.ts';

/** Every store of one backend. */
export interface StorageKit {
  stores: Stores;
  practice: PracticeStore;
  reports: ReportStore;
  stats: StatsStore;
  recaps: RecapStore;
  /** A workspace's data as its owner may ask for it (cli export, cli forget). */
  data: DataStore;
  /** Multi-workspace installations, their bot tokens sealed under `key` (TOKEN_ENCRYPTION_KEY). */
  installations(key: Buffer): InstallationStore;
  /** The replay guard shared by every process on this database (REPLAY_GUARD=database). */
  replays(): ReplayStore;
}

export type Storage = StorageKit & {
  close(): Promise<void>;
} & ({ kind: 'sqlite'; db: Db } | { kind: 'postgres'; pool: pg.Pool });

export function sqliteKit(db: Db): StorageKit {
  return {
    stores: sqliteStores(db),
    practice: sqlitePracticeStore(db),
    reports: sqliteReportStore(db),
    stats: sqliteStatsStore(db),
    recaps: sqliteRecapStore(db),
    data: sqliteDataStore(db),
    installations: (key) => sqliteInstallationStore(db, key),
    replays: () => sqliteReplayStore(db),
  };
}

export async function openStorage(o: { databasePath: string; databaseUrl?: string | undefined }): Promise<Storage> {
  if (o.databaseUrl) {
    // Loaded only for PostgreSQL: the driver and its stores cost a SQLite process memory for nothing.
    const { openPostgres, postgresKit } = await import('../db/postgres/kit.ts');
    const pool = await openPostgres(o.databaseUrl);
    let ended: Promise<void> | undefined;
    return {
      kind: 'postgres',
      pool,
      ...postgresKit(pool),
      close: () => {
        ended ??= pool.end();
        return ended;
      },
    };
  }
  return sqliteStorage(openSqlite(o.databasePath));
}

/** An open, migrated SQLite connection as the app's storage; close() closes it. */
export function sqliteStorage(db: Db): Storage {
  return {
    kind: 'sqlite',
    db,
    ...sqliteKit(db),
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
