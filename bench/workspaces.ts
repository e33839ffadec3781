/**
 * Leaderboard and streak queries over many workspaces on both backends: 10,000,000 answers in 100
 * workspaces, each with its own 1,000 people and 2 quiz channels (one question per channel each
 * weekday, 260 a year). The same seeded data goes into SQLite (a file kept in the temp folder, built
 * once) and into PostgreSQL (an empty database, filled each run), its derived tables (user_stats,
 * period_totals, the posts' counts) computed by the app's own rules; the app's own standings
 * queries are then timed on both with the same inputs, and both must return the same rows.
 *
 *   npx tsx bench/workspaces.ts                                  (BENCH_POSTGRES=0: SQLite only)
 *   BENCH_WORKSPACE_ANSWERS=200000 npx tsx bench/workspaces.ts   (a quieter year)
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Bank } from '../src/content/bank.ts';
import { loadBank } from '../src/content/load.ts';
import { migrate, readMigrations } from '../src/db/migrate.ts';
import type { Db } from '../src/db/open.ts';
import { migratePostgres } from '../src/db/postgres/migrate.ts';
import { createPool, PoolSql } from '../src/db/postgres/sql.ts';
import { standingsStore } from '../src/db/postgres/standings.ts';
import { leaderboard, personalRecord } from '../src/db/standings.ts';
import { POINTS_PER_CORRECT } from '../src/quiz/answer.ts';
import type { PostedQuestion } from '../src/quiz/grade.ts';
import { periodRange, utcBucketKeys } from '../src/quiz/periods.ts';
import { streakAfterAnswer } from '../src/quiz/streak.ts';
import type { StandingsStore } from '../src/services/stores.ts';
import { startPostgresServer } from '../test/support/postgres-server.ts';
import { END, type Plan, planAnswer, type QueryTiming, weekdays } from './standings.ts';
import { percentile, seededRandom } from './stats.ts';

// Bump when the generated data changes shape; the migrations' text and the answer count are part of the key too.
const GENERATOR_VERSION = 'workspaces-v1';
const WORKSPACES = 100;
const PEOPLE = 1_000;
const CHANNELS = 2;
const DAYS = 260;
const DEFAULT_ANSWERS = 10_000_000;
/** Workspaces post at 09:00, 13:00 or 17:00 UTC, so the zone corrections of a period meet real answers. */
const POST_HOURS = [9, 13, 17];
/** A person's activity is FLOOR + r^SKEW (r uniform), scaled: a few answer nearly daily, many now and then. */
const ACTIVITY_FLOOR = 0.06;
const ACTIVITY_SKEW = 2.2;
/** Plan 5% more than asked and six standard deviations of chance besides, then thin evenly to the exact count. */
const planned = (target: number) => 1.05 * target + 6 * Math.sqrt(target) + 10;
const RUNS = 60;
const WARMUP_RUNS = 5;
const TARGET_P95_MS = 20;
/** Rows per INSERT … SELECT FROM unnest(…) on PostgreSQL. */
const BATCH_ROWS = 20_000;
/** Workspaces whose period_totals are recomputed in SQL after a build, against the stored ones. */
const CHECKED_WORKSPACES = [0, 50, 99];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface WorkspaceBench {
  answers: number;
  workspaces: number;
  /** people with at least one answer */
  people: number;
  /** ms; 0 when it came from the cache */
  buildMs: number;
  queries: QueryTiming[];
}

/** The columns each table is filled with, in the order of the generated rows ('name:int', text otherwise). */
const COLUMNS = {
  workspaces: 'team_id created_at',
  quiz_channels: 'team_id channel_id schedule timezone state started_at updated_at',
  posts:
    'id:int team_id channel_id slot seq:int question_id topic question_json correct_key state message_ts attempts:int ' +
    'created_at posted_at reveal_due_at revealed_at answer_count:int correct_count:int',
  answers: 'post_id:int team_id user_id choice is_correct:int answered_at',
  user_stats:
    'team_id channel_id user_id points:int answers:int correct:int current_streak:int best_streak:int last_correct_seq:int updated_at',
  period_totals: 'team_id period start user_id points:int answers:int',
} as const;
type Table = keyof typeof COLUMNS;
type Rows = Record<Table, unknown[][]>;
const TABLES = Object.keys(COLUMNS) as Table[];
/** A table's column names and their PostgreSQL types. */
const columnsOf = (t: Table) =>
  COLUMNS[t].split(' ').map((c) => {
    const [name = c, type = 'text'] = c.split(':');
    return { name, type };
  });

