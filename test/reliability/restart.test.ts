import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStorage } from '../../src/runtime/storage.ts';
import { tempDbPath } from '../support/app-harness.ts';
import { type AppProcess, freePort, spawnApp } from '../support/app-process.ts';
import { expireLeases, rowsOf, type Source } from '../support/database.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { freshPostgresUrl, onPostgres } from '../support/postgres.ts';
import { type Button, click, consistencyProblems, postQuestion } from '../support/quiz-driver.ts';
import { waitFor } from '../support/wait.ts';

// The real process (`node --import tsx src/main.ts`) against the fake Slack: SIGTERM and kill -9
// in the middle of a burst of clicks, and a restart between the schedule and the post. With
// TEST_DATABASE=postgres the processes run on a PostgreSQL database of the test's own instead.

const running: AppProcess[] = [];
const fakes: FakeSlack[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) {
    p.kill('SIGKILL');
    await p.exited;
  }
  for (const f of fakes.splice(0)) await f.stop();
});

async function fakeSlack() {
  const slack = new FakeSlack();
  const apiUrl = await slack.start();
  fakes.push(slack);
  return { slack, apiUrl };
}

/** The PostgreSQL database standing for a database file, when the run is on PostgreSQL. */
const postgresOf = new Map<string, Promise<string>>();
function databaseUrlOf(dbPath: string): Promise<string> | undefined {
  if (!onPostgres()) return undefined;
  let url = postgresOf.get(dbPath);
  if (!url) {
    url = freshPostgresUrl('restart');
    postgresOf.set(dbPath, url);
  }
  return url;
}

async function launch(o: { apiUrl: string; dbPath: string; env?: Record<string, string> }) {
  const port = await freePort();
  const url = await databaseUrlOf(o.dbPath);
  const database: Record<string, string> = url ? { DATABASE_URL: url } : {};
  const app = spawnApp({ port, env: { SLACK_API_URL: o.apiUrl, DATABASE_PATH: o.dbPath, ...database, ...o.env } });
  running.push(app);
  await app.ready();
  return app;
}

interface ClickResult {
  user: string;
  status: number | 'error';
}

/**
 * Clicks `total` times (each by a different person) with `concurrency` requests in flight, and
 * calls `interrupt` once `after` clicks have been acknowledged. Clicks after the process is gone
 * fail to connect; that is expected and recorded as 'error'.
 */
