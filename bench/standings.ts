/**
 * Leaderboard and streak queries over a year of a busy workspace: 1,000,000 answers by 10,000
 * people in 5 quiz channels (one question per channel each weekday, 260 a year). The database is
 * built with the app's own migrations, with user_stats consistent with the answers (points,
 * streaks), and kept in the temp folder so the next run starts at once.
 *
 *   npx tsx bench/standings.ts
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import type { Bank } from '../src/content/bank.ts';
import { loadBank } from '../src/content/load.ts';
import { migrate, readMigrations } from '../src/db/migrate.ts';
import type { Db } from '../src/db/open.ts';
import { leaderboard, personalRecord } from '../src/db/standings.ts';
import type { PostedQuestion } from '../src/quiz/grade.ts';
import { type Period, periodRange } from '../src/quiz/periods.ts';
import { EMPTY_STREAK, type StreakState, streakAfterAnswer } from '../src/quiz/streak.ts';
import { percentile, seededRandom, timeEach } from './stats.ts';

// Bump when the generated data changes shape; the migrations' text is part of the key too.
const GENERATOR_VERSION = 'standings-v3';
export const TEAM = 'T0BENCH';
const CHANNELS = ['C0BENCH01', 'C0BENCH02', 'C0BENCH03', 'C0BENCH04', 'C0BENCH05'];
const USERS = 10_000;
const DAYS = 260;
const TARGET_ANSWERS = 1_000_000;
/** The last day of the generated year (a Friday); queries ask about the weeks and months before it. */
export const END = new Date('2025-06-27T17:00:00Z');
const HOUR = 3_600_000;

export interface StandingsDb {
  file: string;
  answers: number;
  users: number;
  posts: number;
  /** ms; 0 when it came from the cache */
  buildMs: number;
}

/** The weekdays of the year ending on END's day, oldest first, each at `hour` UTC (bench/workspaces.ts too). */
export function weekdays(hour = 9): Date[] {
  const days: Date[] = [];
  for (let t = Date.UTC(END.getUTCFullYear(), END.getUTCMonth(), END.getUTCDate(), hour); days.length < DAYS; t -= 24 * HOUR) {
    const d = new Date(t);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) days.push(d);
  }
  return days.reverse();
}

function cacheFile(): string {
  const key = createHash('sha256').update(GENERATOR_VERSION);
  for (const m of readMigrations()) key.update(m.name).update(m.sql);
  return path.join(os.tmpdir(), `tutor-bench-standings-${key.digest('hex').slice(0, 16)}.db`);
}

/** Opens (building it the first time) the year-long database; read it, do not change it. */
export function standingsDb(bank: Bank): StandingsDb {
  const file = cacheFile();
  if (fs.existsSync(file)) {
    const db = new Database(file, { readonly: true });
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const r = {
      file,
      answers: count('SELECT COUNT(*) AS n FROM answers'),
      users: count('SELECT COUNT(DISTINCT user_id) AS n FROM user_stats'),
      posts: count('SELECT COUNT(*) AS n FROM posts'),
      buildMs: 0,
    };
    db.close();
    return r;
  }
  const start = performance.now();
  const temp = `${file}.${process.pid}.tmp`;
  fs.rmSync(temp, { force: true });
  const db = new Database(temp);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  // Fill the first schema, then apply the later migrations the way an upgrade of a year-old
  // database would (and faster than keeping their indexes and totals up to date row by row).
  const migrations = readMigrations();
  migrate(
    db,
    migrations.filter((m) => m.version === 1),
  );
  const counts = fill(db, bank);
  migrate(db, migrations);
  const check = db
    .prepare(
      `SELECT (SELECT SUM(points) FROM user_stats) AS points, (SELECT SUM(is_correct) FROM answers) AS correct,
              (SELECT SUM(answers) FROM user_stats) AS counted, (SELECT COUNT(*) FROM answers) AS answers`,
    )
    .get() as { points: number; correct: number; counted: number; answers: number };
  if (check.points !== check.correct || check.counted !== check.answers) {
    throw new Error(`user_stats disagree with answers: ${JSON.stringify(check)}`);
  }
  db.exec('ANALYZE');
  db.close();
  fs.renameSync(temp, file);
  return { file, ...counts, buildMs: performance.now() - start };
}

/** Planned answers, one slot per candidate answer (bench/workspaces.ts plans its own the same way). */
export interface Plan {
  /** per candidate answer, in (channel, day) order (bench/workspaces.ts: day, channel) */
  user: Int32Array;
  channel: Uint8Array;
  day: Int16Array;
  isCorrect: Uint8Array;
  /** uniform draws for the wrong choice and the answer's delay */
  pick: Float64Array;
  delay: Float64Array;
  count: number;
}