const CHANNEL_COUNTERS_SQL = `INSERT INTO channel_counters (team_id, channel_id, last_seq)
  SELECT team_id, channel_id, MAX(seq) FROM posts WHERE seq IS NOT NULL GROUP BY team_id, channel_id`;

const w3 = (w: number) => String(w).padStart(3, '0');
const teamOf = (w: number) => `T0WS${w3(w)}`;
const channelOf = (w: number, c: number) => `C0WS${w3(w)}${String.fromCharCode(65 + c)}`;
const personOf = (w: number, u: number) => `U0WS${w3(w)}${String(u).padStart(4, '0')}`;
/** This workspace's part of the total, so the parts add up to it exactly. */
const shareOf = (w: number, total: number) => Math.floor(((w + 1) * total) / WORKSPACES) - Math.floor((w * total) / WORKSPACES);

type Candidates = Plan;

/** Everyone has a home channel, one in five the other one too; activity is scaled to plan a little over `target`. */
function candidates(random: () => number, target: number): Candidates {
  const members: number[][] = Array.from({ length: CHANNELS }, () => []);
  for (let u = 0; u < PEOPLE; u++) {
    members[u % CHANNELS]?.push(u);
    if (random() < 0.2) members[(u + 1) % CHANNELS]?.push(u);
  }
  const weight = Array.from({ length: PEOPLE }, () => ACTIVITY_FLOOR + random() ** ACTIVITY_SKEW);
  const expected = DAYS * members.flat().reduce((sum, u) => sum + (weight[u] ?? 0), 0);
  const activity = weight.map((x) => Math.min(0.98, (x * planned(target)) / expected));
  const skill = Array.from({ length: PEOPLE }, () => 0.45 + 0.5 * random());
  const capacity = Math.ceil(1.2 * planned(target));
  const p: Candidates = {
    user: new Int32Array(capacity),
    channel: new Uint8Array(capacity),
    day: new Int16Array(capacity),
    isCorrect: new Uint8Array(capacity),
    pick: new Float64Array(capacity),
    delay: new Float64Array(capacity),
    count: 0,
  };
  for (let d = 0; d < DAYS; d++) {
    members.forEach((users, c) => {
      for (const u of users) {
        if (random() >= (activity[u] ?? 0)) continue;
        if (p.count >= capacity) throw new Error('planned more answers than the plan holds');
        planAnswer(p, random, { user: u, channel: c, day: d, skill: skill[u] ?? 0 });
      }
    });
  }
  if (p.count < target) throw new Error(`planned only ${p.count} of ${target} answers`);
  return p;
}

interface Post {
  id: number;
  channel: string;
  seq: number;
  question: PostedQuestion;
  wrong: string[];
  postedAt: Date;
  answers: number;
  correct: number;
}

interface Answer {
  post: Post;
  userId: string;
  isCorrect: boolean;
  choice: string;
  at: number;
}

type StatsRow = [
  team: string,
  channel: string,
  user: string,
  points: number,
  answers: number,
  correct: number,
  currentStreak: number,
  bestStreak: number,
  lastCorrectSeq: number,
  updatedAt: string,
];
type TotalsRow = [team: string, period: 'week' | 'month', start: string, user: string, points: number, answers: number];

/** A workspace's rows, its derived ones kept as the app's answer store keeps them (db/answers.ts). */
class WorkspaceRows {
  readonly posts: Post[] = [];
  private readonly answers: unknown[][] = [];
  private readonly stats = new Map<string, StatsRow>();
  private readonly totals = new Map<string, TotalsRow>();

  constructor(readonly w: number) {}

