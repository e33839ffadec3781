/**
 * Every PostgreSQL store as one kit (runtime/storage.ts's StorageKit), in a module of its own so the
 * runtime loads the driver only when DATABASE_URL asks for PostgreSQL.
 */
import type pg from 'pg';
import type { StorageKit } from '../../runtime/storage.ts';
import { postgresDataStore } from './data.ts';
import { postgresInstallationStore } from './installations.ts';
import { postgresRecapStore } from './recaps.ts';
import { postgresReplayStore } from './replay-store.ts';
import { postgresReportStore } from './reports.ts';
import { PoolSql } from './sql.ts';
import { postgresStatsStore } from './stats.ts';
import { postgresPracticeStore, postgresStores } from './stores.ts';

export { openPostgres } from './open.ts';

export function postgresKit(pool: pg.Pool): StorageKit {
  const sql = new PoolSql(pool);
  return {
    stores: postgresStores(pool),
    practice: postgresPracticeStore(pool),
    reports: postgresReportStore(sql),
    stats: postgresStatsStore(sql),
    recaps: postgresRecapStore(sql),
    data: postgresDataStore(sql),
    installations: (key) => postgresInstallationStore(sql, key),
    replays: () => postgresReplayStore(pool),
  };
}