/** One more planned answer by `a.user` (right with probability `a.skill`); three draws, in this order, for any plan. */
export function planAnswer(
  p: Plan,
  random: () => number,
  a: { user: number; channel: number; day: number; skill: number },
): void {
  const i = p.count++;
  p.user[i] = a.user;
  p.channel[i] = a.channel;
  p.day[i] = a.day;
  p.isCorrect[i] = random() < a.skill ? 1 : 0;
  p.pick[i] = random();
  // Most answer within the first hour or two; none after the reveal 8 hours on.
  p.delay[i] = Math.min(7.9 * HOUR, -Math.log(1 - random()) * 1.5 * HOUR);
}

/**
 * Who answers what: everyone has a home channel, one in five a second one. How often people
 * answer is skewed (a few every day, many now and then) and includes a floor, so even the least
 * active person answers a few times a year and all 10,000 appear.
 */
function plan(random: () => number, days: number): Plan {
  const members: number[][] = CHANNELS.map(() => []);
  for (let u = 0; u < USERS; u++) {
    members[u % CHANNELS.length]?.push(u);
    if (random() < 0.2) members[(u + 1 + Math.floor(random() * (CHANNELS.length - 1))) % CHANNELS.length]?.push(u);
  }
  const memberships = members.reduce((n, m) => n + m.length, 0);
  // activity = floor + scale * r^skew has mean floor + scale / (skew + 1); aim 3% high, then thin.
  const skew = 2.2;
  const floor = 0.03;
  const scale = ((1.03 * TARGET_ANSWERS) / (memberships * days) - floor) * (skew + 1);
  const activity = Array.from({ length: USERS }, () => Math.min(0.98, floor + scale * random() ** skew));
  const skill = Array.from({ length: USERS }, () => 0.45 + 0.5 * random());
  const capacity = Math.ceil(1.1 * TARGET_ANSWERS);
  const p: Plan = {
    user: new Int32Array(capacity),
    channel: new Uint8Array(capacity),
    day: new Int16Array(capacity),
    isCorrect: new Uint8Array(capacity),
    pick: new Float64Array(capacity),
    delay: new Float64Array(capacity),
    count: 0,
  };
  members.forEach((users, c) => {
    for (let d = 0; d < days; d++) {
      for (const u of users) {
        if (random() >= (activity[u] ?? 0) || p.count >= capacity) continue;
        planAnswer(p, random, { user: u, channel: c, day: d, skill: skill[u] ?? 0 });
      }
    }
  });
  return p;
}