  add(a: Answer): void {
    const team = teamOf(this.w);
    const at = new Date(a.at).toISOString();
    const correct = a.isCorrect ? 1 : 0;
    this.answers.push([a.post.id, team, a.userId, a.choice, correct, at]);
    a.post.answers++;
    a.post.correct += correct;
    const key = `${a.post.channel}/${a.userId}`;
    const [, , , points, answers, right, current, best, last] = this.stats.get(key) ?? ['', '', '', 0, 0, 0, 0, 0, 0, ''];
    const s = streakAfterAnswer({ currentStreak: current, bestStreak: best, lastCorrectSeq: last }, a.post.seq, a.isCorrect);
    this.stats.set(key, [
      team,
      a.post.channel,
      a.userId,
      points + correct * POINTS_PER_CORRECT,
      answers + 1,
      right + correct,
      s.currentStreak,
      s.bestStreak,
      s.lastCorrectSeq,
      at,
    ]);
    const buckets = utcBucketKeys(new Date(a.at));
    for (const period of ['week', 'month'] as const) {
      const k = `${period}/${buckets[period]}/${a.userId}`;
      const row = this.totals.get(k) ?? [team, period, buckets[period], a.userId, 0, 0];
      // As addToPeriodTotals: a bucket's points are its correct answers.
      row[4] += correct;
      row[5] += 1;
      this.totals.set(k, row);
    }
  }

  rows(): Rows {
    const team = teamOf(this.w);
    const first = this.posts[0]?.postedAt.toISOString() ?? END.toISOString();
    const hour = POST_HOURS[this.w % POST_HOURS.length] ?? 9;
    return {
      workspaces: [[team, first]],
      quiz_channels: Array.from({ length: CHANNELS }, (_, c) => [
        team,
        channelOf(this.w, c),
        `0 ${hour} * * 1-5`,
        'UTC',
        'active',
        first,
        first,
      ]),
      posts: this.posts.map((p) => postRow(team, p, p.seq === DAYS)),
      answers: this.answers,
      user_stats: [...this.stats.values()],
      period_totals: [...this.totals.values()],
    };
  }
}

/** The year's last post is still open; the others were revealed 8 hours after posting. */
function postRow(team: string, p: Post, isOpen: boolean): unknown[] {
  const postedAt = p.postedAt.toISOString();
  const revealAt = new Date(p.postedAt.getTime() + 8 * HOUR).toISOString();
  return [
    p.id,
    team,
    p.channel,
    postedAt,
    p.seq,
    p.question.id,
    p.question.topic,
    JSON.stringify(p.question),
    p.question.answer,
    isOpen ? 'posted' : 'revealed',
    `${p.postedAt.getTime() / 1000}.${p.channel.slice(-1)}00000`,
    1,
    postedAt,
    postedAt,
    revealAt,
    isOpen ? null : revealAt,
    p.answers,
    p.correct,
  ];
}

function newPost(w: number, c: number, d: number, day: Date, bank: Bank): Post {
  const q = bank.questions[(w * 11 + c * 37 + d) % bank.questions.length];
  if (!q) throw new Error('the bench needs a question bank');
  const question: PostedQuestion = { ...q, topicTitle: q.topic };
  return {
    id: (w * DAYS + d) * CHANNELS + c + 1,
    channel: channelOf(w, c),
    seq: d + 1,
    question,
    wrong: question.choices.filter((x) => x.key !== question.answer).map((x) => x.key),
    postedAt: day,
    answers: 0,
    correct: 0,
  };
}

/** Workspace w's year: exactly `target` answers, stored in time order as clicks would arrive. */
function workspaceOf(w: number, target: number, bank: Bank): Rows {
  const plan = candidates(seededRandom(7_000 + w), target);
  const isKept = (i: number) => Math.floor(((i + 1) * target) / plan.count) > Math.floor((i * target) / plan.count);
  const out = new WorkspaceRows(w);
  let i = 0;
  weekdays(POST_HOURS[w % POST_HOURS.length] ?? 9).forEach((day, d) => {
    const today: Answer[] = [];
    for (let c = 0; c < CHANNELS; c++) {
      const post = newPost(w, c, d, day, bank);
      out.posts.push(post);
      for (; i < plan.count && plan.day[i] === d && plan.channel[i] === c; i++) {
        if (!isKept(i)) continue;
        const isCorrect = plan.isCorrect[i] === 1;
        const choice = isCorrect
          ? post.question.answer
          : (post.wrong[Math.floor((plan.pick[i] ?? 0) * post.wrong.length)] ?? 'a');
        const at = day.getTime() + 30_000 + (plan.delay[i] ?? 0);
        today.push({ post, userId: personOf(w, plan.user[i] ?? 0), isCorrect, choice, at });
      }
    }
    today.sort((a, b) => a.at - b.at);
    for (const a of today) out.add(a);
  });
  return out.rows();
}

