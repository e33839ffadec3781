/**
 * Practice storage on PostgreSQL, as db/practice.ts: SQL only; the FSRS card comes from the pure
 * reviewCard and the session's counters from sessionAfterAnswer, inside the transaction that stores the review.
 */
import { sessionAfterAnswer } from '../../practice/choose.ts';
import { type PracticeCard, reviewCard } from '../../practice/schedule.ts';
import type {
  DailyReviewInput,
  PracticeAnswerRecord,
  PracticeHistoryDeleted,
  PracticeStore,
} from '../../services/practice-store.ts';
import {
  AFTER_LAST_RESET,
  CARD_COLUMNS,
  type CardRow,
  cardValues,
  insertReview,
  markReset,
  reviewValues,
  type SessionRow,
  toCard,
  toSession,
  upsertCard,
} from '../practice-rows.ts';
import { lockPerson, postgresPracticeSettings } from './practice-settings.ts';
import type { Sql } from './sql.ts';

const sessionRow = async (sql: Sql, teamId: string, userId: string, sessionId: number) =>
  (
    await sql.query<SessionRow>('SELECT * FROM practice_sessions WHERE id = $1 AND team_id = $2 AND user_id = $3', [
      sessionId,
      teamId,
      userId,
    ])
  ).rows[0];

async function cardOf(sql: Sql, teamId: string, userId: string, questionId: string): Promise<PracticeCard | undefined> {
  const row = (
    await sql.query<CardRow>(
      `SELECT ${CARD_COLUMNS} FROM practice_cards WHERE team_id = $1 AND user_id = $2 AND question_id = $3 FOR UPDATE`,
      [teamId, userId, questionId],
    )
  ).rows[0];
  return row && toCard(row);
}

const UPSERT_CARD = upsertCard('postgres');

async function saveCard(sql: Sql, teamId: string, userId: string, questionId: string, c: PracticeCard, now: Date): Promise<void> {
  await sql.query(UPSERT_CARD, cardValues(teamId, userId, questionId, c, now));
}

async function reviewAndSave(sql: Sql, teamId: string, userId: string, questionId: string, isCorrect: boolean, now: Date) {
  const reviewed = reviewCard(await cardOf(sql, teamId, userId, questionId), isCorrect, now);
  await saveCard(sql, teamId, userId, questionId, reviewed.card, now);
  return reviewed;
}

const INSERT_REVIEW = insertReview('postgres');
const MARK_RESET = markReset('postgres');

/** Stores the daily answer as a review with its card; false when this post's review was already stored. */
async function storeDailyReview(sql: Sql, r: DailyReviewInput, now: Date): Promise<boolean> {
  const inserted = await sql.query(
    INSERT_REVIEW,
    reviewValues({ ...r, sessionId: null, choice: r.choice ?? null, at: now, source: 'daily' }),
  );
  if (inserted.rowCount === 0) return false;
  await reviewAndSave(sql, r.teamId, r.userId, r.questionId, r.isCorrect, now);
  return true;
}

export function postgresPracticeStoreOn(sql: Sql): PracticeStore {
  return {
    // Settings, reminders and away mode (practice-settings.ts), reading cards on the connection they are given.
    ...postgresPracticeSettings(sql, (on) => postgresPracticeStoreOn(on).cards),
    createSession: (s, now) =>
      sql.atomic(async (tx) => {
        const at = now.toISOString();
        await tx.query(
          "UPDATE practice_sessions SET state = 'done', updated_at = $1 WHERE team_id = $2 AND user_id = $3 AND state = 'open'",
          [at, s.teamId, s.userId],
        );
        const row = (
          await tx.query<SessionRow>(
            `INSERT INTO practice_sessions (team_id, user_id, topic, exam, size, current_question_id, state, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $7) RETURNING *`,
            [s.teamId, s.userId, s.topic, s.exam, s.size, s.questionId, at],
          )
        ).rows[0] as SessionRow;
        return toSession(row);
      }),
    getSession: async (teamId, userId, sessionId) => {
      const row = await sessionRow(sql, teamId, userId, sessionId);
      return row && toSession(row);
    },
    answeredInSession: async (teamId, userId, sessionId) =>
      (
        await sql.query<{ question_id: string }>(
          "SELECT question_id FROM practice_reviews WHERE session_id = $1 AND team_id = $2 AND user_id = $3 AND source = 'practice' ORDER BY id",
          [sessionId, teamId, userId],
        )
      ).rows.map((r) => r.question_id),
    moveSession: async (teamId, userId, sessionId, from, to, now) =>
      (
        await sql.query(
          `UPDATE practice_sessions SET current_question_id = $1, updated_at = $2
           WHERE id = $3 AND team_id = $4 AND user_id = $5 AND state = 'open' AND current_question_id IS NOT DISTINCT FROM $6::text`,
          [to, now.toISOString(), sessionId, teamId, userId, from],
        )
      ).rowCount === 1,
    finishSession: async (teamId, userId, sessionId, now) => {
      await sql.query(
        "UPDATE practice_sessions SET state = 'done', updated_at = $1 WHERE id = $2 AND team_id = $3 AND user_id = $4 AND state = 'open'",
        [now.toISOString(), sessionId, teamId, userId],
      );
    },
    recordPracticeAnswer: (a, now) => sql.atomic((tx) => storePracticeAnswer(tx, a, now)),
    importDailyReviews: (teamId, userId) => sql.atomic((tx) => importDailyAnswers(tx, teamId, userId)),
    cards: async (teamId, userId) => {
      const rows = (
        await sql.query<CardRow>(`SELECT ${CARD_COLUMNS} FROM practice_cards WHERE team_id = $1 AND user_id = $2`, [
          teamId,
          userId,
        ])
      ).rows;
      return new Map(rows.map((r) => [r.question_id, toCard(r)]));
    },
    reviewsSince: async (teamId, userId, since) =>
      (
        (
          await sql.query<{ n: number }>(
            'SELECT COUNT(*) AS n FROM practice_reviews WHERE team_id = $1 AND user_id = $2 AND reviewed_at >= $3',
            [teamId, userId, since.toISOString()],
          )
        ).rows[0] as { n: number }
      ).n,
    deleteHistory: (teamId, userId, now) => sql.atomic((tx) => deleteAll(tx, teamId, userId, now)),
  };
}

