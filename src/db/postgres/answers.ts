/**
 * Answers on PostgreSQL, as db/answers.ts: the facts are read inside the transaction, decideAnswer
 * decides, and the answer row (ON CONFLICT DO NOTHING on its (post, user) key), the post's counts,
 * the person's stats and the period totals are written in that same transaction.
 */
import { type ChannelStats, decideAnswer, EMPTY_STATS, gradedOutcome, refusalOutcome } from '../../quiz/answer.ts';
import type { AnswerInput, AnswerOutcome } from '../../quiz/model.ts';
import { utcBucketKeys } from '../../quiz/periods.ts';
import type { AnswerResult, AnswerStore } from '../../services/stores.ts';
import { storeGroup } from './answer-group.ts';
import { getPost } from './posts.ts';
import { isConnectionError, isRetryableConflict, POINT_LOOKUPS, type Sql } from './sql.ts';

interface StatsRow {
  points: number;
  current_streak: number;
  best_streak: number;
  last_correct_seq: number;
}

const firstChoiceOf = async (sql: Sql, postId: number, userId: string) =>
  (await sql.query<{ choice: string }>('SELECT choice FROM answers WHERE post_id = $1 AND user_id = $2', [postId, userId]))
    .rows[0]?.choice;

/**
 * The person's stats in the channel, read under a transaction-long advisory lock on (team,
 * channel, person), so two clicks of one person (on two posts of a channel, from two processes)
 * are decided one after the other, as SQLite's single writer decides them. The read is a new
 * statement after the lock, so it sees what the previous holder committed.
 */
async function lockedStats(sql: Sql, teamId: string, channelId: string, userId: string): Promise<ChannelStats> {
  await sql.query('SELECT pg_advisory_xact_lock(1, hashtext($1))', [`${teamId}/${channelId}/${userId}`]);
  const row = (
    await sql.query<StatsRow>(
      'SELECT points, current_streak, best_streak, last_correct_seq FROM user_stats WHERE team_id = $1 AND channel_id = $2 AND user_id = $3',
      [teamId, channelId, userId],
    )
  ).rows[0];
  if (!row) return EMPTY_STATS;
  return {
    points: row.points,
    currentStreak: row.current_streak,
    bestStreak: row.best_streak,
    lastCorrectSeq: row.last_correct_seq,
  };
}

/** Loads the facts, asks decideAnswer, and writes what it decided; SQL only, no rules. */
async function storeAnswer(sql: Sql, a: AnswerInput, now: Date): Promise<AnswerOutcome> {
  // The post row is locked (as an UPDATE locks it): closing it waits for this click, not the reverse.
  const post = await getPost(sql, a.teamId, a.postId, true);
  const stats = post && post.state === 'posted' ? await lockedStats(sql, a.teamId, post.channelId, a.userId) : EMPTY_STATS;
  const decision = decideAnswer(post, a.choice, stats);
  if (decision.kind !== 'accept') return refusalOutcome(decision, post && (await firstChoiceOf(sql, post.id, a.userId)));

  const at = now.toISOString();
  const inserted = await sql.query(
    'INSERT INTO answers (post_id, team_id, user_id, choice, is_correct, answered_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING',
    [decision.post.id, a.teamId, a.userId, a.choice, decision.delta.correct, at],
  );
  if (inserted.rowCount === 0) {
    return {
      kind: 'duplicate',
      post: decision.post,
      firstChoice: (await firstChoiceOf(sql, decision.post.id, a.userId)) ?? a.choice,
    };
  }
  await sql.query('UPDATE posts SET answer_count = answer_count + 1, correct_count = correct_count + $1 WHERE id = $2', [
    decision.delta.correct,
    decision.post.id,
  ]);
  const s = decision.stats;
  await sql.query(
    `INSERT INTO user_stats (team_id, channel_id, user_id, points, answers, correct, current_streak, best_streak, last_correct_seq, updated_at)
     VALUES ($1, $2, $3, $4, 1, $5, $6, $7, $8, $9)
     ON CONFLICT (team_id, channel_id, user_id) DO UPDATE SET
       points = excluded.points, answers = user_stats.answers + 1, correct = user_stats.correct + excluded.correct,
       current_streak = excluded.current_streak, best_streak = excluded.best_streak,
       last_correct_seq = excluded.last_correct_seq, updated_at = excluded.updated_at`,
    [
      a.teamId,
      decision.post.channelId,
      a.userId,
      s.points,
      decision.delta.correct,
      s.currentStreak,
      s.bestStreak,
      s.lastCorrectSeq,
      at,
    ],
  );
  await addToPeriodTotals(sql, a.teamId, a.userId, now, decision.delta.correct);
  return gradedOutcome(decision, a.choice);
}

/** The answer counts in its UTC week and month (quiz/periods.ts owns the bucket rule). */
async function addToPeriodTotals(sql: Sql, teamId: string, userId: string, at: Date, correct: number): Promise<void> {
  const keys = utcBucketKeys(at);
  await sql.query(
    `INSERT INTO period_totals (team_id, period, start, user_id, points, answers)
     VALUES ($1, 'week', $2, $3, $4, 1), ($1, 'month', $5, $3, $4, 1)
     ON CONFLICT (team_id, period, start, user_id) DO UPDATE SET
       points = period_totals.points + excluded.points, answers = period_totals.answers + 1`,
    [teamId, keys.week, userId, correct, keys.month],
  );
}

/** One click in its own savepoint: a deadlock lost to another process is tried again, other failures are the click's. */
async function storeOne(sql: Sql, a: AnswerInput, at: Date): Promise<AnswerResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      return { ok: true, outcome: await sql.atomic((sp) => storeAnswer(sp, a, at)) };
    } catch (error) {
      // The connection is gone: the whole group's transaction with it. The caller retries the group.
      if (isConnectionError(error)) throw error;
      if (isRetryableConflict(error) && attempt < 3) continue;
      return { ok: false, error };
    }
  }
}

/**
 * A group of clicks in one transaction: first in a fixed number of statements for the whole group
 * (answer-group.ts); if that fails for any reason but the connection, the transaction is rolled
 * back and the group runs again click by click, each click in a savepoint, so one click's failure
 * is never another's. A dropped connection before COMMIT runs the transaction again (nothing of it
 * was stored); when the database cannot be reached at all, every click of the group fails.
 */
export function answerStore(sql: Sql): AnswerStore {
  const oneByOne = (batch: readonly { answer: AnswerInput; at: Date }[]) =>
    sql.atomic(async (tx) => {
      const results: AnswerResult[] = [];
      for (const p of batch) results.push(await storeOne(tx, p.answer, p.at));
      return results;
    });
  return {
    async recordAll(batch) {
      try {
        try {
          return await sql.atomic((tx) => storeGroup(tx, batch), POINT_LOOKUPS);
        } catch (error) {
          if (isConnectionError(error)) throw error;
        }
        return await oneByOne(batch);
      } catch (error) {
        return batch.map(() => ({ ok: false, error }));
      }
    },
  };
}
