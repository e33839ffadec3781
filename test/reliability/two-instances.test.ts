import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { upsertQuizChannel } from '../../src/db/channels.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openDatabase } from '../../src/db/open.ts';
import { COUNT_UPDATE_MS } from '../../src/runtime/timings.ts';
import { tempDbPath } from '../support/app-harness.ts';
import { type AppProcess, freePort, spawnApp } from '../support/app-process.ts';
import { countRows, rowsOf } from '../support/database.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { type Button, click, consistencyProblems, postQuestion } from '../support/quiz-driver.ts';
import { actionBody, signatureHeaders } from '../support/slack-requests.ts';
import { waitFor } from '../support/wait.ts';

// Two real app processes (`node --import tsx src/main.ts`) behind one imagined load balancer, on one
// SQLite file (WAL, busy_timeout) with the shared replay guard: both tick the same due slot, a
// request replayed to the other process, and a burst of clicks split across both while one of them
// is killed with kill -9.

const running: AppProcess[] = [];
const fakes: FakeSlack[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) {
    p.kill('SIGKILL');
    await p.exited;
  }
  for (const f of fakes.splice(0)) await f.stop();
});

/** A database with a daily quiz started yesterday, due at 00:00 UTC today: overdue for both processes. */
function dueDatabase(): string {
  const dbPath = tempDbPath();
  const setup = openDatabase(dbPath);
  migrate(setup);
  upsertQuizChannel(
    setup,
    { teamId: 'T0TEST', channelId: 'C0DAILY', schedule: '0 0 * * *', timezone: 'UTC', userId: 'U0ADMIN' },
    new Date(Date.now() - 24 * 3600_000),
  );
  setup.close();
  return dbPath;
}

/** Two processes started at once on one database; resolves when both answer /healthz. */
async function twoInstances(dbPath: string) {
  const slack = new FakeSlack();
  // Not limits: the timeline records when each chat.update (the live count) arrived.
  slack.rateLimit({ methods: ['chat.update'] });
  const apiUrl = await slack.start();
  fakes.push(slack);
  const env = { SLACK_API_URL: apiUrl, DATABASE_PATH: dbPath, REPLAY_GUARD: 'database', LOG_LEVEL: 'debug' };
  const [a, b] = (await Promise.all([freePort(), freePort()]).then((ports) => ports.map((port) => spawnApp({ port, env })))) as [
    AppProcess,
    AppProcess,
  ];
  running.push(a, b);
  await Promise.all([a.ready(60_000), b.ready(60_000)]);
  return { slack, a, b };
}

async function withDb<T>(dbPath: string, f: (db: Database.Database) => T | Promise<T>): Promise<T> {
  const db = new Database(dbPath, { readonly: true });
  try {
    return await f(db);
  } finally {
    db.close();
  }
}

interface ClickResult {
  user: string;
  status: number | 'error';
}