async function burst(
  app: AppProcess,
  slack: FakeSlack,
  button: Button,
  o: { total: number; concurrency: number; after: number; interrupt: () => void },
): Promise<ClickResult[]> {
  const results: ClickResult[] = [];
  let next = 0;
  let acknowledged = 0;
  let interrupted = false;
  const worker = async () => {
    while (next < o.total) {
      const user = `U0CLICK${String(next++).padStart(4, '0')}`;
      try {
        const { status } = await click(app.url, slack, user, button);
        results.push({ user, status });
        if (status === 200 && ++acknowledged >= o.after && !interrupted) {
          interrupted = true;
          o.interrupt();
        }
      } catch {
        results.push({ user, status: 'error' });
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  return results;
}

/** The posts of a stopped app's database file. */
function postsIn(dbPath: string) {
  return withDb(
    dbPath,
    async (db) =>
      await rowsOf<{ id: number; slot: string; question_id: string; state: string }>(db, 'posts', [
        'id',
        'slot',
        'question_id',
        'state',
      ]),
  );
}

async function answeredUsers(dbPath: string): Promise<Set<string>> {
  return withDb(
    dbPath,
    async (db) => new Set((await rowsOf<{ user_id: string }>(db, 'answers', ['user_id'])).map((r) => r.user_id)),
  );
}

/** The stopped (or running) app's storage, opened by the test: its SQLite file, or its PostgreSQL database. */
async function withDb<T>(dbPath: string, f: (db: Source) => T | Promise<T>): Promise<T> {
  const url = await databaseUrlOf(dbPath);
  if (url) {
    const storage = await openStorage({ databasePath: dbPath, databaseUrl: url });
    try {
      return await f(storage);
    } finally {
      await storage.close();
    }
  }
  const db = new Database(dbPath);
  try {
    return await f(db);
  } finally {
    db.close();
  }
}

describe('SIGTERM during a burst', () => {
  it('loses no acknowledged answer and exits 0 within 2 seconds', async () => {
    const { slack, apiUrl } = await fakeSlack();
    const dbPath = tempDbPath();
    const app = await launch({ apiUrl, dbPath });
    const q = await postQuestion(app.url, slack);
    const button = q.buttons[0];
    if (!button) throw new Error('no button');

    let signalledAt = 0;
    const results = await burst(app, slack, button, {
      total: 600,
      concurrency: 24,
      after: 80,
      interrupt: () => {
        signalledAt = Date.now();
        app.kill('SIGTERM');
      },
    });
    const exit = await app.exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.at - signalledAt).toBeLessThan(2000);
    expect(app.stdout.some((l) => l.includes('"event":"app.stopped"'))).toBe(true);

    const acknowledged = results.filter((r) => r.status === 200).map((r) => r.user);
    expect(acknowledged.length).toBeGreaterThanOrEqual(80);
    const stored = await answeredUsers(dbPath);
    expect(acknowledged.filter((u) => !stored.has(u))).toEqual([]);
    expect(await withDb(dbPath, consistencyProblems)).toEqual([]);
    // Nothing was answered 5xx on the way down.
    expect(results.filter((r) => typeof r.status === 'number' && r.status >= 500)).toEqual([]);
  });
});

describe('kill -9 during a burst', () => {
  it('restarts healthy on an intact database that kept every acknowledged answer', async () => {
    const { slack, apiUrl } = await fakeSlack();
    const dbPath = tempDbPath();
    const app = await launch({ apiUrl, dbPath });
    const q = await postQuestion(app.url, slack);
    const button = q.buttons[0];
    if (!button) throw new Error('no button');

    const results = await burst(app, slack, button, {
      total: 600,
      concurrency: 24,
      after: 100,
      interrupt: () => app.kill('SIGKILL'),
    });
    expect(await app.exited).toMatchObject({ signal: 'SIGKILL' });

    const again = await launch({ apiUrl, dbPath });
    expect((await fetch(`${again.url}/healthz`)).status).toBe(200);
    await withDb(dbPath, async (db) => {
      if ('prepare' in db) {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      }
      expect(await consistencyProblems(db)).toEqual([]);
    });
    const acknowledged = results.filter((r) => r.status === 200).map((r) => r.user);
    expect(acknowledged.length).toBeGreaterThanOrEqual(100);
    const stored = await answeredUsers(dbPath);
    expect(acknowledged.filter((u) => !stored.has(u))).toEqual([]);

    // The restarted app still takes answers on the same question.
    const late = await click(again.url, slack, 'U0AFTER', button);
    expect(late.status).toBe(200);
    await waitFor(async () => (await answeredUsers(dbPath)).has('U0AFTER'));
    again.kill('SIGTERM');
    expect(await again.exited).toMatchObject({ code: 0 });
  });
});

describe('restart between the schedule and the post', () => {
  it('neither skips nor doubles the day’s question', async () => {
    const { slack, apiUrl } = await fakeSlack();
    const dbPath = tempDbPath();
    // A daily quiz started yesterday, due at 00:00 UTC today: overdue the moment the app starts.
    const yesterday = new Date(Date.now() - 24 * 3600_000);
    const setup = await openStorage({ databasePath: dbPath, databaseUrl: await databaseUrlOf(dbPath) });
    await setup.stores.channels.upsert(
      { teamId: 'T0TEST', channelId: 'C0DAILY', schedule: '0 0 * * *', timezone: 'UTC', userId: 'U0ADMIN' },
      yesterday,
    );
    await setup.close();

    // First process: Slack holds chat.postMessage, and the process dies while waiting for it.
    slack.fail('chat.postMessage', { delayMs: 60_000 });
    const first = await launch({ apiUrl, dbPath });
    await waitFor(() => slack.arrived.includes('chat.postMessage'), 10_000, 'the first post attempt');
    first.kill('SIGKILL');
    await first.exited;
    const pending = await postsIn(dbPath);
    expect(pending).toHaveLength(1);
    expect(pending[0]?.state).toBe('pending');
    // The dead process's lease (5 minutes) has run out by the time the next one looks.
    await withDb(dbPath, expireLeases);

    const second = await launch({ apiUrl, dbPath });
    await waitFor(() => slack.callsOf('chat.postMessage').length === 1, 10_000, 'the retried post');
    second.kill('SIGTERM');
    expect(await second.exited).toMatchObject({ code: 0 });

    // A third start on the same day finds the slot posted and posts nothing.
    const third = await launch({ apiUrl, dbPath });
    await waitFor(() => third.stdout.some((l) => l.includes('"event":"app.started"')));
    await new Promise((r) => setTimeout(r, 700));
    third.kill('SIGTERM');
    await third.exited;

    expect(slack.callsOf('chat.postMessage')).toHaveLength(1);
    expect(slack.callsOf('chat.postMessage')[0]?.args.channel).toBe('C0DAILY');
    const after = await postsIn(dbPath);
    expect(after).toEqual([{ ...pending[0], state: 'posted' }]);
  });
});
