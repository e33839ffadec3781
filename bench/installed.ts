/**
 * Memory per 1,000 installed workspaces in multi-workspace (OAuth) mode: the app's resident memory
 * after one command from each of N installed workspaces, less its memory after as many commands from
 * a single workspace, so what remains is what each active workspace keeps. The app runs as
 * `npm start` runs it (dist/, built by bench/run.ts, or by main() below when run on its own).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStorage } from '../src/runtime/storage.ts';
import { FakeSlack } from '../test/support/fake-slack.ts';
import { MULTI_WORKSPACE_ENV } from '../test/support/install-flow.ts';
import { sendCommand, TEST_SIGNING_SECRET } from '../test/support/slack-requests.ts';
import { type Child, freePort, memoryOf, startChild, waitForStatus } from './processes.ts';
import { median } from './stats.ts';
import { startCommand } from './throughput.ts';

const DEFAULT_WORKSPACES = 1000;
/** Commands in flight at once, as a busy hour's traffic from many workspaces might be. */
const CONCURRENCY = 10;
/** Passes of one command per workspace: the second finds every cache the first filled. */
const PASSES = 2;
/** An admin command: installation lookup (Bolt's authorize, the installer check), channel, posts; answered on response_url. */
const COMMAND = 'quiz status';
/** What the status reply says when the channel was found and the person counted as admin. */
const STATUS_REPLY = 'Daily quiz here';
const REPLY_TIMEOUT_MS = 60_000;
/** The fall in RSS that says a full collection has run since the load ended. */
const GC_DROP_MB = 2;
/** Steady: RSS within this band for this many readings a second apart. */
const STEADY_MB = 0.5;
const STEADY_S = 5;
/** Longest wait for the drop: a heap that had nothing to give back never shows one. */
const SETTLE_MAX_S = 75;
/** Readings after settling, a second apart; their median is the figure. */
const READINGS = 7;
const UNUSED_API_URL = 'http://127.0.0.1:9/api/';

export interface InstalledResult {
  workspaces: number;
  baselineMb: number;
  loadedMb: number;
  perThousandMb: number;
  /** Commands sent, both runs and all passes together. */
  requests: number;
  /** Commands not acknowledged with 200, or whose status reply never came on response_url. */
  failed: number;
}

interface Workspace {
  teamId: string;
  channelId: string;
  installerUserId: string;
}

export interface InstalledOptions {
  root: string;
  workDir: string;
  log: (line: string) => void;
  workspaces?: number;
}

const workspaceAt = (i: number): Workspace => {
  const n = String(i).padStart(5, '0');
  return { teamId: `T0B${n}`, channelId: `C0B${n}`, installerUserId: `U0B${n}` };
};

/** A daily schedule twelve hours from now (UTC), so no question is due while the bench runs. */
function quietSchedule(now: Date): string {
  return `0 ${(now.getUTCHours() + 12) % 24} * * *`;
}

/** A fresh SQLite file with each workspace installed (its own bot token) and running a quiz in one channel. */
async function seedDatabase(databasePath: string, key: Buffer, workspaces: Workspace[]): Promise<void> {
  const storage = await openStorage({ databasePath });
  try {
    const installations = storage.installations(key);
    const now = new Date();
    const schedule = quietSchedule(now);
    for (const w of workspaces) {
      await installations.save({
        teamId: w.teamId,
        enterpriseId: null,
        isEnterpriseInstall: false,
        botToken: `xoxb-${w.teamId.slice(1)}-bench-${randomBytes(12).toString('hex')}`,
        botUserId: `U${w.teamId}BOT`,
        botId: `B${w.teamId}`,
        scopes: ['commands', 'chat:write', 'chat:write.public', 'users:read', 'im:write'],
        installerUserId: w.installerUserId,
        installedAt: now,
      });
      const quiz = { teamId: w.teamId, channelId: w.channelId, schedule, timezone: 'UTC', userId: w.installerUserId };
      await storage.stores.channels.upsert(quiz, now);
    }
  } finally {
    await storage.close();
  }
}

