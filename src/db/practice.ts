/**
 * Practice storage on SQLite: SQL only. The FSRS card is computed by the pure reviewCard and the
 * session's counters by sessionAfterAnswer, inside the transaction that stores the review.
 */
import type Database from 'better-sqlite3';
import { type PracticeSession, sessionAfterAnswer } from '../practice/choose.ts';
import { type PracticeCard, type PracticeRating, reviewCard } from '../practice/schedule.ts';
import type {
  DailyReviewInput,
  NewPracticeSession,
  PracticeAnswerInput,
  PracticeAnswerRecord,
  PracticeHistoryDeleted,
} from '../services/practice-store.ts';
import type { Db } from './open.ts';
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
} from './practice-rows.ts';
import { statement } from './statements.ts';

type Transactions = {
  create: Database.Transaction<(s: NewPracticeSession, now: Date) => PracticeSession>;
  answer: Database.Transaction<(a: PracticeAnswerInput, now: Date) => PracticeAnswerRecord>;
  importDaily: Database.Transaction<(teamId: string, userId: string) => number>;
  forget: Database.Transaction<(teamId: string, userId: string, now: Date) => PracticeHistoryDeleted>;
};
const transactions = new WeakMap<Db, Transactions>();

function transactionsOf(db: Db): Transactions {
  let t = transactions.get(db);
  if (!t) {
    t = {
      create: db.transaction((s: NewPracticeSession, now: Date) => insertSession(db, s, now)),
      answer: db.transaction((a: PracticeAnswerInput, now: Date) => storePracticeAnswer(db, a, now)),
      importDaily: db.transaction((teamId: string, userId: string) => importDailyAnswers(db, teamId, userId)),
      forget: db.transaction((teamId: string, userId: string, now: Date) => deleteAll(db, teamId, userId, now)),
    };
    transactions.set(db, t);
  }
  return t;
}

function sessionRow(db: Db, teamId: string, userId: string, sessionId: number): SessionRow | undefined {
  return statement(db, 'SELECT * FROM practice_sessions WHERE id = ? AND team_id = ? AND user_id = ?').get(
    sessionId,
    teamId,
    userId,
  ) as SessionRow | undefined;
}

function cardOf(db: Db, teamId: string, userId: string, questionId: string): PracticeCard | undefined {
  const row = statement(
    db,
    `SELECT ${CARD_COLUMNS} FROM practice_cards WHERE team_id = ? AND user_id = ? AND question_id = ?`,
  ).get(teamId, userId, questionId) as CardRow | undefined;
  return row && toCard(row);
}

const UPSERT_CARD = upsertCard('sqlite');

function saveCard(db: Db, teamId: string, userId: string, questionId: string, c: PracticeCard, now: Date): void {
  statement(db, UPSERT_CARD).run(...cardValues(teamId, userId, questionId, c, now));
}

/** The card after this review, written. */
function reviewAndSave(
  db: Db,
  teamId: string,
  userId: string,
  questionId: string,
  isCorrect: boolean,
  now: Date,
): { card: PracticeCard; nextDue: Date; rating: PracticeRating } {
  const reviewed = reviewCard(cardOf(db, teamId, userId, questionId), isCorrect, now);
  saveCard(db, teamId, userId, questionId, reviewed.card, now);
  return reviewed;
}

const INSERT_REVIEW = insertReview('sqlite');
const MARK_RESET = markReset('sqlite');

const hasReview = (db: Db, sessionId: number, questionId: string): boolean =>
  statement(db, "SELECT 1 FROM practice_reviews WHERE session_id = ? AND question_id = ? AND source = 'practice'").get(
    sessionId,
    questionId,
  ) !== undefined;

