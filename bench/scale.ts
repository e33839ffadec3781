/**
 * Several instances and many channels: the fan-out of one scheduled minute with 1,000 due channels
 * in 100 workspaces against a fake Slack that enforces chat.postMessage's limits, and answer clicks
 * per second with two app processes on one database beside one, on SQLite and on PostgreSQL. The apps run as `npm start` runs
 * them (dist/, built by bench/run.ts).
 */
import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { upsertQuizChannel } from '../src/db/channels.ts';
import { migrate } from '../src/db/migrate.ts';
import { openDatabase } from '../src/db/open.ts';
import { FakeSlack } from '../test/support/fake-slack.ts';
import { lastPostedQuestion } from '../test/support/quiz-driver.ts';
import { actionBody, sendCommand, TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../test/support/slack-requests.ts';
import { type Child, freePort, memoryOf, postSigned, startChild, waitForStatus } from './processes.ts';
import { startCommand } from './throughput.ts';

const ADMIN = 'U0BENCHADMIN';
/** Slack-like limits: a burst of 2 and 1 a second per channel; a burst of 8 and 8 a second per workspace. */
const LIMITS = { perChannel: { burst: 2, perSecond: 1 }, perWorkspace: { burst: 8, perSecond: 8 } };

export interface FanOutResult {
  channels: number;
  workspaces: number;
  /** From /healthz answering (the first tick starts then) to the last question posted. */
  minuteToLastPostMs: number;
  /** From the same instant to the first post of the workspace served last. */
  slowestFirstPostMs: number;
  refused429: number;
  posted: number;
  peakRssMb: number;
}

interface InstancesRun {
  clicksPerSecond: number;
  acked: number;
  stored: number;
}

export interface InstancesResult {
  one: InstancesRun;
  two: InstancesRun;
  /** The same two runs on one PostgreSQL database, when the bench has a server. */
  postgres?: { one: InstancesRun; two: InstancesRun };
}

interface Setup {
  root: string;
  workDir: string;
  log: (line: string) => void;
}

function appEnv(o: { port: number; apiUrl: string; dbPath: string; databaseUrl?: string }): Record<string, string> {
  return {
    ...(o.databaseUrl ? { DATABASE_URL: o.databaseUrl } : {}),
    PATH: process.env.PATH ?? '',
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: o.apiUrl,
    PORT: String(o.port),
    DATABASE_PATH: o.dbPath,
    ADMIN_USER_IDS: ADMIN,
    REPLAY_GUARD: 'database',
  };
}

async function startApp(s: Setup, name: string, o: { apiUrl: string; dbPath: string; databaseUrl?: string }) {
  const port = await freePort();
  const since = performance.now();
  const start = startCommand(s.root);
  const child = startChild(process.execPath, start.args, {
    cwd: s.root,
    env: { ...start.env, ...appEnv({ port, ...o }) },
    logFile: path.join(s.workDir, `${name}.log`),
  });
  await waitForStatus(`http://127.0.0.1:${port}/healthz`, { since, child, timeoutMs: 60_000 });
  return { child, url: `http://127.0.0.1:${port}` };
}

/** 1,000 channels, 109 of them in one busy workspace and 9 in each of 99 others, due since midnight. */
export async function benchFanOut(s: Setup): Promise<FanOutResult> {
  const dbPath = path.join(s.workDir, 'fan-out.db');
  const db = openDatabase(dbPath);
  migrate(db);
  const teamOf = new Map<string, string>();
  const yesterday = new Date(Date.now() - 24 * 3600_000);
  for (let t = 0; t < 100; t++) {
    const team = `T${String(t).padStart(3, '0')}`;
    for (let n = 0; n < (t === 0 ? 109 : 9); n++) {
      const channelId = `C${String(t).padStart(3, '0')}N${String(n).padStart(3, '0')}`;
      teamOf.set(channelId, team);
      upsertQuizChannel(db, { teamId: team, channelId, schedule: '0 0 * * *', timezone: 'UTC', userId: ADMIN }, yesterday);
    }
  }
  db.close();
  const slack = new FakeSlack();
  slack.rateLimit({ ...LIMITS, workspaceOf: (args) => teamOf.get(String(args.channel)) ?? 'unknown' });
  const apiUrl = await slack.start();
  let app: { child: Child; url: string } | undefined;
  try {
    app = await startApp(s, 'fan-out', { apiUrl, dbPath });
    const minute = Date.now();
    const deadline = minute + 180_000;
    while (slack.callsOf('chat.postMessage').length < teamOf.size && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const posted = slack.timeline.filter((t) => !t.limited);
    const first = new Map<string, number>();
    for (const p of posted) if (!first.has(p.workspace)) first.set(p.workspace, p.at);
    return {
      channels: teamOf.size,
      workspaces: 100,
      minuteToLastPostMs: (posted.at(-1)?.at ?? Number.NaN) - minute,
      slowestFirstPostMs: Math.max(...first.values()) - minute,
      refused429: slack.timeline.length - posted.length,
      posted: new Set(posted.map((p) => p.channel)).size,
      peakRssMb: memoryOf(app.child.pid).peakMb,
    };
  } finally {
    await app?.child.stop();
    await slack.stop();
  }
}

/** Closed-loop clicks from `connections` clients, spread over the apps in turn, for `durationMs`. */
async function clicks(o: {
  urls: string[];
  slack: FakeSlack;
  run: string;
  connections: number;
  durationMs: number;
}): Promise<{ clicksPerSecond: number; acked: string[] }> {
  const q = lastPostedQuestion(o.slack);
  const button = q?.buttons[0];
  if (!q || !button) throw new Error('no question with buttons was posted');
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.connections * o.urls.length });
  const acked: string[] = [];
  let next = 0;
  const start = performance.now();
  const until = start + o.durationMs;
  const client = async () => {
    while (performance.now() < until) {
      const i = next++;
      const user = `U${o.run.toUpperCase()}X${i}`;
      const body = actionBody({ actionId: button.action_id, value: button.value, user, responseUrl: o.slack.responseUrl(user) });
      if ((await postSigned(agent, new URL('/slack/events', o.urls[i % o.urls.length] as string), body)) === 200)
        acked.push(user);
    }
  };
  await Promise.all(Array.from({ length: o.connections }, client));
  agent.destroy();
  return { clicksPerSecond: acked.length / ((performance.now() - start) / 1000), acked };
}

