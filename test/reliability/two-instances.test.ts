import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { COUNT_UPDATE_MS } from '../../src/runtime/timings.ts';
import { type AppProcess, freePort, spawnApp } from '../support/app-process.ts';
import { countRows, queryRows, rowsOf } from '../support/database.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { onPostgres } from '../support/postgres.ts';
import { type PostgresServer, startPostgresServer } from '../support/postgres-server.ts';
import { clickBurst, type ProcessDatabase, processDatabase } from '../support/process-database.ts';
import { click, consistencyProblems, postQuestion, repliesTo } from '../support/quiz-driver.ts';
import { actionBody, signatureHeaders } from '../support/slack-requests.ts';
import { waitFor } from '../support/wait.ts';

// Two real app processes (`node --import tsx src/main.ts`) behind one imagined load balancer, on one
// database with the shared replay guard: a SQLite file (WAL, busy_timeout), or with
// TEST_DATABASE=postgres one PostgreSQL database. Both tick the same due slot, a request is replayed
// to the other process, and a burst of clicks is split across both while one of them is killed with
// kill -9. On PostgreSQL, the server itself is also restarted in the middle of a burst.

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
async function dueDatabase(): Promise<ProcessDatabase> {
  const database = await processDatabase({ label: 'twoinstances' });
  await database.use((db) =>
    db.stores.channels.upsert(
      { teamId: 'T0TEST', channelId: 'C0DAILY', schedule: '0 0 * * *', timezone: 'UTC', userId: 'U0ADMIN' },
      new Date(Date.now() - 24 * 3600_000),
    ),
  );
  return database;
}

/** Two processes started at once on one database; resolves when both answer /healthz. */
async function twoInstances(database: ProcessDatabase) {
  const slack = new FakeSlack();
  // Not limits: the timeline records when each chat.update (the live count) arrived.
  slack.rateLimit({ methods: ['chat.update'] });
  const apiUrl = await slack.start();
  fakes.push(slack);
  const env = { SLACK_API_URL: apiUrl, ...database.env, REPLAY_GUARD: 'database', LOG_LEVEL: 'debug' };
  const [a, b] = (await Promise.all([freePort(), freePort()]).then((ports) => ports.map((port) => spawnApp({ port, env })))) as [
    AppProcess,
    AppProcess,
  ];
  running.push(a, b);
  await Promise.all([a.ready(60_000), b.ready(60_000)]);
  return { slack, a, b };
}

/** The people whose answers are stored, in insertion order. */
const storedUsers = (database: ProcessDatabase) =>
  database.use(async (db) => (await rowsOf<{ user_id: string }>(db, 'answers', ['user_id'])).map((r) => r.user_id));

const countShown = (blocks: unknown) => Number(/(\d+) answers? so far/.exec(JSON.stringify(blocks))?.[1] ?? Number.NaN);

