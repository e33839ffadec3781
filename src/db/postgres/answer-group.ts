/**
 * A group of clicks stored in a fixed number of statements, whatever its size: on PostgreSQL every
 * statement is a round trip, and the click-by-click path (db/postgres/answers.ts) costs nine per
 * click. The same facts are read as there, for the whole group at once and under the same locks
 * (the posts' rows, then one advisory lock per person and channel, in a fixed order); decideAnswer
 * decides each click in arrival order against the running totals; what it accepted is written in
 * one statement (a data-modifying WITH per table). In a transaction of its own that is two round
 * trips: the BEGIN, the locks and the read of the facts under them go in the first (Sql.atomic,
 * Sql.queryThen), the write and the COMMIT in the second (Sql.queryLast).
 *
 * Anything unexpected (a unique key refusing a row this code had checked, a bad value) throws: the
 * caller's transaction rolls back and it runs the group again click by click, so one click's failure
 * is never another's. A deadlock is retried as a whole by the transaction (PoolSql.atomic).
 */
import { type ChannelStats, decideAnswer, EMPTY_STATS, gradedOutcome, refusalOutcome } from '../../quiz/answer.ts';
import type { AnswerInput, AnswerOutcome, Post } from '../../quiz/model.ts';
import { utcBucketKeys } from '../../quiz/periods.ts';
import type { AnswerResult } from '../../services/stores.ts';
import { type PostRow, toPost } from '../post-rows.ts';
import { prepared, type Sql } from './sql.ts';

type Click = { answer: AnswerInput; at: Date };

interface StatsRow {
  team_id: string;
  channel_id: string;
  user_id: string;
  points: number;
  current_streak: number;
  best_streak: number;
  last_correct_seq: number;
}

/** What the group's accepted clicks add, summed per row of each table. */
interface Writes {
  answers: { postId: number; teamId: string; userId: string; choice: string; correct: number; at: string }[];
  posts: Map<number, { answers: number; correct: number }>;
  stats: Map<
    string,
    { teamId: string; channelId: string; userId: string; s: ChannelStats; answers: number; correct: number; at: string }
  >;
  periods: Map<
    string,
    { teamId: string; period: 'week' | 'month'; start: string; userId: string; points: number; answers: number }
  >;
}

const postKey = (teamId: string, postId: number) => `${teamId}\u0000${postId}`;
const personKey = (teamId: string, channelId: string, userId: string) => `${teamId}/${channelId}/${userId}`;
const answerKey = (postId: number, userId: string) => `${postId}\u0000${userId}`;

/**
 * The columns LOCK returns, named rather than `p.*`: a prepared statement whose result columns
 * change (a later migration adding one to posts, while this version still runs) fails on every run.
 */
const POST_COLUMNS = [
  'id',
  'team_id',
  'channel_id',
  'slot',
  'seq',
  'question_json',
  'state',
  'message_ts',
  'attempts',
  'lease_until',
  'last_error',
  'posted_at',
  'reveal_due_at',
  'answer_count',
  'correct_count',
] as const satisfies readonly (keyof PostRow)[];
// Every field of PostRow is read: a field added there without its column here does not compile.
const everyColumn: Exclude<keyof PostRow, (typeof POST_COLUMNS)[number]> extends never ? true : never = true;
void everyColumn;

const LOCK = prepared(
  'answer_group_lock',
  `WITH
  p AS MATERIALIZED (
    SELECT * FROM posts WHERE (id, team_id) IN (SELECT * FROM unnest($1::int[], $2::text[])) ORDER BY id FOR UPDATE),
  l AS MATERIALIZED (
    SELECT pg_advisory_xact_lock(1, hashtext(k)) FROM (
      SELECT DISTINCT p.team_id || '/' || p.channel_id || '/' || u.user_id AS k
        FROM p JOIN unnest($3::int[], $4::text[], $5::text[]) AS u(post_id, team_id, user_id)
          ON u.post_id = p.id AND u.team_id = p.team_id
       WHERE p.state = 'posted'
       ORDER BY 1) AS keys)
SELECT ${POST_COLUMNS.map((c) => `p.${c}`).join(', ')} FROM p WHERE (SELECT COUNT(*) FROM l) >= 0`,
);

const FACTS = prepared(
  'answer_group_facts',
  `SELECT 's' AS kind, team_id, channel_id, user_id, points, current_streak, best_streak, last_correct_seq,
       0 AS post_id, '' AS choice
  FROM user_stats WHERE (team_id, user_id) IN (SELECT * FROM unnest($2::text[], $3::text[]))
UNION ALL
SELECT 'a', team_id, '', user_id, 0, 0, 0, 0, post_id, choice
  FROM answers WHERE (post_id, user_id) IN (SELECT * FROM unnest($1::int[], $3::text[]))`,
);