// ---- consistency ----

const COUNTS_SQL = `SELECT
  (SELECT COUNT(*) FROM answers) AS answers, (SELECT SUM(is_correct) FROM answers) AS correct,
  (SELECT SUM(answers) FROM user_stats) AS stats_answers, (SELECT SUM(correct) FROM user_stats) AS stats_correct,
  (SELECT SUM(points) FROM user_stats) AS stats_points,
  (SELECT SUM(answers) FROM period_totals WHERE period = 'week') AS week_answers,
  (SELECT SUM(points) FROM period_totals WHERE period = 'week') AS week_points,
  (SELECT SUM(answers) FROM period_totals WHERE period = 'month') AS month_answers,
  (SELECT SUM(points) FROM period_totals WHERE period = 'month') AS month_points,
  (SELECT SUM(answer_count) FROM posts) AS post_answers, (SELECT SUM(correct_count) FROM posts) AS post_correct,
  (SELECT COUNT(*) FROM (SELECT DISTINCT team_id, user_id FROM user_stats) AS people) AS people`;

type Counts = Record<'answers' | 'correct' | 'people', number> & Record<string, number>;

/**
 * A workspace's period_totals recomputed in SQL from its answers (SQLite: migration 002's bucket
 * formula; PostgreSQL: date_trunc), as differing rows either way: 0 when the stored totals are
 * exactly what the app's rule (utcBucketKeys) gives.
 */
const BUCKET_DIFF_SQL = {
  sqlite: (week: string) => `WITH computed AS (
      SELECT 'week' AS period, ${week} AS start, user_id, SUM(is_correct) AS points, COUNT(*) AS answers
        FROM answers WHERE team_id = :team GROUP BY 2, 3
      UNION ALL SELECT 'month', substr(answered_at, 1, 7), user_id, SUM(is_correct), COUNT(*)
        FROM answers WHERE team_id = :team GROUP BY 2, 3),
    stored AS (SELECT period, start, user_id, points, answers FROM period_totals WHERE team_id = :team)
    SELECT (SELECT COUNT(*) FROM (SELECT * FROM computed EXCEPT SELECT * FROM stored))
         + (SELECT COUNT(*) FROM (SELECT * FROM stored EXCEPT SELECT * FROM computed)) AS n`,
  postgres: (week: string) => `WITH computed AS (
      SELECT 'week'::text AS period, ${week} AS start, user_id, SUM(is_correct)::int AS points, COUNT(*)::int AS answers
        FROM answers WHERE team_id = $1 GROUP BY 2, 3
      UNION ALL SELECT 'month', substr(answered_at, 1, 7), user_id, SUM(is_correct)::int, COUNT(*)::int
        FROM answers WHERE team_id = $1 GROUP BY 2, 3),
    stored AS (SELECT period, start, user_id, points, answers FROM period_totals WHERE team_id = $1)
    SELECT (SELECT COUNT(*) FROM (SELECT * FROM computed EXCEPT SELECT * FROM stored) AS a)
         + (SELECT COUNT(*) FROM (SELECT * FROM stored EXCEPT SELECT * FROM computed) AS b) AS n`,
};
const SQLITE_WEEK = "date(answered_at, '-6 days', 'weekday 1')";
const POSTGRES_WEEK = "to_char(date_trunc('week', answered_at::timestamptz AT TIME ZONE 'UTC'), 'YYYY-MM-DD')";

