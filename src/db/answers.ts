import type Database from 'better-sqlite3';
import { gradeAnswer } from '../quiz/grade.ts';
import { type StreakState, streakAfterAnswer } from '../quiz/streak.ts';
import type { Db } from './open.ts';
import { getPost, type Post } from './posts.ts';
import { statement } from './statements.ts';

export type AnswerOutcome =
  | { kind: 'graded'; post: Post; choice: string; isCorrect: boolean; streak: number; bestStreak: number; points: number }
  | { kind: 'duplicate'; post: Post; firstChoice: string }
  | { kind: 'closed'; post: Post }
  | { kind: 'not_found' }
  | { kind: 'invalid_choice'; post: Post };

interface StatsRow {
  points: number;
  answers: number;
  correct: number;
  current_streak: number;
  best_streak: number;
  last_correct_seq: number;
}

export interface AnswerInput {
  teamId: string;
  postId: number;
  userId: string;
  choice: string;
}

type Grade = (a: AnswerInput, now: Date) => AnswerOutcome;
// One transaction function per connection, like the statements: clicks are the hot path.
const grading = new WeakMap<Db, Database.Transaction<Grade>>();

/**
 * Grades a click in one transaction: the answer row (its primary key allows one per person per
 * post), the post's counts and the person's points and streak move together or not at all.
 * The post is looked up by id AND team, so a forged id from another workspace finds nothing.
 */
export function recordAnswer(db: Db, a: AnswerInput, now: Date): AnswerOutcome {
  let grade = grading.get(db);
  if (!grade) {
    grade = db.transaction((answer: AnswerInput, at: Date) => gradeAnswerRow(db, answer, at));
    grading.set(db, grade);
  }
  return grade.immediate(a, now);
}

interface PendingAnswer {
  answer: AnswerInput;
  at: Date;
  resolve: (outcome: AnswerOutcome) => void;
  reject: (err: unknown) => void;
}

/**
 * Grades clicks in groups: the clicks that arrive in one turn of the event loop are graded in one
 * transaction, so a burst pays for one commit (one write of the pages it touches to the WAL)
 * instead of one per click. Each click's promise settles only after that commit, so an answer is
 * stored before its ack, as with recordAnswer. If the group fails, none of it was stored. When the
 * cause may lie with one click, each is tried again on its own, so one click's failure is never
 * another's; when it is the database's (locked by another process past busy_timeout, or closed),
 * the whole group fails at once rather than waiting again click by click.
 */
export class AnswerRecorder {
  private pending: PendingAnswer[] = [];
  private isScheduled = false;
  private readonly gradeAll: Database.Transaction<(batch: PendingAnswer[]) => AnswerOutcome[]>;

  constructor(
    private readonly db: Db,
    /** clicks per transaction; a larger burst is committed over several turns of the event loop */
    private readonly maxBatch = 200,
  ) {
    this.gradeAll = db.transaction((batch: PendingAnswer[]) => batch.map((p) => gradeAnswerRow(db, p.answer, p.at)));
  }

  record(answer: AnswerInput, at: Date): Promise<AnswerOutcome> {
    return new Promise((resolve, reject) => {
      this.pending.push({ answer, at, resolve, reject });
      this.schedule();
    });
  }

  /** setImmediate runs after the I/O callbacks of this turn: every click read in it joins. */
  private schedule(): void {
    if (this.isScheduled) return;
    this.isScheduled = true;
    setImmediate(() => {
      this.isScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    const batch = this.pending.splice(0, this.maxBatch);
    // What is left waits a turn, so requests and timers are served between transactions.
    if (this.pending.length > 0) this.schedule();
    let outcomes: AnswerOutcome[];
    try {
      outcomes = this.gradeAll.immediate(batch);
    } catch (err) {
      if (isDatabaseWide(err)) {
        for (const p of batch) p.reject(err);
        return;
      }
      for (const p of batch) {
        try {
          p.resolve(recordAnswer(this.db, p.answer, p.at));
        } catch (oneErr) {
          p.reject(oneErr);
        }
      }
      return;
    }
    for (const [i, p] of batch.entries()) p.resolve(outcomes[i] as AnswerOutcome);
  }
}

/** A failure no click can avoid by being tried alone. */
function isDatabaseWide(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code)) return true;
  return err instanceof TypeError && /database connection is not open/.test(err.message);
}

function gradeAnswerRow(db: Db, a: AnswerInput, now: Date): AnswerOutcome {
  const post = getPost(db, a.teamId, a.postId);
  if (!post) return { kind: 'not_found' };
  const existing = statement(db, 'SELECT choice FROM answers WHERE post_id = ? AND user_id = ?').get(post.id, a.userId) as
    | { choice: string }
    | undefined;
  if (existing) return { kind: 'duplicate', post, firstChoice: existing.choice };
  if (post.state !== 'posted' || post.seq === null) return { kind: 'closed', post };
  const { isValid, isCorrect } = gradeAnswer(post.question, a.choice);
  if (!isValid) return { kind: 'invalid_choice', post };

  const at = now.toISOString();
  statement(db, 'INSERT INTO answers (post_id, team_id, user_id, choice, is_correct, answered_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    post.id,
    a.teamId,
    a.userId,
    a.choice,
    isCorrect ? 1 : 0,
    at,
  );
  statement(db, 'UPDATE posts SET answer_count = answer_count + 1, correct_count = correct_count + ? WHERE id = ?').run(
    isCorrect ? 1 : 0,
    post.id,
  );
  const before = statement(db, 'SELECT * FROM user_stats WHERE team_id = ? AND channel_id = ? AND user_id = ?').get(
    a.teamId,
    post.channelId,
    a.userId,
  ) as StatsRow | undefined;
  const streakBefore: StreakState = before
    ? { currentStreak: before.current_streak, bestStreak: before.best_streak, lastCorrectSeq: before.last_correct_seq }
    : { currentStreak: 0, bestStreak: 0, lastCorrectSeq: 0 };
  const s = streakAfterAnswer(streakBefore, post.seq, isCorrect);
  const points = (before?.points ?? 0) + (isCorrect ? 1 : 0);
  statement(
    db,
    `INSERT INTO user_stats (team_id, channel_id, user_id, points, answers, correct, current_streak, best_streak, last_correct_seq, updated_at)
         VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?)
         ON CONFLICT (team_id, channel_id, user_id) DO UPDATE SET
           points = excluded.points, answers = answers + 1, correct = correct + excluded.correct,
           current_streak = excluded.current_streak, best_streak = excluded.best_streak,
           last_correct_seq = excluded.last_correct_seq, updated_at = excluded.updated_at`,
  ).run(a.teamId, post.channelId, a.userId, points, isCorrect ? 1 : 0, s.currentStreak, s.bestStreak, s.lastCorrectSeq, at);
  return {
    kind: 'graded',
    post: { ...post, answerCount: post.answerCount + 1, correctCount: post.correctCount + (isCorrect ? 1 : 0) },
    choice: a.choice,
    isCorrect,
    streak: s.currentStreak,
    bestStreak: s.bestStreak,
    points,
  };
}
