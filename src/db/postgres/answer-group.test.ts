import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeQuestion } from '../../../test/support/content-fixtures.ts';
import { freshPostgresUrl } from '../../../test/support/postgres.ts';
import type { Post, PostedQuestion } from '../../quiz/model.ts';
import { storeGroup } from './answer-group.ts';
import { answerStore } from './answers.ts';
import { migratePostgres } from './migrate.ts';
import { openPostgres } from './open.ts';
import { postStore } from './posts.ts';
import { createPool, POINT_LOOKUPS, PoolSql, type Sql, textOf } from './sql.ts';

const TEAM = 'T0GRP';
const NOW = new Date('2026-11-23T10:00:00.000Z');
const question: PostedQuestion = { ...fakeQuestion('lambda-1', 'lambda'), topicTitle: 'Lambda' };

let pool: pg.Pool;
let post: Post;
beforeAll(async () => {
  pool = await openPostgres(await freshPostgresUrl('answergroup'));
  const posts = postStore(new PoolSql(pool));
  const made = await posts.createForSlot({ teamId: TEAM, channelId: 'C0G', slot: 's1', question }, NOW);
  post = await posts.markPosted(made.id, 's1.1', NOW, new Date(NOW.getTime() + 8 * 3_600_000));
});
afterAll(() => pool?.end());

/** A door that counts the statements sent through it. */
function counting(sql: Sql, seen: string[]): Sql {
  return {
    inTransaction: sql.inTransaction,
    query: (text, values) => {
      seen.push(textOf(text).trim().split(/\s+/).slice(0, 2).join(' '));
      return sql.query(text, values);
    },
    queryLast: (text, values) => {
      seen.push(`${textOf(text).trim().split(/\s+/).slice(0, 2).join(' ')} + COMMIT`);
      return sql.queryLast(text, values);
    },
    queryThen: (first, firstValues, then, thenValues) => {
      seen.push(
        `${textOf(first).trim().split(/\s+/).slice(0, 2).join(' ')} + ${textOf(then).trim().split(/\s+/).slice(0, 2).join(' ')}`,
      );
      return sql.queryThen(first, firstValues, then, thenValues);
    },
    atomic: (work, settings) => sql.atomic((tx) => work(counting(tx, seen)), settings),
  };
}

const clicks = (from: number, n: number, userPrefix = 'U0P') =>
  Array.from({ length: n }, (_, i) => ({
    answer: { teamId: TEAM, postId: post.id, userId: `${userPrefix}${from + i}`, choice: i % 3 ? 'a' : 'b' },
    at: NOW,
  }));

