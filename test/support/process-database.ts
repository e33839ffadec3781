/**
 * What the tests of real app processes share: the database the processes run on, and a burst of
 * clicks sent to them.
 *
 * The database is a SQLite file, or with TEST_DATABASE=postgres a PostgreSQL database of the test's
 * own (on the run's server, or on a server the test started itself, to restart it). The test opens
 * it beside the running processes to set it up and to read what they stored.
 */
import { openStorage, type Storage } from '../../src/runtime/storage.ts';
import { tempDbPath } from './app-harness.ts';
import type { AppProcess } from './app-process.ts';
import type { FakeSlack } from './fake-slack.ts';
import { freshPostgresUrl, onPostgres } from './postgres.ts';
import { type Button, click } from './quiz-driver.ts';

export interface ProcessDatabase {
  readonly backend: 'sqlite' | 'postgres';
  readonly dbPath: string;
  readonly url: string | undefined;
  /** DATABASE_PATH, and DATABASE_URL on PostgreSQL: the environment that points a process here. */
  readonly env: Record<string, string>;
  /** Runs `f` on the database opened by the test through the app's own door (migrated), and closes it again. */
  use<T>(f: (db: Storage) => T | Promise<T>): Promise<T>;
}

/** A new, empty database for app processes; `baseUrl` picks a PostgreSQL server other than the run's. */
export async function processDatabase(o: { label?: string; baseUrl?: string } = {}): Promise<ProcessDatabase> {
  const dbPath = tempDbPath();
  const url = onPostgres() ? await freshPostgresUrl(o.label ?? 'process', o.baseUrl) : undefined;
  return {
    backend: url ? 'postgres' : 'sqlite',
    dbPath,
    url,
    env: { DATABASE_PATH: dbPath, ...(url ? { DATABASE_URL: url } : {}) },
    async use(f) {
      const storage = await openStorage({ databasePath: dbPath, databaseUrl: url });
      try {
        return await f(storage);
      } finally {
        await storage.close();
      }
    },
  };
}

export interface ClickResult {
  user: string;
  status: number | 'error';
  /** The response_url id the app answers this click on. */
  replyId: string;
}

/**
 * `total` clicks, each by a different person (`<prefix>0000`, …), `concurrency` in flight, the n-th
 * sent to `target(n)`; `interrupt` is called once, when `after` clicks have been acknowledged. A click
 * to a process that is gone fails to connect: recorded as 'error'.
 */
export async function clickBurst(
  target: (n: number) => AppProcess,
  slack: FakeSlack,
  button: Button,
  o: { total: number; concurrency: number; after: number; interrupt: () => void | Promise<void>; prefix?: string },
): Promise<ClickResult[]> {
  const results: ClickResult[] = [];
  const waits: Promise<unknown>[] = [];
  let next = 0;
  let acknowledged = 0;
  let interrupted = false;
  const worker = async () => {
    while (next < o.total) {
      const n = next++;
      const user = `${o.prefix ?? 'U0CLICK'}${String(n).padStart(4, '0')}`;
      try {
        const { status, replyId } = await click(target(n).url, slack, user, button);
        results.push({ user, status, replyId });
        if (status === 200 && ++acknowledged >= o.after && !interrupted) {
          interrupted = true;
          waits.push(Promise.resolve(o.interrupt()));
        }
      } catch {
        results.push({ user, status: 'error', replyId: '' });
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  await Promise.all(waits);
  return results;
}
