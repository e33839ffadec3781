/**
 * Start-up time, and answer-button clicks per second against the real app compared with a bare
 * Bolt app, over real HTTP on loopback. Each click comes from a new person, so every one is graded
 * and stored; the private reply each click gets (through response_url) is part of the work timed.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { FakeSlack } from '../test/support/fake-slack.ts';
import { actionBody, sendCommand, TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../test/support/slack-requests.ts';
import { benchPracticeClicks, type PracticeClickResult } from './practice-clicks.ts';
import { type Child, cpuSecondsOf, freePort, memoryOf, postSigned, startChild, waitForStatus } from './processes.ts';
import { median, percentile } from './stats.ts';

const ADMIN = 'U0BENCHADMIN';
const CHANNEL = 'C0BENCH';

/**
 * Receives the private replies (response_url) and notes when each arrived. The app only posts a
 * reply to Slack or to its SLACK_API_URL's origin, so the sink also stands in for the Web API:
 * anything under /api/ is passed on to the fake Slack (a few calls a run, none per click).
 */
export class ReplySink {
  readonly arrivals = new Map<string, number>();
  rejected = 0;
  /** TCP connections the repliers opened: a client that keeps them alive opens few */
  connections = 0;
  private server?: http.Server;
  url = '';

  constructor(
    private readonly isExpected: (body: string) => boolean,
    private readonly webApiUrl: string,
  ) {}