describe('a group of clicks on PostgreSQL', () => {
  it('is stored in three statements and two round trips, however many clicks it holds', async () => {
    const seen: string[] = [];
    const results = await counting(new PoolSql(pool), seen).atomic((tx) => storeGroup(tx, clicks(0, 40)));
    expect(results.map((r) => r.ok && r.outcome.kind)).toEqual(Array(40).fill('graded'));
    expect(seen).toEqual(["WITH p + SELECT 's'", 'WITH a + COMMIT']);
    const { rows } = await pool.query('SELECT answer_count, correct_count FROM posts WHERE id = $1', [post.id]);
    expect(rows[0]).toEqual({ answer_count: 40, correct_count: 26 });
  });

  it('sends its statements prepared, and the plan each connection keeps looks rows up by key even when made on empty tables', async () => {
    // One connection, so the statements run and explained below are the ones it prepared; a
    // database of its own, whose tables were empty when the group's plans were made.
    const url = await freshPostgresUrl('answergroupplans');
    const one = createPool(url, 1);
    try {
      await migratePostgres(one);
      const sql = new PoolSql(one);
      const posts = postStore(sql);
      const made = await posts.createForSlot({ teamId: TEAM, channelId: 'C0P', slot: 's1', question }, NOW);
      const open = await posts.markPosted(made.id, 's1.1', NOW, new Date(NOW.getTime() + 8 * 3_600_000));
      // Left to itself, PostgreSQL makes custom plans for a prepared statement's first five runs and
      // then may keep a generic one (it does for groups of about ten, the size it assumes for an
      // array); POINT_LOOKUPS has it keep the generic plan from the first run.
      for (let g = 0; g < 8; g++) {
        const group = Array.from({ length: 12 }, (_, i) => ({
          answer: { teamId: TEAM, postId: open.id, userId: `U0R${g * 12 + i}`, choice: 'a' },
          at: NOW,
        }));
        await sql.atomic((tx) => storeGroup(tx, group), POINT_LOOKUPS);
      }
      const { rows } = await one.query<{ name: string; generic_plans: number }>(
        'SELECT name, generic_plans FROM pg_prepared_statements ORDER BY name',
      );
      expect(rows.map((r) => r.name)).toEqual(['answer_group_facts', 'answer_group_lock', 'answer_group_write']);
      expect(rows[0]?.generic_plans).toBeGreaterThan(0);
      const kept = await sql.atomic(async (tx) => {
        const arrays = `'{${open.id}}'::int[], '{${TEAM}}'::text[], '{U0R1}'::text[]`;
        const plan = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE answer_group_facts(${arrays})`);
        return plan.rows.map((r) => r['QUERY PLAN']).join('\n');
      }, POINT_LOOKUPS);
      expect(kept).toContain('Index Scan using answers_pkey');
      expect(kept).toContain('Index Scan using user_stats_by_team_user');
      expect(kept).not.toMatch(/Seq Scan|Hash (Semi )?Join/);
      // A migration of a later version adds a column to posts while this one runs: its prepared
      // statements still run (one returning posts.* would fail on every run from then on).
      await one.query('ALTER TABLE posts ADD COLUMN added_later TEXT');
      const after = await sql.atomic(
        (tx) => storeGroup(tx, [{ answer: { teamId: TEAM, postId: open.id, userId: 'U0RLATE', choice: 'a' }, at: NOW }]),
        POINT_LOOKUPS,
      );
      expect(after.map((r) => r.ok && r.outcome.kind)).toEqual(['graded']);
    } finally {
      await one.end();
    }
  });

  it('waits for the person’s advisory lock, as the click-by-click path takes it, and then reads what its holder committed', async () => {
    const holder = await pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock(1, hashtext($1))', [`${TEAM}/C0G/U0LOCKED`]);
      // The holder stores this person's answer: the group, sent meanwhile, must find it once the lock
      // is free (a read on the snapshot its first statement started with would not, and its write
      // would then fail on the answers key).
      await holder.query(
        "INSERT INTO answers (post_id, team_id, user_id, choice, is_correct, answered_at) VALUES ($1, $2, 'U0LOCKED', 'b', 0, $3)",
        [post.id, TEAM, NOW.toISOString()],
      );
      let settled = false;
      const group = new PoolSql(pool)
        .atomic((tx) =>
          storeGroup(
            tx,
            clicks(0, 1, 'U0LOCKED').map((c) => ({ ...c, answer: { ...c.answer, userId: 'U0LOCKED' } })),
          ),
        )
        .finally(() => {
          settled = true;
        });
      await new Promise((r) => setTimeout(r, 400));
      expect(settled).toBe(false);
      await holder.query('COMMIT');
      expect((await group).map((r) => r.ok && r.outcome.kind)).toEqual(['duplicate']);
    } finally {
      holder.release();
    }
  });

  it('falls back to one click at a time when the group fails, and stores every click that can be', async () => {
    // A trigger that refuses one person's answer: the group statement fails, the fallback stores the rest.
    await pool.query(`CREATE FUNCTION refuse_group() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.user_id = 'U0QBAD' THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$`);
    await pool.query('CREATE TRIGGER refuse_group BEFORE INSERT ON answers FOR EACH ROW EXECUTE FUNCTION refuse_group()');
    const group = [...clicks(0, 3, 'U0Q'), { answer: { teamId: TEAM, postId: post.id, userId: 'U0QBAD', choice: 'a' }, at: NOW }];
    await expect(new PoolSql(pool).atomic((tx) => storeGroup(tx, group))).rejects.toThrow(/refused for the test/);
    const results = await answerStore(new PoolSql(pool)).recordAll(group);
    expect(results.map((r) => (r.ok ? r.outcome.kind : 'failed'))).toEqual(['graded', 'graded', 'graded', 'failed']);
    const { rows } = await pool.query("SELECT COUNT(*)::int AS n FROM answers WHERE user_id LIKE 'U0Q%'");
    expect(rows[0]).toEqual({ n: 3 });
    await pool.query('DROP TRIGGER refuse_group ON answers');
  });

  it('commits nothing of a group whose answer rows were not all inserted, though the write goes with the COMMIT', async () => {
    // A trigger that drops one person's answer row without an error: the counts, stats and totals
    // of the same statement would count it. The statement fails instead, and its COMMIT never runs.
    await pool.query(`CREATE FUNCTION drop_answer() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.user_id = 'U0SDROP' THEN RETURN NULL; END IF; RETURN NEW; END $$`);
    await pool.query('CREATE TRIGGER drop_answer BEFORE INSERT ON answers FOR EACH ROW EXECUTE FUNCTION drop_answer()');
    try {
      const count = async () =>
        (
          await pool.query<{ answers: number; counted: number; stats: number }>(
            `SELECT (SELECT COUNT(*)::int FROM answers WHERE post_id = $1) AS answers,
                    (SELECT answer_count FROM posts WHERE id = $1) AS counted,
                    (SELECT COUNT(*)::int FROM user_stats WHERE user_id LIKE 'U0S%') AS stats`,
            [post.id],
          )
        ).rows[0];
      const before = await count();
      const group = [
        ...clicks(0, 2, 'U0S'),
        { answer: { teamId: TEAM, postId: post.id, userId: 'U0SDROP', choice: 'a' }, at: NOW },
      ];
      await expect(new PoolSql(pool).atomic((tx) => storeGroup(tx, group), POINT_LOOKUPS)).rejects.toThrow(
        /2 of 3 answers inserted: answer_group_conflict/,
      );
      expect(await count()).toEqual(before);
    } finally {
      await pool.query('DROP TRIGGER drop_answer ON answers');
    }
  });
});