/** `total` clicks by different people, alternating between the two processes; `interrupt` once `after` are acknowledged. */
async function splitBurst(
  apps: [AppProcess, AppProcess],
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
      const n = next++;
      const user = `U0SPLIT${String(n).padStart(4, '0')}`;
      try {
        const { status } = await click((apps[n % 2] as AppProcess).url, slack, user, button);
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

const countShown = (blocks: unknown) => Number(/(\d+) answers? so far/.exec(JSON.stringify(blocks))?.[1] ?? Number.NaN);

describe('two processes on one SQLite database', () => {
  it('post a slot both find due once, and refuse a request replayed to the other one', async () => {
    const dbPath = dueDatabase();
    const { slack, a, b } = await twoInstances(dbPath);
    await waitFor(() => slack.callsOf('chat.postMessage').length > 0, 15_000, 'the due post');
    // Both ticked at start; give the slower one time to try as well.
    await waitFor(() => [a, b].every((p) => p.stdout.some((l) => l.includes('"event":"app.started"'))), 10_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(slack.callsOf('chat.postMessage').filter((c) => c.args.channel === 'C0DAILY')).toHaveLength(1);
    expect(await withDb(dbPath, (db) => countRows(db, 'posts', { channel_id: 'C0DAILY', state: 'posted' }))).toBe(1);
    expect(await withDb(dbPath, (db) => countRows(db, 'posts'))).toBe(1);

    // One signed click, delivered to A, then captured and sent again to B.
    const body = actionBody({ actionId: 'answer_a', value: '1:a', user: 'U0REPLAY', responseUrl: slack.responseUrl('replay') });
    const headers = { 'content-type': 'application/x-www-form-urlencoded', ...signatureHeaders(body) };
    const send = (p: AppProcess) => fetch(`${p.url}/slack/events`, { method: 'POST', headers, body });
    expect((await send(a)).status).toBe(200);
    expect((await send(b)).status).toBe(401);
    expect((await send(a)).status).toBe(401);
    expect(b.stdout.some((l) => l.includes('"event":"http.replay_refused"'))).toBe(true);
  }, 120_000);

  it('store every acknowledged click of a split burst once when one is killed -9, and the survivor serves on', async () => {
    const dbPath = tempDbPath();
    const { slack, a, b } = await twoInstances(dbPath);
    const q = await postQuestion(a.url, slack);
    const button = q.buttons[0];
    if (!button) throw new Error('no button');

    const results = await splitBurst([a, b], slack, button, {
      total: 400,
      concurrency: 16,
      after: 120,
      interrupt: () => a.kill('SIGKILL'),
    });
    expect(await a.exited).toMatchObject({ signal: 'SIGKILL' });
    const acknowledged = results.filter((r) => r.status === 200).map((r) => r.user);
    expect(acknowledged.length).toBeGreaterThanOrEqual(120);
    // Every click B was sent got its answer: the survivor never failed one.
    const toB = results.filter((r) => Number(r.user.slice(-4)) % 2 === 1);
    expect(toB.filter((r) => r.status !== 200)).toEqual([]);

    const late = await click(b.url, slack, 'U0AFTER', button);
    expect(late.status).toBe(200);
    expect((await fetch(`${b.url}/healthz`)).status).toBe(200);
    const stored = await waitFor(async () => {
      const rows = await withDb(dbPath, (db) => rowsOf<{ user_id: string }>(db, 'answers', ['user_id']));
      const users = rows.map((r) => r.user_id);
      return users.includes('U0AFTER') && users;
    });
    expect(acknowledged.filter((u) => !stored.includes(u))).toEqual([]);
    expect(new Set(stored).size).toBe(stored.length);
    expect(await withDb(dbPath, consistencyProblems)).toEqual([]);

    // The live count: one chat.update per interval between the two processes, and the last one
    // shows every stored answer.
    const total = stored.length;
    await waitFor(
      () => slack.callsOf('chat.update').some((c) => countShown(c.args.blocks) === total),
      3 * COUNT_UPDATE_MS + 5000,
      `the final count ${total}`,
    );
    const updates = slack.timeline
      .filter((t) => t.method === 'chat.update' && t.args.ts === q.ts && !Number.isNaN(countShown(t.args.blocks)))
      .map((t) => t.at);
    expect(updates.length).toBeGreaterThan(0);
    // Arrivals carry each request's delivery time on two busy cores: the claims themselves are what
    // the processes coordinate, one per COUNT_UPDATE_MS between them (each process logs its own).
    const claims = [a, b]
      .flatMap((p) => p.stdout.filter((l) => l.includes('"event":"quiz.count_claimed"')))
      .map((l) => JSON.parse(l) as { time: string; post: number; count: number })
      .filter((c) => c.post === q.postId)
      .sort((x, y) => Date.parse(x.time) - Date.parse(y.time));
    expect(claims.length).toBeGreaterThan(0);
    console.log(
      'CLAIMS',
      claims.map((c) => [c.time, c.count]),
      updates,
    );
    for (let i = 1; i < claims.length; i++) {
      expect(Date.parse(claims[i]?.time ?? '') - Date.parse(claims[i - 1]?.time ?? '')).toBeGreaterThanOrEqual(COUNT_UPDATE_MS);
    }
    b.kill('SIGTERM');
    expect(await b.exited).toMatchObject({ code: 0 });
  }, 180_000);
});