  /** The Web API base URL to give the app: this sink's origin, so its replies may come here. */
  get apiUrl(): string {
    return `${new URL(this.url).origin}/api/`;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      if ((req.url ?? '').startsWith('/api/')) {
        const target = new URL(`${this.webApiUrl}${(req.url ?? '').slice('/api/'.length)}`);
        const upstream = http.request(target, { method: req.method, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        upstream.on('error', () => res.writeHead(502).end());
        req.pipe(upstream);
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const id = (req.url ?? '').slice('/response/'.length);
        // Replies to set-up requests (a practice run's `/aws practice`) are neither counted nor checked.
        if (id.startsWith('setup-')) {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end('ok');
          return;
        }
        if (this.isExpected(Buffer.concat(chunks).toString('utf8'))) this.arrivals.set(id, performance.now());
        else this.rejected++;
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
      });
    });
    this.server.on('connection', () => this.connections++);
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/response/`;
  }

  async waitFor(ids: readonly string[], timeoutMs: number): Promise<number> {
    const until = performance.now() + timeoutMs;
    let missing = ids.filter((id) => !this.arrivals.has(id));
    while (missing.length > 0 && performance.now() < until) {
      await new Promise((r) => setTimeout(r, 20));
      missing = missing.filter((id) => !this.arrivals.has(id));
    }
    return missing.length;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

export interface LoadResult {
  target: string;
  /** clicks acknowledged with 200 (warm-up included) */
  acked: number;
  failed: number;
  /** acknowledged clicks whose reply never came */
  unanswered: number;
  /** clicks sent in the timed window, per second until the last of their replies arrived */
  clicksPerSecond: number;
  ackP50: number;
  ackP99: number;
  replyP50: number;
  replyP99: number;
  /** CPU time the target process spent per acknowledged click, in ms (all of the run) */
  cpuMsPerClick: number;
  /** the same for this process: load generator, fake Slack and reply sink */
  benchCpuMsPerClick: number;
  /** connections opened to deliver the run's replies */
  replyConnections: number;
}

interface Question {
  postId: number;
  letters: string[];
  messageTs: string;
}

/** Closed-loop load: `connections` clients, each sending its next click when the last is acknowledged. */
async function clickLoad(o: {
  target: string;
  url: string;
  pid: number;
  run: string;
  question: Question;
  /** where replies arrive; none for the ack-only app, whose clicks end at the ack */
  sink?: ReplySink;
  connections: number;
  warmupMs: number;
  durationMs: number;
}): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.connections });
  const url = new URL('/slack/events', o.url);
  const { postId, letters, messageTs } = o.question;
  const cpuBefore = cpuSecondsOf(o.pid);
  const connectionsBefore = o.sink?.connections ?? 0;
  const benchCpuBefore = process.cpuUsage();
  const start = performance.now();
  const from = start + o.warmupMs;
  const until = from + o.durationMs;
  const acked: string[] = [];
  const timed: { id: string; sentAt: number }[] = [];
  const ackMs: number[] = [];
  let failed = 0;
  let next = 0;
  const client = async () => {
    while (performance.now() < until) {
      const i = next++;
      const id = `${o.run}-${i}`;
      const letter = letters[(i * 7) % letters.length] ?? 'a';
      const body = actionBody({
        actionId: `answer_${letter}`,
        value: `${postId}:${letter}`,
        user: `U${o.run.toUpperCase()}X${i}`,
        channel: CHANNEL,
        messageTs,
        responseUrl: `${o.sink?.url ?? 'http://127.0.0.1:9/response/'}${id}`,
      });
      const sentAt = performance.now();
      const status = await postSigned(agent, url, body);
      if (status !== 200) {
        failed++;
        continue;
      }
      acked.push(id);
      if (sentAt >= from) {
        timed.push({ id, sentAt });
        ackMs.push(performance.now() - sentAt);
      }
    }
  };
  await Promise.all(Array.from({ length: o.connections }, client));
  agent.destroy();
  const sink = o.sink;
  const unanswered = sink ? await sink.waitFor(acked, 15_000) : 0;
  const cpuSeconds = cpuSecondsOf(o.pid) - cpuBefore;
  const benchCpu = process.cpuUsage(benchCpuBefore);
  const arrived = (id: string) => sink?.arrivals.get(id);
  const replyMs = timed.map((t) => (arrived(t.id) ?? Number.NaN) - t.sentAt).filter(Number.isFinite);
  // The window closes when the last reply to a click sent in it has arrived: work queued after
  // the ack counts against the rate as much as the ack itself.
  let lastReply = until;
  for (const t of timed) lastReply = Math.max(lastReply, arrived(t.id) ?? 0);
  ackMs.sort((a, b) => a - b);
  replyMs.sort((a, b) => a - b);
  for (const id of acked) sink?.arrivals.delete(id);
  return {
    target: o.target,
    acked: acked.length,
    failed,
    unanswered,
    clicksPerSecond: timed.length / ((lastReply - from) / 1000),
    ackP50: percentile(ackMs, 50),
    ackP99: percentile(ackMs, 99),
    replyP50: percentile(replyMs, 50),
    replyP99: percentile(replyMs, 99),
    cpuMsPerClick: (1000 * cpuSeconds) / Math.max(1, acked.length),
    benchCpuMsPerClick: (benchCpu.user + benchCpu.system) / 1000 / Math.max(1, acked.length),
    replyConnections: (sink?.connections ?? 0) - connectionsBefore,
  };
}

export interface StartupResult {
  command: string;
  /** first start on an empty data folder: creates the database, validates all content */
  coldMs: number;
  /** later starts, when the content cache matches */
  warmMs: number[];
}

type Summary = Omit<LoadResult, 'target' | 'acked' | 'failed' | 'unanswered'>;

export interface ThroughputResult {
  startup: StartupResult;
  runs: LoadResult[];
  /** pg: the same app on PostgreSQL (DATABASE_URL), when the bench was given a database */
  summary: Record<'app' | 'bare' | 'ack', Summary> & { pg?: Summary };
  ratio: number;
  clicks: { acked: number; failed: number; unanswered: number; answerRows: number; rejectedReplies: number };
  /** the PostgreSQL app's clicks, as `clicks` */
  pgClicks?: { acked: number; failed: number; unanswered: number; answerRows: number };
  /**
   * RSS once started and idle, at the end of the click runs (anonMb of it the process's own
   * memory, the rest mapped from disk), its peak, and once idle again (V8 collects the load's garbage)
   */
  memory: { startedMb: number; rssMb: number; anonMb: number; peakMb: number; settledMb: number; settledAfterS: number };
  /** Practice answer clicks on the same app after the daily runs: ack and feedback latency. */
  practice: PracticeClickResult;
}

export interface ThroughputOptions {
  root: string;
  workDir: string;
  rounds: number;
  warmupMs: number;
  durationMs: number;
  connections: number;
  warmStarts: number;
  /** People who each answer one practice question in the practice click run. */
  practicePeople: number;
  /** An empty PostgreSQL database: the app is also run on it (DATABASE_URL), beside SQLite. */
  postgresUrl?: string;
  log?: (line: string) => void;
}

/**
 * The command `npm start` runs, minus npm, so RSS and start-up are the app's own: node's arguments,
 * and the environment variables the script sets before it (glibc's malloc tuning).
 */
export function startCommand(root: string): { args: string[]; env: Record<string, string> } {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  // `NAME=value … exec node …`: the shell npm starts replaces itself with node, with those set.
  const words = pkg.scripts.start.split(' ');
  const env: Record<string, string> = {};
  while (/^[A-Z_][A-Z0-9_]*=/.test(words[0] ?? '')) {
    const [name = '', ...value] = (words.shift() ?? '').split('=');
    env[name] = value.join('=');
  }
  if (words[0] === 'exec') words.shift();
  const [command, ...args] = words;
  if (command !== 'node') throw new Error(`npm start does not run node directly: ${pkg.scripts.start}`);
  return { args, env };
}

export async function benchThroughput(o: ThroughputOptions): Promise<ThroughputResult> {
  const log = o.log ?? (() => {});
  const slack = new FakeSlack();
  const apiUrl = await slack.start();
  const appReplies = new ReplySink((body) => body.includes('*Correct*') || body.includes('*Not quite*'), apiUrl);
  const bareReplies = new ReplySink((body) => body.includes('Thanks, noted.'), apiUrl);
  await appReplies.start();
  await bareReplies.start();
  const children: Child[] = [];
  try {
    const dataDir = path.join(o.workDir, 'data');
    fs.mkdirSync(dataDir, { recursive: true });
    // For experiments: BENCH_APP_NODE_ARGS adds node flags (--cpu-prof, --trace-gc, …) and
    // BENCH_APP_ENV variables (MALLOC_ARENA_MAX=2 …) to the app's command line and environment.
    const extraEnv = Object.fromEntries(
      (process.env.BENCH_APP_ENV?.split(' ').filter(Boolean) ?? []).map((kv) => [
        kv.split('=')[0],
        kv.split('=').slice(1).join('='),
      ]),
    );
    const start = startCommand(o.root);
    const args = [...(process.env.BENCH_APP_NODE_ARGS?.split(' ').filter(Boolean) ?? []), ...start.args];
    const appEnv = (port: number) => ({
      PATH: process.env.PATH ?? '',
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: appReplies.apiUrl,
      PORT: String(port),
      DATABASE_PATH: path.join(dataDir, 'tutor.db'),
      ADMIN_USER_IDS: ADMIN,
      ...start.env,
      ...extraEnv,
    });
    const startApp = async (database: Record<string, string> = {}, logName = 'app.log') => {
      const port = await freePort();
      const since = performance.now();
      const child = startChild(process.execPath, args, {
        cwd: o.root,
        env: { ...appEnv(port), ...database },
        logFile: path.join(o.workDir, logName),
      });
      children.push(child);
      const ms = await waitForStatus(`http://127.0.0.1:${port}/healthz`, { since, child });
      return { child, port, ms };
    };

    // The same app on PostgreSQL, its own question posted with `/aws quiz now` as the SQLite one's.
    const startPostgresApp = async (url: string) => {
      const started = await startApp({ DATABASE_URL: url }, 'app-pg.log');
      const pgUrl = `http://127.0.0.1:${started.port}`;
      return { url: pgUrl, pid: started.child.pid, question: await quizNow(pgUrl, slack, 'quiz-pg') };
    };

    // Start-up: the first start on an empty data folder, then restarts.
    const cold = await startApp();
    await cold.child.stop();
    const warmMs: number[] = [];
    for (let i = 0; i < o.warmStarts; i++) {
      const s = await startApp();
      warmMs.push(s.ms);
      await s.child.stop();
    }
    log(`start-up: cold ${cold.ms.toFixed(0)} ms, warm ${warmMs.map((m) => m.toFixed(0)).join(', ')} ms`);

    const app = await startApp();
    const appUrl = `http://127.0.0.1:${app.port}`;
    const question = await quizNow(appUrl, slack, 'quiz');
    const startedMb = memoryOf(app.child.pid).rssMb;
    const pg = o.postgresUrl ? await startPostgresApp(o.postgresUrl) : undefined;

    const barePort = await freePort();
    const ackPort = await freePort();
    const bareArgs = ['--import', 'tsx', path.join('bench', 'bare-app.ts')];
    const bareEnv = (port: number, mode: string) => ({
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_API_URL: bareReplies.apiUrl,
      BARE_MODE: mode,
    });
    const bare = startChild(process.execPath, bareArgs, {
      cwd: o.root,
      env: bareEnv(barePort, 'reply'),
      logFile: path.join(o.workDir, 'bare.log'),
    });
    const ack = startChild(process.execPath, bareArgs, {
      cwd: o.root,
      env: bareEnv(ackPort, 'ack'),
      logFile: path.join(o.workDir, 'ack.log'),
    });
    children.push(bare, ack);
    // Bolt answers 404 to any path but its endpoint: listening is all we wait for.
    await waitForStatus(`http://127.0.0.1:${barePort}/ready`, { since: performance.now(), child: bare, want: 404 });
    await waitForStatus(`http://127.0.0.1:${ackPort}/ready`, { since: performance.now(), child: ack, want: 404 });

    const targets = [
      { target: 'app', url: appUrl, pid: app.child.pid, sink: appReplies, question },
      ...(pg ? [{ target: 'pg', url: pg.url, pid: pg.pid, sink: appReplies, question: pg.question }] : []),
      { target: 'bare', url: `http://127.0.0.1:${barePort}`, pid: bare.pid, sink: bareReplies, question },
      { target: 'ack', url: `http://127.0.0.1:${ackPort}`, pid: ack.pid, question },
    ];
    // One untimed run each first, so that no target's timed runs include its JIT warming up.
    const warmups: LoadResult[] = [];
    for (const t of targets) {
      warmups.push(
        await clickLoad({
          ...t,
          run: `${t.target}w`,
          connections: o.connections,
          warmupMs: 0,
          durationMs: o.warmupMs * 2,
        }),
      );
    }
    const runs: LoadResult[] = [];
    // Alternate the targets so that noise from the rest of the machine falls on all of them alike.
    for (let round = 0; round < o.rounds; round++) {
      for (const t of targets) {
        const r = await clickLoad({
          ...t,
          run: `${t.target}${round}`,
          connections: o.connections,
          warmupMs: o.warmupMs,
          durationMs: o.durationMs,
        });
        runs.push(r);
        log(
          `${t.target.padEnd(4)} round ${round + 1}: ${r.clicksPerSecond.toFixed(0)} clicks/s, ack p50 ${r.ackP50.toFixed(1)} ms p99 ${r.ackP99.toFixed(1)} ms, reply p50 ${r.replyP50.toFixed(1)} ms p99 ${r.replyP99.toFixed(1)} ms, CPU ${r.cpuMsPerClick.toFixed(3)} ms/click (bench ${r.benchCpuMsPerClick.toFixed(3)}), ${r.replyConnections} reply connections${r.failed || r.unanswered ? `, ${r.failed} failed, ${r.unanswered} unanswered` : ''}`,
        );
      }
    }
    const atEnd = memoryOf(app.child.pid);
    const settled = await settledMemory(app.child.pid, atEnd.rssMb);
    const memory = { startedMb, ...atEnd, settledMb: settled.mb, settledAfterS: settled.afterS };
    log(
      `app RSS ${startedMb.toFixed(0)} MB before the runs, ${atEnd.rssMb.toFixed(0)} MB at their end (${atEnd.anonMb.toFixed(0)} MB anonymous; peak ${atEnd.peakMb.toFixed(0)} MB), ${settled.mb.toFixed(0)} MB ${settled.afterS} s later`,
    );
    const practice = await benchPracticeClicks({
      url: appUrl,
      pid: app.child.pid,
      slack,
      sink: appReplies,
      people: o.practicePeople,
      connections: o.connections,
    });
    log(
      `practice: ${practice.clicks} clicks, ack p50 ${practice.ackP50.toFixed(1)} ms p99 ${practice.ackP99.toFixed(1)} ms, feedback p50 ${practice.replyP50.toFixed(1)} ms p99 ${practice.replyP99.toFixed(1)} ms, CPU ${practice.cpuMsPerClick.toFixed(3)} ms/click${practice.failed || practice.unanswered ? `, ${practice.failed} failed, ${practice.unanswered} unanswered` : ''}`,
    );
    const appRuns = [...warmups, ...runs].filter((r) => r.target === 'app');
    const answerRows = countAnswers(path.join(dataDir, 'tutor.db'), question.postId);
    const pgRuns = [...warmups, ...runs].filter((r) => r.target === 'pg');
    const pgClicks =
      pg && o.postgresUrl
        ? {
            acked: pgRuns.reduce((n, r) => n + r.acked, 0),
            failed: pgRuns.reduce((n, r) => n + r.failed, 0),
            unanswered: pgRuns.reduce((n, r) => n + r.unanswered, 0),
            answerRows: await countPostgresAnswers(o.postgresUrl, pg.question.postId),
          }
        : undefined;
    const summary = Object.fromEntries(
      targets.map(({ target }) => {
        const mine = runs.filter((r) => r.target === target);
        const m = (pick: (r: LoadResult) => number) => median(mine.map(pick));
        return [
          target,
          {
            clicksPerSecond: m((r) => r.clicksPerSecond),
            ackP50: m((r) => r.ackP50),
            ackP99: m((r) => r.ackP99),
            replyP50: m((r) => r.replyP50),
            replyP99: m((r) => r.replyP99),
            cpuMsPerClick: m((r) => r.cpuMsPerClick),
            benchCpuMsPerClick: m((r) => r.benchCpuMsPerClick),
          },
        ];
      }),
    ) as ThroughputResult['summary'];
    return {
      startup: {
        command: [...Object.entries(start.env).map(([k, v]) => `${k}=${v}`), 'node', ...args].join(' '),
        coldMs: cold.ms,
        warmMs,
      },
      runs,
      summary,
      ratio: summary.app.clicksPerSecond / summary.bare.clicksPerSecond,
      clicks: {
        acked: appRuns.reduce((n, r) => n + r.acked, 0),
        failed: appRuns.reduce((n, r) => n + r.failed, 0),
        unanswered: appRuns.reduce((n, r) => n + r.unanswered, 0),
        answerRows,
        rejectedReplies: appReplies.rejected,
      },
      ...(pgClicks ? { pgClicks } : {}),
      memory,
      practice,
    };
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    await appReplies.stop();
    await bareReplies.stop();
    await slack.stop();
  }
}