function insertSession(db: Db, s: NewPracticeSession, now: Date): PracticeSession {
  const at = now.toISOString();
  statement(
    db,
    "UPDATE practice_sessions SET state = 'done', updated_at = ? WHERE team_id = ? AND user_id = ? AND state = 'open'",
  ).run(at, s.teamId, s.userId);
  const row = statement(
    db,
    `INSERT INTO practice_sessions (team_id, user_id, topic, exam, size, current_question_id, state, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?) RETURNING *`,
  ).get(s.teamId, s.userId, s.topic, s.exam, s.size, s.questionId, at, at) as SessionRow;
  return toSession(row);
}

function storePracticeAnswer(db: Db, a: PracticeAnswerInput, now: Date): PracticeAnswerRecord {
  const row = sessionRow(db, a.teamId, a.userId, a.sessionId);
  if (!row) return { kind: 'not_found' };
  const session = toSession(row);
  if (row.current_question_id !== a.questionId || row.state !== 'open') {
    return { kind: hasReview(db, row.id, a.questionId) ? 'duplicate' : 'stale', session };
  }
  const at = now.toISOString();
  // Insert, and let the (session, question) key decide: a replayed click changes nothing.
  const inserted = statement(db, INSERT_REVIEW).run(
    ...reviewValues({ ...a, sessionId: row.id, postId: null, at: now, source: 'practice' }),
  );
  if (inserted.changes === 0) return { kind: 'duplicate', session };
  const { card, nextDue } = reviewAndSave(db, a.teamId, a.userId, a.questionId, a.isCorrect, now);
  const next = sessionAfterAnswer(row, a.isCorrect);
  const updated = statement(
    db,
    'UPDATE practice_sessions SET asked = ?, correct = ?, state = ?, updated_at = ? WHERE id = ? RETURNING *',
  ).get(next.asked, next.correct, next.state, at, row.id) as SessionRow;
  return { kind: 'recorded', session: toSession(updated), card, nextDue };
}

/** Stores the daily answer as a review with its card; false when this post's review was already stored. */
function storeDailyReview(db: Db, r: DailyReviewInput, now: Date): boolean {
  const inserted = statement(db, INSERT_REVIEW).run(
    ...reviewValues({ ...r, sessionId: null, choice: r.choice ?? null, at: now, source: 'daily' }),
  );
  if (inserted.changes === 0) return false;
  reviewAndSave(db, r.teamId, r.userId, r.questionId, r.isCorrect, now);
  return true;
}

function deleteAll(db: Db, teamId: string, userId: string, now: Date): PracticeHistoryDeleted {
  // Reviews first: they refer to sessions.
  const reviews = statement(db, 'DELETE FROM practice_reviews WHERE team_id = ? AND user_id = ?').run(teamId, userId).changes;
  const cards = statement(db, 'DELETE FROM practice_cards WHERE team_id = ? AND user_id = ?').run(teamId, userId).changes;
  const sessions = statement(db, 'DELETE FROM practice_sessions WHERE team_id = ? AND user_id = ?').run(teamId, userId).changes;
  statement(db, MARK_RESET).run(teamId, userId, now.toISOString(), now.toISOString());
  return { cards, reviews, sessions };
}

/** Opens a session on its first question and ends the person's other open sessions. */
export function createPracticeSession(db: Db, s: NewPracticeSession, now: Date): PracticeSession {
  return transactionsOf(db).create.immediate(s, now);
}

/** The session, when it is this person's in this workspace. */
export function getPracticeSession(db: Db, teamId: string, userId: string, sessionId: number): PracticeSession | undefined {
  const row = sessionRow(db, teamId, userId, sessionId);
  return row && toSession(row);
}

export function answeredInSession(db: Db, teamId: string, userId: string, sessionId: number): string[] {
  return (
    statement(
      db,
      "SELECT question_id FROM practice_reviews WHERE session_id = ? AND team_id = ? AND user_id = ? AND source = 'practice' ORDER BY id",
    ).all(sessionId, teamId, userId) as { question_id: string }[]
  ).map((r) => r.question_id);
}