type FactRow = StatsRow & { kind: 's' | 'a'; post_id: number; choice: string };

/**
 * In one round trip, two statements. First the group's posts, locked FOR UPDATE in id order (as one
 * UPDATE of each would lock it), and then, in the same statement, one advisory lock per person and
 * channel the group answers on an open post (the key the click-by-click path takes, in sorted order,
 * so two groups cannot deadlock on them). Then, under those locks, a statement of its own (so it sees
 * what their previous holders committed): the stats of each person in the group, and the first
 * choice of everyone in the group who already answered one of its posts. The stats are read by team
 * and person, every channel's row (the channels are the posts', which this statement does not
 * wait for): a lookup on a key the plan each connection keeps can always use, where a join to the
 * posts would take its plan from the posts table's size when the plan was made. decideAll reads the
 * row of the post's channel only, which the lock covers.
 */
async function lockedFacts(sql: Sql, clicks: readonly Click[]) {
  const ids = [...new Map(clicks.map((c) => [postKey(c.answer.teamId, c.answer.postId), c.answer])).values()];
  const byClick = [clicks.map((c) => c.answer.postId), clicks.map((c) => c.answer.teamId), clicks.map((c) => c.answer.userId)];
  const [locked, facts] = await sql.queryThen<PostRow, FactRow>(
    LOCK,
    [ids.map((a) => a.postId), ids.map((a) => a.teamId), ...byClick],
    FACTS,
    byClick,
  );
  const posts = new Map(locked.rows.map((row) => [postKey(row.team_id, row.id), toPost(row)]));
  const stats = new Map<string, ChannelStats>();
  const firsts = new Map<string, string>();
  for (const row of facts.rows) {
    if (row.kind === 'a') firsts.set(answerKey(row.post_id, row.user_id), row.choice);
    else
      stats.set(personKey(row.team_id, row.channel_id, row.user_id), {
        points: row.points,
        currentStreak: row.current_streak,
        bestStreak: row.best_streak,
        lastCorrectSeq: row.last_correct_seq,
      });
  }
  return { posts, stats, firsts };
}

/** decideAnswer for each click in arrival order, against the posts and totals as the clicks before it left them. */
function decideAll(
  clicks: readonly Click[],
  posts: Map<string, Post>,
  stats: Map<string, ChannelStats>,
  firsts: Map<string, string>,
) {
  const w: Writes = { answers: [], posts: new Map(), stats: new Map(), periods: new Map() };
  const outcomes: AnswerOutcome[] = [];
  for (const { answer: a, at } of clicks) {
    const pk = postKey(a.teamId, a.postId);
    const post = posts.get(pk);
    const sk = post ? personKey(a.teamId, post.channelId, a.userId) : '';
    const decision = decideAnswer(post, a.choice, stats.get(sk) ?? EMPTY_STATS);
    const first = post ? firsts.get(answerKey(post.id, a.userId)) : undefined;
    if (decision.kind !== 'accept') {
      outcomes.push(refusalOutcome(decision, first));
      continue;
    }
    if (first !== undefined) {
      outcomes.push({ kind: 'duplicate', post: decision.post, firstChoice: first });
      continue;
    }
    const outcome = gradedOutcome(decision, a.choice);
    if (outcome.kind === 'graded') posts.set(pk, outcome.post);
    stats.set(sk, decision.stats);
    firsts.set(answerKey(decision.post.id, a.userId), a.choice);
    addWrites(w, a, decision.post.channelId, decision.stats, decision.delta.correct, at);
    outcomes.push(outcome);
  }
  return { outcomes, writes: w };
}

function addWrites(w: Writes, a: AnswerInput, channelId: string, s: ChannelStats, correct: 0 | 1, at: Date): void {
  const iso = at.toISOString();
  w.answers.push({ postId: a.postId, teamId: a.teamId, userId: a.userId, choice: a.choice, correct, at: iso });
  const p = w.posts.get(a.postId) ?? { answers: 0, correct: 0 };
  w.posts.set(a.postId, { answers: p.answers + 1, correct: p.correct + correct });
  const sk = personKey(a.teamId, channelId, a.userId);
  const prev = w.stats.get(sk);
  w.stats.set(sk, {
    teamId: a.teamId,
    channelId,
    userId: a.userId,
    s,
    answers: (prev?.answers ?? 0) + 1,
    correct: (prev?.correct ?? 0) + correct,
    at: iso,
  });
  const keys = utcBucketKeys(at);
  for (const [period, start] of [
    ['week', keys.week],
    ['month', keys.month],
  ] as const) {
    const k = `${a.teamId}\u0000${period}\u0000${start}\u0000${a.userId}`;
    const t = w.periods.get(k) ?? { teamId: a.teamId, period, start, userId: a.userId, points: 0, answers: 0 };
    w.periods.set(k, { ...t, points: t.points + correct, answers: t.answers + 1 });
  }
}