function assertConsistent(backend: string, expected: number, c: Counts, bucketDiffs: number): void {
  const answers = ['answers', 'stats_answers', 'week_answers', 'month_answers', 'post_answers'].map((k) => c[k]);
  const correct = ['correct', 'stats_correct', 'week_points', 'month_points', 'post_correct'].map((k) => c[k]);
  const isConsistent =
    answers.every((n) => n === expected) &&
    correct.every((n) => n === c.correct) &&
    c.stats_points === c.correct * POINTS_PER_CORRECT &&
    bucketDiffs === 0;
  if (!isConsistent) {
    throw new Error(`${backend}: derived tables disagree with ${expected} answers: ${JSON.stringify({ ...c, bucketDiffs })}`);
  }
}

// ---- SQLite ----

function sqliteFile(answers: number): string {
  const key = createHash('sha256').update(GENERATOR_VERSION).update(String(answers));
  for (const m of readMigrations()) key.update(m.name).update(m.sql);
  return path.join(os.tmpdir(), `tutor-bench-workspaces-${answers}-${key.digest('hex').slice(0, 16)}.db`);
}

/** Older builds of the same size (other migrations, another generator) are 1–2 GB each at full size. */
function removeStaleFiles(file: string, answers: number): void {
  const prefix = `tutor-bench-workspaces-${answers}-`;
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (name.startsWith(prefix) && name.endsWith('.db') && path.join(os.tmpdir(), name) !== file) {
      fs.rmSync(path.join(os.tmpdir(), name), { force: true });
    }
  }
}

function sqliteCounts(db: Db): { counts: Counts; bucketDiffs: number } {
  const counts = db.prepare(COUNTS_SQL).get() as Counts;
  const diff = db.prepare(BUCKET_DIFF_SQL.sqlite(SQLITE_WEEK));
  const bucketDiffs = CHECKED_WORKSPACES.reduce((n, w) => n + (diff.get({ team: teamOf(w) }) as { n: number }).n, 0);
  return { counts, bucketDiffs };
}

/** Builds the SQLite file with every migration applied, then the year's rows in one transaction. */
function buildSqlite(file: string, answers: number, bank: Bank, log: (line: string) => void): void {
  const temp = `${file}.${process.pid}.tmp`;
  fs.rmSync(temp, { force: true });
  const db = new Database(temp);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    migrate(db);
    const insert = Object.fromEntries(
      TABLES.map((t) => {
        const names = columnsOf(t).map((c) => c.name);
        return [t, db.prepare(`INSERT INTO ${t} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`)];
      }),
    ) as Record<Table, Database.Statement>;
    const started = performance.now();
    db.transaction(() => {
      for (let w = 0; w < WORKSPACES; w++) {
        const rows = workspaceOf(w, shareOf(w, answers), bank);
        for (const t of TABLES) for (const row of rows[t]) insert[t].run(row);
        if ((w + 1) % 10 === 0) log(`SQLite: ${w + 1}/${WORKSPACES} workspaces, ${seconds(performance.now() - started)}`);
      }
      db.exec(CHANNEL_COUNTERS_SQL);
    })();
    const { counts, bucketDiffs } = sqliteCounts(db);
    assertConsistent('SQLite', answers, counts, bucketDiffs);
    db.exec('ANALYZE');
    db.close();
  } catch (err) {
    db.close();
    fs.rmSync(temp, { force: true });
    throw err;
  }
  fs.renameSync(temp, file);
}

/**
 * Reads the whole file once, so the timed queries find it in the OS page cache as a running app
 * finds its database, whether the file was built by this run or kept from an earlier one (a kept
 * file cold in the cache made the first query of the table three to seven times slower).
 */
function readThrough(file: string): number {
  const started = performance.now();
  const chunk = Buffer.allocUnsafe(8 * 1024 * 1024);
  const fd = fs.openSync(file, 'r');
  try {
    while (fs.readSync(fd, chunk, 0, chunk.length, null) > 0);
  } finally {
    fs.closeSync(fd);
  }
  return performance.now() - started;
}

/**
 * Writes back what the builds left dirty in the OS page cache (a gigabyte after the PostgreSQL
 * load was seen), so the kernel's writeback does not share the cores with the timed queries.
 */
