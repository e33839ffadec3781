/**
 * The PostgreSQL implementation of the storage seam (services/stores.ts, services/practice-store.ts).
 * Outside a transaction each call takes a pooled client for its statement (or its own BEGIN …
 * COMMIT); `transaction` holds one client for the whole of `work`, and every call made through the
 * stores it hands over, nested transactions included, runs on that client.
 */
import type pg from 'pg';
import type { PracticeStore } from '../../services/practice-store.ts';
import type { Stores } from '../../services/stores.ts';
import { answerStore } from './answers.ts';
import { channelStore, postStore } from './posts.ts';
import { postgresPracticeStoreOn } from './practice.ts';
import { PoolSql, type Sql } from './sql.ts';
import { shareStore, standingsStore } from './standings.ts';

function storesOn(sql: Sql, isHealthy: () => Promise<boolean>): Stores {
  const stores: Stores = {
    posts: postStore(sql),
    channels: channelStore(sql),
    answers: answerStore(sql),
    standings: standingsStore(sql),
    shares: shareStore(sql),
    // Inside a transaction, a nested one is part of it; outside, it opens one on a pooled client.
    transaction: (work) => (sql.inTransaction ? work(stores) : sql.atomic((tx) => work(storesOn(tx, isHealthy)))),
    isHealthy,
  };
  return stores;
}

export function postgresStores(pool: pg.Pool): Stores {
  return storesOn(new PoolSql(pool), () => isHealthy(pool));
}

export function postgresPracticeStore(pool: pg.Pool): PracticeStore {
  return postgresPracticeStoreOn(new PoolSql(pool));
}

/** /healthz: the database answers a query within two seconds. */
export async function isHealthy(pool: pg.Pool): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const probe = pool.query<{ ok: number }>('SELECT 1 AS ok').then((r) => r.rows[0]?.ok === 1);
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), 2000);
    });
    return await Promise.race([probe, late]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