const WRITE = prepared(
  'answer_group_write',
  `WITH
  a AS (
    INSERT INTO answers (post_id, team_id, user_id, choice, is_correct, answered_at)
    SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[])
    ON CONFLICT DO NOTHING RETURNING 1),
  p AS (
    UPDATE posts p SET answer_count = p.answer_count + d.n, correct_count = p.correct_count + d.c
    FROM unnest($7::int[], $8::int[], $9::int[]) AS d(id, n, c) WHERE p.id = d.id RETURNING 1),
  s AS (
    INSERT INTO user_stats (team_id, channel_id, user_id, points, answers, correct, current_streak, best_streak, last_correct_seq, updated_at)
    SELECT * FROM unnest($10::text[], $11::text[], $12::text[], $13::int[], $14::int[], $15::int[], $16::int[], $17::int[], $18::int[], $19::text[])
    ON CONFLICT (team_id, channel_id, user_id) DO UPDATE SET
      points = excluded.points, answers = user_stats.answers + excluded.answers, correct = user_stats.correct + excluded.correct,
      current_streak = excluded.current_streak, best_streak = excluded.best_streak,
      last_correct_seq = excluded.last_correct_seq, updated_at = excluded.updated_at
    RETURNING 1),
  t AS (
    INSERT INTO period_totals (team_id, period, start, user_id, points, answers)
    SELECT * FROM unnest($20::text[], $21::text[], $22::text[], $23::text[], $24::int[], $25::int[])
    ON CONFLICT (team_id, period, start, user_id) DO UPDATE SET
      points = period_totals.points + excluded.points, answers = period_totals.answers + excluded.answers
    RETURNING 1)
SELECT CASE WHEN a.n = $26::int THEN a.n
            ELSE (a.n::text || ' of ' || ($26::int)::text || ' answers inserted: answer_group_conflict')::int END AS answers
  FROM (SELECT COUNT(*) AS n FROM a) AS a`,
);

/**
 * The accepted clicks' rows in one statement (a data-modifying WITH per table: each runs once,
 * all on one snapshot), sent with the transaction's COMMIT (queryLast). A row the answers key
 * refused makes the statement itself fail (its last SELECT turns the count into an error), so the
 * COMMIT after it never runs and the group is retried click by click.
 */
async function write(sql: Sql, w: Writes): Promise<void> {
  if (w.answers.length === 0) return;
  const col = <T, K extends keyof T>(rows: Iterable<T>, k: K) => [...rows].map((r) => r[k]);
  const posts = [...w.posts.entries()];
  const stats = [...w.stats.values()];
  const periods = [...w.periods.values()];
  await sql.queryLast(WRITE, [
    ...(['postId', 'teamId', 'userId', 'choice', 'correct', 'at'] as const).map((k) => col(w.answers, k)),
    posts.map(([id]) => id),
    posts.map(([, d]) => d.answers),
    posts.map(([, d]) => d.correct),
    ...(['teamId', 'channelId', 'userId'] as const).map((k) => col(stats, k)),
    stats.map((x) => x.s.points),
    col(stats, 'answers'),
    col(stats, 'correct'),
    ...(['currentStreak', 'bestStreak', 'lastCorrectSeq'] as const).map((k) => stats.map((x) => x.s[k])),
    col(stats, 'at'),
    ...(['teamId', 'period', 'start', 'userId', 'points', 'answers'] as const).map((k) => col(periods, k)),
    w.answers.length,
  ]);
}

/** Stores the group in three statements and two round trips (fewer when it accepts none); throws when it must be retried click by click. */
export async function storeGroup(sql: Sql, clicks: readonly Click[]): Promise<AnswerResult[]> {
  const { posts, stats, firsts } = await lockedFacts(sql, clicks);
  const { outcomes, writes } = decideAll(clicks, posts, stats, firsts);
  await write(sql, writes);
  return outcomes.map((outcome) => ({ ok: true, outcome }));
}