function fill(db: Db, bank: Bank): { answers: number; users: number; posts: number } {
  const days = weekdays();
  const userIds = Array.from({ length: USERS }, (_, i) => `U${String(i + 1).padStart(8, '0')}`);
  const p = plan(seededRandom(2025), days.length);
  if (p.count < TARGET_ANSWERS) throw new Error(`planned only ${p.count} answers`);
  // Keep exactly TARGET_ANSWERS of the planned ones, spread evenly over the year.
  const isKept = (i: number) => Math.floor(((i + 1) * TARGET_ANSWERS) / p.count) > Math.floor((i * TARGET_ANSWERS) / p.count);

  const insertPost = db.prepare(
    `INSERT INTO posts (team_id, channel_id, slot, seq, question_id, topic, question_json, correct_key, state, message_ts,
       attempts, created_at, posted_at, reveal_due_at, revealed_at, answer_count, correct_count)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, 0, 0)`,
  );
  const countAnswers = db.prepare('UPDATE posts SET answer_count = ?, correct_count = ? WHERE id = ?');
  const insertAnswer = db.prepare(
    'INSERT INTO answers (post_id, team_id, user_id, choice, is_correct, answered_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertStats = db.prepare(
    `INSERT INTO user_stats (team_id, channel_id, user_id, points, answers, correct, current_streak, best_streak, last_correct_seq, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let answers = 0;
  db.transaction(() => {
    db.prepare('INSERT INTO workspaces (team_id, created_at) VALUES (?, ?)').run(TEAM, days[0]?.toISOString());
    let i = 0;
    CHANNELS.forEach((channel, c) => {
      db.prepare(
        `INSERT INTO quiz_channels (team_id, channel_id, schedule, timezone, state, started_at, updated_at)
         VALUES (?, ?, '0 9 * * 1-5', 'UTC', 'active', ?, ?)`,
      ).run(TEAM, channel, days[0]?.toISOString(), days[0]?.toISOString());
      const stats = new Map<number, { streak: StreakState; answers: number; correct: number; at: string }>();
      days.forEach((day, d) => {
        const seq = d + 1;
        const q = bank.questions[(c * 37 + d) % bank.questions.length];
        if (!q) throw new Error('the bench needs a question bank');
        const question: PostedQuestion = { ...q, topicTitle: q.topic };
        const wrong = question.choices.filter((x) => x.key !== question.answer);
        const isOpen = d === days.length - 1;
        const postedAt = day.toISOString();
        const revealAt = new Date(day.getTime() + 8 * HOUR).toISOString();
        const post = insertPost.run(
          TEAM,
          channel,
          postedAt,
          seq,
          question.id,
          question.topic,
          JSON.stringify(question),
          question.answer,
          isOpen ? 'posted' : 'revealed',
          `${day.getTime() / 1000}.${String(c).padStart(6, '0')}`,
          postedAt,
          postedAt,
          revealAt,
          isOpen ? null : revealAt,
        );
        let count = 0;
        let correct = 0;
        for (; i < p.count && p.channel[i] === c && p.day[i] === d; i++) {
          if (!isKept(i)) continue;
          const u = p.user[i] ?? 0;
          const isCorrect = p.isCorrect[i] === 1;
          const choice = isCorrect ? question.answer : (wrong[Math.floor((p.pick[i] ?? 0) * wrong.length)]?.key ?? 'a');
          const at = new Date(day.getTime() + 30_000 + (p.delay[i] ?? 0)).toISOString();
          insertAnswer.run(post.lastInsertRowid, TEAM, userIds[u], choice, isCorrect ? 1 : 0, at);
          count++;
          if (isCorrect) correct++;
          const s = stats.get(u) ?? { streak: EMPTY_STREAK, answers: 0, correct: 0, at };
          stats.set(u, {
            streak: streakAfterAnswer(s.streak, seq, isCorrect),
            answers: s.answers + 1,
            correct: s.correct + (isCorrect ? 1 : 0),
            at,
          });
        }
        countAnswers.run(count, correct, post.lastInsertRowid);
        answers += count;
      });
      for (const [u, s] of stats) {
        insertStats.run(
          TEAM,
          channel,
          userIds[u],
          s.correct,
          s.answers,
          s.correct,
          s.streak.currentStreak,
          s.streak.bestStreak,
          s.streak.lastCorrectSeq,
          s.at,
        );
      }
    });
  })();
  const users = (db.prepare('SELECT COUNT(DISTINCT user_id) AS n FROM user_stats').get() as { n: number }).n;
  return { answers, users, posts: CHANNELS.length * days.length };
}

export interface QueryTiming {
  query: string;
  runs: number;
  p50: number;
  p95: number;
}

/** Times each query shape over varied inputs (weeks and months across the year, many people). */
export function benchStandings(bank: Bank, o: { runs?: number } = {}): { db: StandingsDb; queries: QueryTiming[] } {
  const info = standingsDb(bank);
  const db = new Database(info.file, { readonly: true });
  const runs = o.runs ?? 60;
  const random = seededRandom(11);
  const nows = Array.from({ length: runs }, (_, i) =>
    // The current period (what `/aws leaderboard` shows) most of the time, older ones now and then.
    i % 3 === 0 ? new Date(END.getTime() - random() * 330 * 24 * HOUR) : new Date(END.getTime() - (i % 5) * 24 * HOUR),
  );
  const users = Array.from({ length: runs }, () => `U${String(1 + Math.floor(random() * USERS)).padStart(8, '0')}`);
  const queries: QueryTiming[] = [];
  const time = (query: string, run: (i: number) => unknown) => {
    const inputs = Array.from({ length: runs }, (_, i) => i);
    for (const i of inputs.slice(0, 3)) run(i); // warm the page cache and the statement cache
    const t = timeEach(inputs, run);
    queries.push({ query, runs, p50: percentile(t, 50), p95: percentile(t, 95) });
  };
  for (const period of ['week', 'month', 'all'] as Period[]) {
    time(`leaderboard ${period}`, (i) => leaderboard(db, TEAM, periodRange(period, nows[i] ?? END, 'UTC')));
  }
  time('leaderboard month (Pacific time)', (i) =>
    leaderboard(db, TEAM, periodRange('month', nows[i] ?? END, 'America/Los_Angeles')),
  );
  time('personalRecord (streak)', (i) => personalRecord(db, TEAM, users[i] ?? ''));
  db.close();
  return { db: info, queries };
}

async function main(): Promise<void> {
  const r = benchStandings(loadBank());
  console.log(
    `database: ${r.db.answers} answers, ${r.db.users} people, ${r.db.posts} posts (${r.db.buildMs ? `built in ${(r.db.buildMs / 1000).toFixed(1)} s` : 'cached'}) ${r.db.file}`,
  );
  for (const q of r.queries) console.log(`${q.query.padEnd(34)} p50 ${q.p50.toFixed(2)} ms  p95 ${q.p95.toFixed(2)} ms`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