function settle(): string {
  const started = performance.now();
  execFileSync('sync');
  return `dirty pages written back in ${seconds(performance.now() - started)}`;
}

async function benchSqlite(answers: number, bank: Bank, inputs: Inputs, log: (line: string) => void) {
  const file = sqliteFile(answers);
  let buildMs = 0;
  if (!fs.existsSync(file)) {
    removeStaleFiles(file, answers);
    log(`SQLite: building ${answers} answers into ${file}`);
    const started = performance.now();
    buildSqlite(file, answers, bank, log);
    buildMs = performance.now() - started;
  } else {
    log(`SQLite: ${file} (cached)`);
  }
  log(`SQLite: read the file through once in ${seconds(readThrough(file))}; ${settle()}`);
  const db = new Database(file, { readonly: true });
  try {
    const counts = db
      .prepare(
        'SELECT COUNT(*) AS answers, (SELECT COUNT(*) FROM (SELECT DISTINCT team_id, user_id FROM user_stats)) AS people FROM answers',
      )
      .get() as Counts;
    const store: StandingsStore = {
      leaderboard: async (teamId, range, limit) => leaderboard(db, teamId, range, limit),
      personalRecord: async (teamId, userId) => personalRecord(db, teamId, userId),
    };
    const timed = await timeQueries(store, inputs);
    return {
      bench: { answers: counts.answers, workspaces: WORKSPACES, people: counts.people, buildMs, queries: timed.queries },
      results: timed.results,
    };
  } finally {
    db.close();
  }
}

// ---- PostgreSQL ----

/**
 * The answers' secondary indexes and foreign keys, read from the catalog (so they stay what the
 * migrations made), dropped for the load and made again after it: one sort beats 10M index inserts.
 */
async function dropAnswerIndexes(client: pg.PoolClient): Promise<string[]> {
  const { rows } = await client.query<{ make: string; drop: string }>(
    `SELECT 'ALTER TABLE answers ADD CONSTRAINT ' || quote_ident(conname) || ' ' || pg_get_constraintdef(oid) AS make,
            'ALTER TABLE answers DROP CONSTRAINT ' || quote_ident(conname) AS drop
       FROM pg_constraint WHERE conrelid = 'answers'::regclass AND contype = 'f'
     UNION ALL
     SELECT pg_get_indexdef(indexrelid), 'DROP INDEX ' || indexrelid::regclass::text
       FROM pg_index WHERE indrelid = 'answers'::regclass AND NOT indisprimary`,
  );
  for (const r of rows) await client.query(r.drop);
  return rows.map((r) => r.make);
}

async function insertRows(client: pg.PoolClient, table: Table, rows: unknown[][]): Promise<void> {
  const columns = columnsOf(table);
  const arrays = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
  const text = `INSERT INTO ${table} (${columns.map((c) => c.name).join(', ')}) SELECT * FROM unnest(${arrays})`;
  for (let from = 0; from < rows.length; from += BATCH_ROWS) {
    const batch = rows.slice(from, from + BATCH_ROWS);
    await client.query(
      text,
      columns.map((_, c) => batch.map((row) => row[c])),
    );
  }
}

async function postgresCounts(client: pg.PoolClient): Promise<{ counts: Counts; bucketDiffs: number }> {
  const counts = (await client.query<Counts>(COUNTS_SQL)).rows[0] as Counts;
  let bucketDiffs = 0;
  for (const w of CHECKED_WORKSPACES) {
    bucketDiffs += (await client.query<{ n: number }>(BUCKET_DIFF_SQL.postgres(POSTGRES_WEEK), [teamOf(w)])).rows[0]?.n ?? 1;
  }
  return { counts, bucketDiffs };
}

