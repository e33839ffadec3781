import type Database from 'better-sqlite3';
import { type ChannelStats, decideAnswer, EMPTY_STATS, gradedOutcome, refusalOutcome } from '../quiz/answer.ts';
import type { AnswerInput, AnswerOutcome } from '../quiz/model.ts';
import { utcBucketKeys } from '../quiz/periods.ts';
import type { Db } from './open.ts';
import { getPost } from './posts.ts';
import { statement } from './statements.ts';

interface StatsRow {
  points: number;
  current_streak: number;
  best_streak: number;
  last_correct_seq: number;
}

type Grade = (a: AnswerInput, now: Date) => AnswerOutcome;
type GradeAll = (batch: readonly { answer: AnswerInput; at: Date }[]) => AnswerOutcome[];
// One transaction function per connection, like the statements: clicks are the hot path.
const grading = new WeakMap<Db, { one: Database.Transaction<Grade>; all: Database.Transaction<GradeAll> }>();

function transactionsOf(db: Db) {
  let t = grading.get(db);
  if (!t) {
    t = {
      one: db.transaction((answer: AnswerInput, at: Date) => storeAnswer(db, answer, at)),
      all: db.transaction((batch: readonly { answer: AnswerInput; at: Date }[]) =>
        batch.map((p) => storeAnswer(db, p.answer, p.at)),
      ),
    };
    grading.set(db, t);
  }
  return t;
}

/**
 * Stores a click in one transaction: the answer row (its primary key allows one per person per
 * post), the post's counts and the person's points and streak move together or not at all.
 * The post is looked up by id AND team, so a forged id from another workspace finds nothing.
 */
export function recordAnswer(db: Db, a: AnswerInput, now: Date): AnswerOutcome {
  return transactionsOf(db).one.immediate(a, now);
}

export type BatchResult = { ok: true; outcome: AnswerOutcome } | { ok: false; error: unknown };

/**
 * Stores a group of clicks in one transaction, so a burst pays for one commit. If the group
 * fails and the cause may lie with one click, each is tried again on its own, so one click's
 * failure is never another's; when it is the database's (locked by another process past
 * busy_timeout, or closed), the whole group fails at once rather than waiting again click by click.
 */
export function recordAnswers(db: Db, batch: readonly { answer: AnswerInput; at: Date }[]): BatchResult[] {
  try {
    return transactionsOf(db)
      .all.immediate(batch)
      .map((outcome) => ({ ok: true, outcome }));
  } catch (err) {
    if (isDatabaseWide(err)) return batch.map(() => ({ ok: false, error: err }));
    return batch.map((p) => {
      try {
        return { ok: true, outcome: recordAnswer(db, p.answer, p.at) };
      } catch (oneErr) {
        return { ok: false, error: oneErr };
      }
    });
  }
}

/** A failure no click can avoid by being tried alone. */
function isDatabaseWide(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code)) return true;
  return err instanceof TypeError && /database connection is not open/.test(err.message);
}

const firstChoiceOf = (db: Db, postId: number, userId: string) =>
  (
    statement(db, 'SELECT choice FROM answers WHERE post_id = ? AND user_id = ?').get(postId, userId) as
      | { choice: string }
      | undefined
  )?.choice;

/** Loads the facts, asks decideAnswer, and writes what it decided; SQL only, no rules. */
function storeAnswer(db: Db, a: AnswerInput, now: Date): AnswerOutcome {
  const post = getPost(db, a.teamId, a.postId);
  const stats = post && channelStats(db, a.teamId, post.channelId, a.userId);
  const decision = decideAnswer(post, a.choice, stats);
  if (decision.kind !== 'accept') return refusalOutcome(decision, post && firstChoiceOf(db, post.id, a.userId));

  const at = now.toISOString();
  // Insert, and let the (post, user) key decide: a second answer changes nothing.
  const inserted = statement(
    db,
    'INSERT INTO answers (post_id, team_id, user_id, choice, is_correct, answered_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
  ).run(decision.post.id, a.teamId, a.userId, a.choice, decision.delta.correct, at);
  if (inserted.changes === 0) {
    return { kind: 'duplicate', post: decision.post, firstChoice: firstChoiceOf(db, decision.post.id, a.userId) ?? a.choice };
  }
  statement(db, 'UPDATE posts SET answer_count = answer_count + 1, correct_count = correct_count + ? WHERE id = ?').run(
    decision.delta.correct,
    decision.post.id,
  );
  const s = decision.stats;
  statement(
    db,
    `INSERT INTO user_stats (team_id, channel_id, user_id, points, answers, correct, current_streak, best_streak, last_correct_seq, updated_at)
         VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?)
         ON CONFLICT (team_id, channel_id, user_id) DO UPDATE SET
           points = excluded.points, answers = answers + 1, correct = correct + excluded.correct,
           current_streak = excluded.current_streak, best_streak = excluded.best_streak,
           last_correct_seq = excluded.last_correct_seq, updated_at = excluded.updated_at`,
  ).run(
    a.teamId,
    decision.post.channelId,
    a.userId,
    s.points,
    decision.delta.correct,
    s.currentStreak,
    s.bestStreak,
    s.lastCorrectSeq,
    at,
  );
  addToPeriodTotals(db, a.teamId, a.userId, now, decision.delta.correct);
  return gradedOutcome(decision, a.choice);
}

/** The answer counts in its UTC week and month (quiz/periods.ts owns the bucket rule). */
export function addToPeriodTotals(db: Db, teamId: string, userId: string, at: Date, correct: number): void {
  const keys = utcBucketKeys(at);
  const add = statement(
    db,
    `INSERT INTO period_totals (team_id, period, start, user_id, points, answers) VALUES (?, ?, ?, ?, ?, 1)
     ON CONFLICT DO UPDATE SET points = points + excluded.points, answers = answers + 1`,
  );
  add.run(teamId, 'week', keys.week, userId, correct);
  add.run(teamId, 'month', keys.month, userId, correct);
}

function channelStats(db: Db, teamId: string, channelId: string, userId: string): ChannelStats {
  const row = statement(
    db,
    'SELECT points, current_streak, best_streak, last_correct_seq FROM user_stats WHERE team_id = ? AND channel_id = ? AND user_id = ?',
  ).get(teamId, channelId, userId) as StatsRow | undefined;
  if (!row) return EMPTY_STATS;
  return {
    points: row.points,
    currentStreak: row.current_streak,
    bestStreak: row.best_streak,
    lastCorrectSeq: row.last_correct_seq,
  };
}