/**
 * RSS once the app is idle: V8 lets garbage pile up while there is load and memory to spare, and
 * its memory reducer collects it some seconds after the load stops. Waits until it has dropped
 * and held for two readings, or 20 s.
 */
async function settledMemory(pid: number, atEnd: number): Promise<{ mb: number; afterS: number }> {
  let previous = atEnd;
  for (let s = 1; s <= 20; s++) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = memoryOf(pid).rssMb;
    if (now < 0.8 * atEnd && Math.abs(now - previous) < 1) return { mb: now, afterS: s };
    previous = now;
  }
  return { mb: previous, afterS: 20 };
}

/**
 * `/aws quiz now` until the question posted has letter buttons (a choose-two question has
 * checkboxes and Submit instead; a new `quiz now` posts another question).
 */
async function quizNow(url: string, slack: FakeSlack, label: string): Promise<Question> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const index = slack.callsOf('chat.postMessage').length;
    const r = await sendCommand(url, {
      text: 'quiz now',
      user: ADMIN,
      channel: CHANNEL,
      responseUrl: slack.responseUrl(`${label}-${attempt}`),
    });
    if (r.status !== 200) throw new Error(`/aws quiz now answered ${r.status}`);
    const question = await postedQuestion(slack, index);
    if (question) return question;
  }
  throw new Error('/aws quiz now posted only questions without letter buttons');
}