/** Fills the empty database at `pool` with the same year as the SQLite file, then indexes, vacuums and checks it. */
async function buildPostgres(pool: pg.Pool, answers: number, bank: Bank, log: (line: string) => void): Promise<void> {
  await migratePostgres(pool);
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ n: number }>('SELECT COUNT(*) AS n FROM workspaces');
    if (rows[0]?.n !== 0) throw new Error('the PostgreSQL bench database must start empty');
    await client.query('SET synchronous_commit = off');
    await client.query("SET maintenance_work_mem = '512MB'");
    const remake = await dropAnswerIndexes(client);
    const started = performance.now();
    for (let w = 0; w < WORKSPACES; w++) {
      const data = workspaceOf(w, shareOf(w, answers), bank);
      for (const t of TABLES) await insertRows(client, t, data[t]);
      if ((w + 1) % 10 === 0) log(`PostgreSQL: ${w + 1}/${WORKSPACES} workspaces, ${seconds(performance.now() - started)}`);
    }
    for (const ddl of remake) await client.query(ddl);
    await client.query(CHANNEL_COUNTERS_SQL);
    await client.query("SELECT setval(pg_get_serial_sequence('posts', 'id'), (SELECT MAX(id) FROM posts))");
    // A table loaded in bulk has no visibility map yet: index-only scans would visit the heap until autovacuum ran.
    await client.query('VACUUM (ANALYZE)');
    const { counts, bucketDiffs } = await postgresCounts(client);
    assertConsistent('PostgreSQL', answers, counts, bucketDiffs);
  } finally {
    client.release();
  }
}

async function benchPostgres(url: string, answers: number, bank: Bank, inputs: Inputs, log: (line: string) => void) {
  const pool = createPool(url);
  try {
    const started = performance.now();
    log(`PostgreSQL: building ${answers} answers`);
    await buildPostgres(pool, answers, bank, log);
    const buildMs = performance.now() - started;
    log(`PostgreSQL: ${settle()}`);
    const people =
      (await pool.query<{ n: number }>('SELECT COUNT(*) AS n FROM (SELECT DISTINCT team_id, user_id FROM user_stats) AS p'))
        .rows[0]?.n ?? 0;
    const timed = await timeQueries(standingsStore(new PoolSql(pool)), inputs);
    return { bench: { answers, workspaces: WORKSPACES, people, buildMs, queries: timed.queries }, results: timed.results };
  } finally {
    await pool.end();
  }
}

// ---- timing ----

interface Inputs {
  teams: string[];
  nows: Date[];
  users: string[];
}

/** Random workspaces and people; the current period most of the time, older ones now and then (as bench/standings.ts). */
function inputsOf(count: number): Inputs {
  const random = seededRandom(11);
  const teams = Array.from({ length: count }, () => Math.floor(random() * WORKSPACES));
  return {
    teams: teams.map(teamOf),
    nows: Array.from({ length: count }, (_, i) =>
      i % 3 === 0 ? new Date(END.getTime() - random() * 330 * DAY) : new Date(END.getTime() - (i % 5) * DAY),
    ),
    users: teams.map((w) => personOf(w, Math.floor(random() * PEOPLE))),
  };
}

type Query = (store: StandingsStore, inputs: Inputs, i: number) => Promise<unknown>;
const QUERIES: { name: string; run: Query }[] = [
  ...(['week', 'month', 'all'] as const).map((period) => ({
    name: `leaderboard ${period}`,
    run: ((store, inputs, i) =>
      store.leaderboard(inputs.teams[i] ?? '', periodRange(period, inputs.nows[i] ?? END, 'UTC'))) satisfies Query,
  })),
  {
    name: 'leaderboard month (Pacific time)',
    run: (store, inputs, i) =>
      store.leaderboard(inputs.teams[i] ?? '', periodRange('month', inputs.nows[i] ?? END, 'America/Los_Angeles')),
  },
  {
    name: 'personalRecord (streak)',
    run: (store, inputs, i) => store.personalRecord(inputs.teams[i] ?? '', inputs.users[i] ?? ''),
  },
];

/** Each query over the same inputs, one call at a time, after a warm-up on inputs of its own; and what each returned. */
async function timeQueries(store: StandingsStore, inputs: Inputs): Promise<{ queries: QueryTiming[]; results: string[][] }> {
  const queries: QueryTiming[] = [];
  const results: string[][] = [];
  for (const q of QUERIES) {
    for (let i = RUNS; i < RUNS + WARMUP_RUNS; i++) await q.run(store, inputs, i);
    const timings: number[] = [];
    const returned: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      const r = await q.run(store, inputs, i);
      timings.push(performance.now() - start);
      returned.push(JSON.stringify(r));
    }
    timings.sort((a, b) => a - b);
    queries.push({ query: q.name, runs: RUNS, p50: percentile(timings, 50), p95: percentile(timings, 95) });
    results.push(returned);
  }
  return { queries, results };
}

