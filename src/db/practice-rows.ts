/**
 * The practice tables' rows as both backends store them, the domain values they map to, and the
 * upserts both write: one mapping for SQLite (db/practice.ts, db/practice-settings.ts) and
 * PostgreSQL (db/postgres/practice.ts, db/postgres/practice-settings.ts). The statements take their
 * VALUES placeholders from the caller (`?` on SQLite, `$1` … on PostgreSQL); everything else in them
 * is the same on both.
 */
import type { PracticeSession } from '../practice/choose.ts';
import { isRetired, type PracticeCard, type PracticeCardState, ratingOf } from '../practice/schedule.ts';
import type { PracticeSettings } from '../services/practice-store.ts';

export interface SessionRow {
  id: number;
  team_id: string;
  user_id: string;
  topic: string | null;
  exam: string | null;
  size: number;
  asked: number;
  correct: number;
  current_question_id: string | null;
  state: 'open' | 'done';
  created_at: string;
  updated_at: string;
}

export interface CardRow {
  question_id: string;
  due: string;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  misses: number;
  state: PracticeCardState;
  last_review: string | null;
  long_right_streak: number;
}

export interface SettingsRow {
  team_id: string;
  user_id: string;
  remind_at: string | null;
  timezone: string | null;
  next_nudge_at: string | null;
  away_from: string | null;
  away_until: string | null;
  session_size: number | null;
  daily_review_cap: number | null;
}

export const CARD_COLUMNS =
  'question_id, due, stability, difficulty, elapsed_days, scheduled_days, learning_steps, reps, lapses, misses, state, last_review, long_right_streak';

export const instant = (text: string | null): Date | null => (text === null ? null : new Date(text));
export const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

/** `n` placeholders for a VALUES list: `?, ?, …` for SQLite, `$1, $2, …` for PostgreSQL. */
export const placeholders = (n: number, dialect: 'sqlite' | 'postgres'): string =>
  Array.from({ length: n }, (_, i) => (dialect === 'sqlite' ? '?' : `$${i + 1}`)).join(', ');

export const toSession = (r: SessionRow): PracticeSession => ({
  id: r.id,
  teamId: r.team_id,
  userId: r.user_id,
  topic: r.topic,
  exam: r.exam,
  size: r.size,
  asked: r.asked,
  correct: r.correct,
  currentQuestionId: r.current_question_id,
  state: r.state,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

export const toCard = (r: CardRow): PracticeCard => ({
  due: new Date(r.due),
  stability: r.stability,
  difficulty: r.difficulty,
  elapsedDays: r.elapsed_days,
  scheduledDays: r.scheduled_days,
  learningSteps: r.learning_steps,
  reps: r.reps,
  lapses: r.lapses,
  misses: r.misses,
  state: r.state,
  lastReview: instant(r.last_review),
  longRightStreak: r.long_right_streak,
});

export const toSettings = (r: SettingsRow): PracticeSettings => ({
  remindAt: r.remind_at,
  timezone: r.timezone,
  nextNudgeAt: instant(r.next_nudge_at),
  awayFrom: instant(r.away_from),
  awayUntil: instant(r.away_until),
  sessionSize: r.session_size,
  dailyReviewCap: r.daily_review_cap,
});

/** A card written whole: inserted, or replacing the person's card of that question. */
export const upsertCard = (dialect: 'sqlite' | 'postgres'): string =>
  `INSERT INTO practice_cards (team_id, user_id, question_id, due, stability, difficulty, elapsed_days, scheduled_days,
     learning_steps, reps, lapses, misses, state, last_review, long_right_streak, retired, updated_at)
   VALUES (${placeholders(17, dialect)})
   ON CONFLICT (team_id, user_id, question_id) DO UPDATE SET
     due = excluded.due, stability = excluded.stability, difficulty = excluded.difficulty,
     elapsed_days = excluded.elapsed_days, scheduled_days = excluded.scheduled_days,
     learning_steps = excluded.learning_steps, reps = excluded.reps, lapses = excluded.lapses,
     misses = excluded.misses, state = excluded.state, last_review = excluded.last_review,
     long_right_streak = excluded.long_right_streak, retired = excluded.retired, updated_at = excluded.updated_at`;

/** upsertCard's values, in its column order. */
export const cardValues = (teamId: string, userId: string, questionId: string, c: PracticeCard, now: Date) => [
  teamId,
  userId,
  questionId,
  c.due.toISOString(),
  c.stability,
  c.difficulty,
  c.elapsedDays,
  c.scheduledDays,
  c.learningSteps,
  c.reps,
  c.lapses,
  c.misses,
  c.state,
  iso(c.lastReview),
  c.longRightStreak,
  isRetired(c) ? 1 : 0,
  now.toISOString(),
];

/** A review, once: a second one of the same key (session or post, and question) is ignored. */
export const insertReview = (dialect: 'sqlite' | 'postgres'): string =>
  `INSERT INTO practice_reviews
  (team_id, user_id, question_id, session_id, post_id, choice, is_correct, rating, reviewed_at, source)
  VALUES (${placeholders(10, dialect)}) ON CONFLICT DO NOTHING`;

/** insertReview's values: an answer in a practice session (sessionId) or to a daily post (postId). */
export const reviewValues = (r: {
  teamId: string;
  userId: string;
  questionId: string;
  sessionId: number | null;
  postId: number | null;
  choice: string | null;
  isCorrect: boolean;
  at: Date;
  source: 'practice' | 'daily';
}) => [
  r.teamId,
  r.userId,
  r.questionId,
  r.sessionId,
  r.postId,
  r.choice,
  r.isCorrect ? 1 : 0,
  ratingOf(r.isCorrect),
  r.at.toISOString(),
  r.source,
];

/** A person's settings written whole. */
export const upsertSettings = (dialect: 'sqlite' | 'postgres'): string =>
  `INSERT INTO practice_settings (team_id, user_id, remind_at, timezone, next_nudge_at, away_from, away_until,
     session_size, daily_review_cap, updated_at)
   VALUES (${placeholders(10, dialect)})
   ON CONFLICT (team_id, user_id) DO UPDATE SET
     remind_at = excluded.remind_at, timezone = excluded.timezone, next_nudge_at = excluded.next_nudge_at,
     away_from = excluded.away_from, away_until = excluded.away_until, session_size = excluded.session_size,
     daily_review_cap = excluded.daily_review_cap, updated_at = excluded.updated_at`;

/** upsertSettings's values, in its column order. */
export const settingsValues = (teamId: string, userId: string, s: PracticeSettings, now: Date) => [
  teamId,
  userId,
  s.remindAt,
  s.timezone,
  iso(s.nextNudgeAt),
  iso(s.awayFrom),
  iso(s.awayUntil),
  s.sessionSize,
  s.dailyReviewCap,
  now.toISOString(),
];

/**
 * Notes when a person deleted their practice history, keeping their settings (a person without a
 * settings row gets one with the defaults).
 */
export const markReset = (dialect: 'sqlite' | 'postgres'): string =>
  `INSERT INTO practice_settings (team_id, user_id, history_reset_at, updated_at) VALUES (${placeholders(4, dialect)})
   ON CONFLICT (team_id, user_id) DO UPDATE SET history_reset_at = excluded.history_reset_at, updated_at = excluded.updated_at`;

/**
 * The condition on a daily answer `a` that it may become a review: given after the person's last
 * reset of their practice history, if they ever reset it.
 */
export const AFTER_LAST_RESET = `a.answered_at > COALESCE((SELECT s.history_reset_at FROM practice_settings s
                                 WHERE s.team_id = a.team_id AND s.user_id = a.user_id), '')`;