/** Moves an open session from `from` to `to`; false when it is no longer open on `from`. */
export function movePracticeSession(
  db: Db,
  teamId: string,
  userId: string,
  sessionId: number,
  from: string | null,
  to: string,
  now: Date,
): boolean {
  return (
    statement(
      db,
      `UPDATE practice_sessions SET current_question_id = ?, updated_at = ?
       WHERE id = ? AND team_id = ? AND user_id = ? AND state = 'open' AND current_question_id IS ?`,
    ).run(to, now.toISOString(), sessionId, teamId, userId, from).changes === 1
  );
}

export function finishPracticeSession(db: Db, teamId: string, userId: string, sessionId: number, now: Date): void {
  statement(
    db,
    "UPDATE practice_sessions SET state = 'done', updated_at = ? WHERE id = ? AND team_id = ? AND user_id = ? AND state = 'open'",
  ).run(now.toISOString(), sessionId, teamId, userId);
}

/**
 * Stores a practice answer in one transaction: the review (its (session, question) key refuses a
 * replay), the card as reviewCard computes it, and the session's counters. Only the session's
 * current question, of this person in this workspace, is stored.
 */
export function recordPracticeAnswer(db: Db, a: PracticeAnswerInput, now: Date): PracticeAnswerRecord {
  return transactionsOf(db).answer.immediate(a, now);
}

/**
 * Counts a person's daily-question answers that are not reviews yet as reviews, at the time they
 * were given, oldest first, in one transaction. The click path stays one commit per group of
 * clicks: a daily answer becomes a review when the person's practice is next read.
 */
export function importDailyReviews(db: Db, teamId: string, userId: string): number {
  return transactionsOf(db).importDaily.immediate(teamId, userId);
}

function importDailyAnswers(db: Db, teamId: string, userId: string): number {
  const pending = statement(
    db,
    `SELECT a.post_id AS postId, p.question_id AS questionId, a.is_correct AS isCorrect, a.choice, a.answered_at AS answeredAt
       FROM answers a JOIN posts p ON p.id = a.post_id
      WHERE a.team_id = ? AND a.user_id = ?
        AND NOT EXISTS (SELECT 1 FROM practice_reviews r
                         WHERE r.team_id = a.team_id AND r.user_id = a.user_id AND r.source = 'daily' AND r.post_id = a.post_id)
        AND ${AFTER_LAST_RESET}
      ORDER BY a.answered_at`,
  ).all(teamId, userId) as { postId: number; questionId: string; isCorrect: number; choice: string; answeredAt: string }[];
  let imported = 0;
  for (const a of pending) {
    const stored = storeDailyReview(
      db,
      { teamId, userId, questionId: a.questionId, postId: a.postId, isCorrect: a.isCorrect === 1, choice: a.choice },
      new Date(a.answeredAt),
    );
    if (stored) imported++;
  }
  return imported;
}

/** A person's cards by question id. */
export function practiceCards(db: Db, teamId: string, userId: string): Map<string, PracticeCard> {
  const rows = statement(db, `SELECT ${CARD_COLUMNS} FROM practice_cards WHERE team_id = ? AND user_id = ?`).all(
    teamId,
    userId,
  ) as CardRow[];
  return new Map(rows.map((r) => [r.question_id, toCard(r)]));
}

export function reviewsSince(db: Db, teamId: string, userId: string, since: Date): number {
  return (
    statement(db, 'SELECT COUNT(*) AS n FROM practice_reviews WHERE team_id = ? AND user_id = ? AND reviewed_at >= ?').get(
      teamId,
      userId,
      since.toISOString(),
    ) as { n: number }
  ).n;
}

/** Deletes a person's cards, reviews and sessions in one transaction; counts what went. */
export function deletePracticeHistory(db: Db, teamId: string, userId: string, now: Date): PracticeHistoryDeleted {
  return transactionsOf(db).forget.immediate(teamId, userId, now);
}