/** A person's practice history deleted, and the time of it noted (db/practice.ts's deleteAll). */
async function deleteAll(tx: Sql, teamId: string, userId: string, now: Date): Promise<PracticeHistoryDeleted> {
  // Under the person's lock, so an import of their daily answers runs wholly before or after.
  await lockPerson(tx, teamId, userId);
  const person = [teamId, userId];
  // Reviews first: they refer to sessions.
  const reviews = (await tx.query('DELETE FROM practice_reviews WHERE team_id = $1 AND user_id = $2', person)).rowCount;
  const cards = (await tx.query('DELETE FROM practice_cards WHERE team_id = $1 AND user_id = $2', person)).rowCount;
  const sessions = (await tx.query('DELETE FROM practice_sessions WHERE team_id = $1 AND user_id = $2', person)).rowCount;
  await tx.query(MARK_RESET, [teamId, userId, now.toISOString(), now.toISOString()]);
  return { cards, reviews, sessions };
}

async function storePracticeAnswer(
  sql: Sql,
  a: Parameters<PracticeStore['recordPracticeAnswer']>[0],
  now: Date,
): Promise<PracticeAnswerRecord> {
  // Locked: two clicks on one session are stored one after the other, as SQLite's writer does.
  const row = (
    await sql.query<SessionRow>('SELECT * FROM practice_sessions WHERE id = $1 AND team_id = $2 AND user_id = $3 FOR UPDATE', [
      a.sessionId,
      a.teamId,
      a.userId,
    ])
  ).rows[0];
  if (!row) return { kind: 'not_found' };
  const session = toSession(row);
  if (row.current_question_id !== a.questionId || row.state !== 'open') {
    const reviewed = await sql.query(
      "SELECT 1 FROM practice_reviews WHERE session_id = $1 AND question_id = $2 AND source = 'practice'",
      [row.id, a.questionId],
    );
    return { kind: reviewed.rowCount > 0 ? 'duplicate' : 'stale', session };
  }
  const at = now.toISOString();
  const inserted = await sql.query(
    INSERT_REVIEW,
    reviewValues({ ...a, sessionId: row.id, postId: null, at: now, source: 'practice' }),
  );
  if (inserted.rowCount === 0) return { kind: 'duplicate', session };
  const { card, nextDue } = await reviewAndSave(sql, a.teamId, a.userId, a.questionId, a.isCorrect, now);
  const next = sessionAfterAnswer(row, a.isCorrect);
  const updated = (
    await sql.query<SessionRow>(
      'UPDATE practice_sessions SET asked = $1, correct = $2, state = $3, updated_at = $4 WHERE id = $5 RETURNING *',
      [next.asked, next.correct, next.state, at, row.id],
    )
  ).rows[0] as SessionRow;
  return { kind: 'recorded', session: toSession(updated), card, nextDue };
}

async function importDailyAnswers(sql: Sql, teamId: string, userId: string): Promise<number> {
  await lockPerson(sql, teamId, userId);
  const pending = (
    await sql.query<{ postId: number; questionId: string; isCorrect: number; choice: string; answeredAt: string }>(
      `SELECT a.post_id AS "postId", p.question_id AS "questionId", a.is_correct AS "isCorrect", a.choice, a.answered_at AS "answeredAt"
         FROM answers a JOIN posts p ON p.id = a.post_id
        WHERE a.team_id = $1 AND a.user_id = $2
          AND NOT EXISTS (SELECT 1 FROM practice_reviews r
                           WHERE r.team_id = a.team_id AND r.user_id = a.user_id AND r.source = 'daily' AND r.post_id = a.post_id)
          AND ${AFTER_LAST_RESET}
        ORDER BY a.answered_at, a.post_id`,
      [teamId, userId],
    )
  ).rows;
  let imported = 0;
  for (const a of pending) {
    const stored = await storeDailyReview(
      sql,
      { teamId, userId, questionId: a.questionId, postId: a.postId, isCorrect: a.isCorrect === 1, choice: a.choice },
      new Date(a.answeredAt),
    );
    if (stored) imported++;
  }
  return imported;
}