/** The question posted as call `index`: its post id and choice letters, from the buttons' values; undefined without letter buttons. */
async function postedQuestion(slack: FakeSlack, index: number): Promise<Question | undefined> {
  const until = performance.now() + 10_000;
  while (performance.now() < until) {
    const call = slack.callsOf('chat.postMessage')[index];
    if (call) {
      const values: string[] = [];
      const walk = (v: unknown): void => {
        if (Array.isArray(v)) v.forEach(walk);
        else if (v && typeof v === 'object') {
          const o = v as Record<string, unknown>;
          if (typeof o.action_id === 'string' && o.action_id.startsWith('answer_') && typeof o.value === 'string') {
            values.push(o.value);
          }
          Object.values(o).forEach(walk);
        }
      };
      walk(call.args.blocks);
      const parsed = values.map((v) => v.split(':') as [string, string]);
      const postId = Number(parsed[0]?.[0]);
      if (!Number.isInteger(postId) || parsed.length < 2) return undefined;
      return { postId, letters: parsed.map(([, letter]) => letter), messageTs: String(call.result?.ts ?? '') };
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('/aws quiz now posted no question');
}

async function countPostgresAnswers(url: string, postId: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM answers WHERE post_id = $1', [postId]);
    return rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
}

function countAnswers(file: string, postId: number): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM answers WHERE post_id = ?').get(postId) as { n: number }).n;
  } finally {
    db.close();
  }
}
