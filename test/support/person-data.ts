import type { Db } from '../../src/db/open.ts';

/**
 * What the forget tests compare, read through one door like database.ts: every total that answers
 * feed and every row kept about people, in a stable order.
 */
export function answerTotals(db: Db) {
  return {
    answers: db
      .prepare('SELECT post_id, team_id, user_id, choice, is_correct, answered_at FROM answers ORDER BY post_id, user_id')
      .all(),
    userStats: db.prepare('SELECT * FROM user_stats ORDER BY team_id, channel_id, user_id').all(),
    periodTotals: db.prepare('SELECT * FROM period_totals ORDER BY team_id, period, start, user_id').all(),
    posts: db.prepare('SELECT id, question_id, answer_count, correct_count FROM posts ORDER BY id').all(),
    practice: PERSON_TABLES.map((t) => `${t}: ${countOf(db, t)}`),
  };
}

/** The tables with a row per person (user_id), whose rows forget removes. */
export const PERSON_TABLES = [
  'answers',
  'user_stats',
  'period_totals',
  'practice_reviews',
  'practice_cards',
  'practice_sessions',
  'shares',
  'practice_settings',
  'practice_nudges',
  'reports',
] as const;
type PersonTable = (typeof PERSON_TABLES)[number];

function countOf(db: Db, table: PersonTable, userId?: string): number {
  // The table name is one of PERSON_TABLES, never input.
  const sql = `SELECT COUNT(*) AS n FROM ${table}${userId === undefined ? '' : ' WHERE user_id = ?'}`;
  const row = (userId === undefined ? db.prepare(sql).get() : db.prepare(sql).get(userId)) as { n: number };
  return row.n;
}

/** How many rows each person table keeps about `userId`. */
export function rowsAbout(db: Db, userId: string): Record<PersonTable, number> {
  return Object.fromEntries(PERSON_TABLES.map((t) => [t, countOf(db, t, userId)])) as Record<PersonTable, number>;
}