/** The two backends hold the same year: the app's queries must answer alike on both. */
function assertSameResults(sqlite: string[][], postgres: string[][]): void {
  QUERIES.forEach((q, k) => {
    const i = (sqlite[k] ?? []).findIndex((r, j) => r !== postgres[k]?.[j]);
    if (i >= 0)
      throw new Error(`${q.name} differs between SQLite and PostgreSQL on input ${i}: ${sqlite[k]?.[i]} vs ${postgres[k]?.[i]}`);
  });
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Builds (SQLite: once, then from the temp folder) or fills (PostgreSQL: `postgresUrl`, an empty
 * database, left filled) the many-workspace year, and times the app's standings queries on each.
 */
export async function benchWorkspaceStandings(options: {
  postgresUrl?: string;
  answers?: number;
  log?: (line: string) => void;
}): Promise<{ sqlite: WorkspaceBench; postgres?: WorkspaceBench }> {
  const answers = options.answers ?? DEFAULT_ANSWERS;
  const log = options.log ?? (() => undefined);
  const bank = loadBank();
  const inputs = inputsOf(RUNS + WARMUP_RUNS);
  const sqlite = await benchSqlite(answers, bank, inputs, log);
  if (!options.postgresUrl) return { sqlite: sqlite.bench };
  const postgres = await benchPostgres(options.postgresUrl, answers, bank, inputs, log);
  assertSameResults(sqlite.results, postgres.results);
  return { sqlite: sqlite.bench, postgres: postgres.bench };
}

function print(result: { sqlite: WorkspaceBench; postgres?: WorkspaceBench }): void {
  for (const [name, b] of [
    ['SQLite', result.sqlite],
    ['PostgreSQL', result.postgres],
  ] as const) {
    if (!b) continue;
    const built = b.buildMs ? `built in ${seconds(b.buildMs)}` : 'cached';
    console.log(`${name}: ${b.answers} answers, ${b.workspaces} workspaces, ${b.people} people (${built})`);
  }
  const cell = (t?: QueryTiming) => (t ? `${t.p50.toFixed(2).padStart(7)} ${t.p95.toFixed(2).padStart(7)}` : ''.padEnd(15));
  const verdict = (t?: QueryTiming) => (t ? (t.p95 < TARGET_P95_MS ? 'ok' : 'MISSED') : '');
  console.log(
    `${'query (ms)'.padEnd(34)} ${'SQLite p50     p95'.padEnd(18)} ${'PostgreSQL p50 p95'.padEnd(18)} p95 < ${TARGET_P95_MS} ms`,
  );
  result.sqlite.queries.forEach((q, k) => {
    const p = result.postgres?.queries[k];
    console.log(`${q.query.padEnd(34)} ${cell(q)}    ${cell(p)}    ${verdict(q)} ${verdict(p)}`.trimEnd());
  });
}

async function main(): Promise<void> {
  const answers = Number(process.env.BENCH_WORKSPACE_ANSWERS ?? DEFAULT_ANSWERS);
  if (!Number.isInteger(answers) || answers < 1) throw new Error('BENCH_WORKSPACE_ANSWERS must be a positive whole number');
  const server = process.env.BENCH_POSTGRES === '0' ? undefined : await startPostgresServer();
  try {
    let postgresUrl: string | undefined;
    if (server) {
      const admin = new pg.Client({ connectionString: `${server.baseUrl}/postgres` });
      await admin.connect();
      await admin.query('CREATE DATABASE tutor_bench_workspaces');
      await admin.end();
      postgresUrl = `${server.baseUrl}/tutor_bench_workspaces`;
    }
    const log = (line: string) => console.log(`  ${line}`);
    print(await benchWorkspaceStandings({ answers, log, ...(postgresUrl ? { postgresUrl } : {}) }));
  } finally {
    await server?.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