describe(`two processes on one ${onPostgres() ? 'PostgreSQL' : 'SQLite'} database`, () => {
  it('post a slot both find due once, and refuse a request replayed to the other one', async () => {
    const database = await dueDatabase();
    const { slack, a, b } = await twoInstances(database);
    await waitFor(() => slack.callsOf('chat.postMessage').length > 0, 15_000, 'the due post');
    // Both ticked at start; give the slower one time to try as well.
    await waitFor(() => [a, b].every((p) => p.stdout.some((l) => l.includes('"event":"app.started"'))), 10_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(slack.callsOf('chat.postMessage').filter((c) => c.args.channel === 'C0DAILY')).toHaveLength(1);
    expect(await database.use((db) => countRows(db, 'posts', { channel_id: 'C0DAILY', state: 'posted' }))).toBe(1);
    expect(await database.use((db) => countRows(db, 'posts'))).toBe(1);

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
    const database = await processDatabase({ label: 'twoinstances' });
    const { slack, a, b } = await twoInstances(database);
    const q = await postQuestion(a.url, slack);
    const button = q.buttons[0];
    if (!button) throw new Error('no button');

    const results = await clickBurst((n) => (n % 2 ? b : a), slack, button, {
      total: 400,
      concurrency: 16,
      after: 120,
      interrupt: () => a.kill('SIGKILL'),
      prefix: 'U0SPLIT',
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
      const users = await storedUsers(database);
      return users.includes('U0AFTER') && users;
    });
    expect(acknowledged.filter((u) => !stored.includes(u))).toEqual([]);
    expect(new Set(stored).size).toBe(stored.length);
    expect(await database.use(consistencyProblems)).toEqual([]);

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
    for (let i = 1; i < claims.length; i++) {
      expect(Date.parse(claims[i]?.time ?? '') - Date.parse(claims[i - 1]?.time ?? '')).toBeGreaterThanOrEqual(COUNT_UPDATE_MS);
    }
    b.kill('SIGTERM');
    expect(await b.exited).toMatchObject({ code: 0 });
  }, 180_000);
});

// A server of the test's own, so that restarting it touches no other test file's database.
describe.runIf(onPostgres())('two processes while the PostgreSQL server restarts', () => {
  let server: PostgresServer | undefined;
  afterAll(async () => {
    await server?.stop();
  });

  it('lose no answer they confirmed, store each once, and both serve on when it is back', async () => {
    server = await startPostgresServer();
    const pgServer = server;
    const database = await processDatabase({ label: 'pgrestart', baseUrl: pgServer.baseUrl });
    const { slack, a, b } = await twoInstances(database);
    const q = await postQuestion(a.url, slack);
    const button = q.buttons[0];
    if (!button) throw new Error('no button');

    const startedAt = () =>
      database.use(async (db) => (await queryRows<{ t: string }>(db, 'SELECT pg_postmaster_start_time()::text AS t'))[0]?.t);
    const before = await startedAt();
    // The number of the last click sent, and its value when the server was back.
    let sent = 0;
    let restarted = 0;
    const target = (n: number) => {
      sent = n;
      return n % 2 ? b : a;
    };
    const results = await clickBurst(target, slack, button, {
      total: 600,
      concurrency: 16,
      after: 100,
      interrupt: async () => {
        await pgServer.restart();
        restarted = sent;
      },
      prefix: 'U0PGRS',
    });
    // The server did restart, inside the burst: clicks were still coming when it was back.
    expect(await startedAt()).not.toBe(before);
    expect(restarted).toBeGreaterThan(100);
    // 599 is the last click's number: anything below, and clicks were sent after the server was back.
    expect(restarted).toBeLessThan(599);
    // Neither process fell over: every click got an HTTP answer.
    expect(results.filter((r) => r.status === 'error')).toEqual([]);

    // What each person was told: graded ("Correct" / "Not quite"), or asked to click again.
    const acknowledged = results.filter((r) => r.status === 200);
    const told = await waitFor(
      () => {
        const texts = acknowledged.map((r) => ({ user: r.user, text: repliesTo(slack, r.replyId)[0]?.text }));
        return texts.every((t) => t.text !== undefined) && texts;
      },
      20_000,
      'a reply to every acknowledged click',
    );
    const confirmed = told.filter((t) => /Correct|Not quite/.test(t.text ?? '')).map((t) => t.user);
    const retry = told.filter((t) => /could not record/.test(t.text ?? '')).map((t) => t.user);
    expect(confirmed.length + retry.length).toBe(told.length);
    expect(confirmed.length).toBeGreaterThan(0);

    // After the restart both processes take answers again.
    for (const [p, user] of [
      [a, 'U0AFTERA'],
      [b, 'U0AFTERB'],
    ] as const) {
      const late = await click(p.url, slack, user, button);
      expect(late.status).toBe(200);
      expect(await waitFor(() => repliesTo(slack, late.replyId)[0]?.text, 10_000, `reply to ${user}`)).toMatch(
        /Correct|Not quite/,
      );
    }
    const stored = await storedUsers(database);
    expect(confirmed.filter((u) => !stored.includes(u))).toEqual([]);
    expect(stored).toEqual(expect.arrayContaining(['U0AFTERA', 'U0AFTERB']));
    expect(new Set(stored).size).toBe(stored.length);
    expect(await database.use(consistencyProblems)).toEqual([]);
    for (const p of [a, b]) {
      p.kill('SIGTERM');
      expect(await p.exited).toMatchObject({ code: 0 });
    }
  }, 180_000);
});