async function postQuestionAt(url: string, slack: FakeSlack): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const before = slack.callsOf('chat.postMessage').length;
    await sendCommand(url, { text: 'quiz now', user: ADMIN, responseUrl: slack.responseUrl(`cmd-${attempt}`) });
    const until = Date.now() + 10_000;
    while (slack.callsOf('chat.postMessage').length === before && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    if ((lastPostedQuestion(slack)?.buttons.length ?? 0) >= 2) return;
  }
  throw new Error('no question with letter buttons was posted');
}

const storedAnswers = async (where: { dbPath: string; databaseUrl?: string }, users: string[]) => {
  let rows: { user_id: string }[];
  if (where.databaseUrl) {
    const client = new pg.Client({ connectionString: where.databaseUrl });
    await client.connect();
    rows = (await client.query<{ user_id: string }>('SELECT user_id FROM answers')).rows;
    await client.end();
  } else {
    const db = new Database(where.dbPath, { readonly: true });
    rows = db.prepare('SELECT user_id FROM answers').all() as { user_id: string }[];
    db.close();
  }
  const stored = new Set(rows.map((r) => r.user_id));
  return users.filter((u) => stored.has(u)).length;
};

/** A new, empty database on the bench's PostgreSQL server; its URL. */
async function freshDatabase(baseUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: `${baseUrl}/postgres` });
  await admin.connect();
  // A fixed name of letters and _ from the bench itself: identifiers cannot be bound.
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return `${baseUrl}/${name}`;
}

/**
 * Clicks per second on one process, then on two processes sharing one database (both with the
 * shared replay guard): on a SQLite file, and on PostgreSQL when `postgresBaseUrl` names a server.
 */
export async function benchInstances(
  s: Setup,
  o: { durationMs: number; connections: number; postgresBaseUrl?: string },
): Promise<InstancesResult> {
  const slack = new FakeSlack();
  const apiUrl = await slack.start();
  const children: Child[] = [];
  try {
    const run = async (count: number, name: string, databaseUrl?: string) => {
      const where = { dbPath: path.join(s.workDir, `${name}.db`), ...(databaseUrl ? { databaseUrl } : {}) };
      const apps = [];
      for (let i = 0; i < count; i++) apps.push(await startApp(s, `${name}-${i}`, { apiUrl, ...where }));
      children.push(...apps.map((a) => a.child));
      await postQuestionAt(apps[0]?.url ?? '', slack);
      const r = await clicks({
        urls: apps.map((a) => a.url),
        slack,
        run: name,
        connections: o.connections,
        durationMs: o.durationMs,
      });
      for (const a of apps) await a.child.stop();
      return { clicksPerSecond: r.clicksPerSecond, acked: r.acked.length, stored: await storedAnswers(where, r.acked) };
    };
    const one = await run(1, 'one');
    s.log(`one instance: ${Math.round(one.clicksPerSecond)} clicks/s`);
    const two = await run(2, 'two');
    s.log(`two instances: ${Math.round(two.clicksPerSecond)} clicks/s`);
    if (!o.postgresBaseUrl) return { one, two };
    const pgOne = await run(1, 'pgone', await freshDatabase(o.postgresBaseUrl, 'tutor_bench_one'));
    s.log(`one instance on PostgreSQL: ${Math.round(pgOne.clicksPerSecond)} clicks/s`);
    const pgTwo = await run(2, 'pgtwo', await freshDatabase(o.postgresBaseUrl, 'tutor_bench_two'));
    return { one, two, postgres: { one: pgOne, two: pgTwo } };
  } finally {
    for (const c of children) await c.stop();
    await slack.stop();
  }
}
