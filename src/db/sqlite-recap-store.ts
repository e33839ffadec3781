import type { RecapKey, RecapStore } from '../services/recap-store.ts';
import type { Db } from './open.ts';
import * as recaps from './recaps.ts';

/**
 * The SQLite recap store. Like the practice store, each call is one synchronous step; one made
 * while sqliteStores holds a transaction open across an await waits for it to end, so it never
 * joins someone else's work.
 */
export function sqliteRecapStore(db: Db): RecapStore {
  const run =
    <A extends unknown[], R>(fn: (...args: A) => R) =>
    async (...args: A): Promise<R> => {
      while (db.inTransaction) await new Promise<void>((resolve) => setImmediate(resolve));
      return fn(...args);
    };
  return {
    claim: run((key: RecapKey, now: Date, leaseUntil: Date) => recaps.claimRecap(db, key, now, leaseUntil)),
    markPosted: run((key: RecapKey, fileId: string | null, now: Date) => recaps.markRecapPosted(db, key, fileId, now)),
    markSkipped: run((key: RecapKey, reason: string, now: Date) => recaps.markRecapSkipped(db, key, reason, now)),
    recordFailure: run((key: RecapKey, error: string, retryAt: Date) => recaps.recordRecapFailure(db, key, error, retryAt)),
    answersBefore: run((teamId: string, channelId: string, until: Date) => recaps.answersBefore(db, teamId, channelId, until)),
    isEnabled: run((teamId: string, channelId: string) => recaps.isRecapEnabled(db, teamId, channelId)),
    setEnabled: run((teamId: string, channelId: string, enabled: boolean, userId: string, now: Date) =>
      recaps.setRecapEnabled(db, teamId, channelId, enabled, userId, now),
    ),
  };
}