async function startOAuthApp(options: InstalledOptions, name: string, env: { apiUrl: string; dbPath: string; key: Buffer }) {
  const port = await freePort();
  const since = performance.now();
  const start = startCommand(options.root);
  const child = startChild(process.execPath, start.args, {
    cwd: options.root,
    env: {
      ...start.env,
      PATH: process.env.PATH ?? '',
      ...MULTI_WORKSPACE_ENV,
      TOKEN_ENCRYPTION_KEY: env.key.toString('base64'),
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: env.apiUrl,
      PORT: String(port),
      DATABASE_PATH: env.dbPath,
    },
    logFile: path.join(options.workDir, `${name}.log`),
  });
  try {
    await waitForStatus(`http://127.0.0.1:${port}/healthz`, { since, child, timeoutMs: 60_000 });
  } catch (err) {
    await child.stop();
    throw err;
  }
  return { child, url: `http://127.0.0.1:${port}` };
}

/** Sends one command per entry of `senders`, `CONCURRENCY` at a time; the ids of those acknowledged with 200. */
async function sendCommands(url: string, slack: FakeSlack, senders: Workspace[], run: string): Promise<string[]> {
  const acked: string[] = [];
  let next = 0;
  const client = async () => {
    for (let i = next++; i < senders.length; i = next++) {
      const w = senders[i] as Workspace;
      const id = `${run}-${i}`;
      const command = { text: COMMAND, user: w.installerUserId, team: w.teamId, channel: w.channelId };
      const res = await sendCommand(url, { ...command, responseUrl: slack.responseUrl(id) }).catch(() => ({ status: 0 }));
      if (res.status === 200) acked.push(id);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  return acked;
}

/** How many of `ids` got no status reply on response_url within the timeout. */
async function unanswered(slack: FakeSlack, ids: string[]): Promise<number> {
  const answered = new Set<string>();
  let seen = 0;
  const until = Date.now() + REPLY_TIMEOUT_MS;
  for (;;) {
    for (; seen < slack.responses.length; seen++) {
      const r = slack.responses[seen];
      if (r && String(r.body.text ?? '').includes(STATUS_REPLY)) answered.add(r.path.slice('/response/'.length));
    }
    const missing = ids.filter((id) => !answered.has(id)).length;
    if (missing === 0 || Date.now() > until) return missing;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * RSS once V8 has given back what the load left behind: it stays flat for a while after the last
 * request, then one full collection (V8's memory reducer, or one after a scheduler tick) drops it by
 * several MB, 10 to 45 s later. So wait for that drop and a few steady seconds after it (or give up
 * waiting), then take the median of several readings a second apart.
 */
async function settledRss(pid: number): Promise<{ rssMb: number; anonMb: number; settledAfterS: number; dropMb: number }> {
  const second = () => new Promise((r) => setTimeout(r, 1000));
  const atLoadEnd = memoryOf(pid).rssMb;
  const trail: number[] = [];
  while (trail.length < SETTLE_MAX_S) {
    await second();
    trail.push(memoryOf(pid).rssMb);
    const hasDropped = atLoadEnd - Math.min(...trail) >= GC_DROP_MB;
    const recent = trail.slice(-STEADY_S);
    const isSteady = recent.length === STEADY_S && Math.max(...recent) - Math.min(...recent) < STEADY_MB;
    if (hasDropped && isSteady) break;
  }
  const readings: ReturnType<typeof memoryOf>[] = [];
  for (let i = 0; i < READINGS; i++) {
    readings.push(memoryOf(pid));
    if (i < READINGS - 1) await second();
  }
  const rssMb = median(readings.map((r) => r.rssMb));
  return { rssMb, anonMb: median(readings.map((r) => r.anonMb)), settledAfterS: trail.length, dropMb: atLoadEnd - rssMb };
}

/** The first start on a folder validates the content and caches it beside the database; later starts read the cache (and use less memory). */
async function warmContentCache(options: InstalledOptions): Promise<void> {
  const dbPath = path.join(options.workDir, 'installed-warm-up.db');
  const key = randomBytes(32);
  await seedDatabase(dbPath, key, [workspaceAt(0)]);
  // Nothing is due and no request comes: this start asks Slack nothing.
  const app = await startOAuthApp(options, 'installed-warm-up', { apiUrl: UNUSED_API_URL, dbPath, key });
  await app.child.stop();
}

/** One app on a database of `installed` workspaces, `senders` commanding it in every pass; its settled RSS. */
async function measureRun(
  options: InstalledOptions,
  name: string,
  run: { installed: Workspace[]; senders: Workspace[] },
): Promise<{ rssMb: number; requests: number; failed: number }> {
  const dbPath = path.join(options.workDir, `${name}.db`);
  const key = randomBytes(32);
  await seedDatabase(dbPath, key, run.installed);
  const slack = new FakeSlack();
  const apiUrl = await slack.start();
  let app: { child: Child; url: string } | undefined;
  try {
    app = await startOAuthApp(options, name, { apiUrl, dbPath, key });
    const startedMb = memoryOf(app.child.pid).rssMb;
    let failed = 0;
    for (let pass = 1; pass <= PASSES; pass++) {
      const acked = await sendCommands(app.url, slack, run.senders, `${name}-${pass}`);
      failed += run.senders.length - acked.length + (await unanswered(slack, acked));
    }
    const settled = await settledRss(app.child.pid);
    options.log(
      `${name}: ${run.installed.length} installed, ${run.senders.length * PASSES} commands, ${failed} failed; RSS ${startedMb.toFixed(1)} MB at start, ${settled.rssMb.toFixed(1)} MB settled after ${settled.settledAfterS} s (${settled.dropMb.toFixed(1)} MB below the load's end; ${settled.anonMb.toFixed(1)} MB anonymous)`,
    );
    return { rssMb: settled.rssMb, requests: run.senders.length * PASSES, failed };
  } finally {
    await app?.child.stop();
    await slack.stop();
  }
}

/** Baseline: one installed workspace sends N commands a pass; loaded: N installed workspaces send one each. */
export async function benchInstalledWorkspaces(options: InstalledOptions): Promise<InstalledResult> {
  const workspaces = options.workspaces ?? DEFAULT_WORKSPACES;
  if (workspaces < 2) throw new Error('the loaded run needs at least 2 workspaces');
  const all = Array.from({ length: workspaces }, (_, i) => workspaceAt(i));
  const one = all.slice(0, 1);
  await warmContentCache(options);
  const baseline = await measureRun(options, 'installed-baseline', {
    installed: one,
    senders: all.map(() => one[0] as Workspace),
  });
  const loaded = await measureRun(options, 'installed-loaded', { installed: all, senders: all });
  return {
    workspaces,
    baselineMb: baseline.rssMb,
    loadedMb: loaded.rssMb,
    perThousandMb: ((loaded.rssMb - baseline.rssMb) * 1000) / (workspaces - 1),
    requests: baseline.requests + loaded.requests,
    failed: baseline.failed + loaded.failed,
  };
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Compiles src/ to dist/ as `npm run build` does, so the app runs the code as it is now. */
function build(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--noCheck'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}${r.stderr}`);
}

/** `npx tsx bench/installed.ts [workspaces]`; BENCH_KEEP=1 keeps the logs and databases. */
async function main(): Promise<void> {
  build();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-installed-'));
  const started = performance.now();
  try {
    const workspaces = process.argv[2] ? Number(process.argv[2]) : undefined;
    const result = await benchInstalledWorkspaces({
      root: ROOT,
      workDir,
      log: (line) => console.log(line),
      ...(workspaces ? { workspaces } : {}),
    });
    console.log(JSON.stringify({ ...result, seconds: Math.round((performance.now() - started) / 1000) }, null, 2));
    if (result.failed > 0) process.exitCode = 1;
  } finally {
    if (process.env.BENCH_KEEP) console.log(`logs and databases kept in ${workDir}`);
    else fs.rmSync(workDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
