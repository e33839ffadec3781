/**
 * Team statistics read from PostgreSQL: the statements of db/sqlite-stats-store.ts, same results.
 * Totals are summed in the database (COUNT and SUM come back as numbers, sql.ts); the weeks'
 * bounds come from the caller, so no date arithmetic happens here.
 */
import type { StatsScope, StatsStore } from '../../services/stats-store.ts';
import type { ActivityTotal, ChoiceTotal, Response } from '../../stats/model.ts';
import type { Sql } from './sql.ts';

// answers_by_team_time (team_id, answered_at, user_id, is_correct) covers this: an index range scan.
const ACTIVITY_SQL = `SELECT COUNT(DISTINCT user_id) AS people, COUNT(*) AS answers, COALESCE(SUM(is_correct), 0) AS correct
  FROM answers WHERE team_id = $1 AND answered_at >= $2 AND answered_at < $3`;
const POSTS_SQL = 'SELECT COUNT(*) AS posts FROM posts WHERE team_id = $1 AND posted_at >= $2 AND posted_at < $3';

const CHOICES_SELECT = `SELECT p.question_id AS "questionId", p.topic AS topic, a.choice AS choice,
    COUNT(*) AS picks, SUM(a.is_correct) AS correct
  FROM answers a JOIN posts p ON p.id = a.post_id`;
// Byte order, as SQLite compares text.
const CHOICES_GROUP = ' GROUP BY p.question_id, p.topic, a.choice ORDER BY p.question_id, a.choice COLLATE "C"';

const RESPONSES_SELECT = `SELECT a.team_id AS "teamId", a.user_id AS "userId", p.question_id AS "questionId", a.is_correct AS "isCorrect"
  FROM answers a JOIN posts p ON p.id = a.post_id`;
const RESPONSES_ORDER = ' ORDER BY a.answered_at, a.post_id, a.user_id';

/** The WHERE clause of a scope, and its bound values: a team filter only when a team is given, so the index serves it. */
function scoped(scope: StatsScope): { where: string; values: string[] } {
  // '' sorts before every ISO instant: no `since` means every answer.
  const since = scope.since ?? '';
  return scope.teamId === undefined
    ? { where: ' WHERE a.answered_at >= $1', values: [since] }
    : { where: ' WHERE a.team_id = $1 AND a.answered_at >= $2', values: [scope.teamId, since] };
}

export function postgresStatsStore(sql: Sql): StatsStore {
  return {
    activity: (teamId, ranges) =>
      Promise.all(
        ranges.map(async ({ start, end }): Promise<ActivityTotal> => {
          const [a, p] = await Promise.all([
            sql.query<{ people: number; answers: number; correct: number }>(ACTIVITY_SQL, [teamId, start, end]),
            sql.query<{ posts: number }>(POSTS_SQL, [teamId, start, end]),
          ]);
          const totals = a.rows[0] ?? { people: 0, answers: 0, correct: 0 };
          return { start, end, ...totals, posts: p.rows[0]?.posts ?? 0 };
        }),
      ),
    async choiceTotals(scope) {
      const { where, values } = scoped(scope);
      return (await sql.query<ChoiceTotal>(CHOICES_SELECT + where + CHOICES_GROUP, values)).rows;
    },
    async responses(scope) {
      const { where, values } = scoped(scope);
      const rows = (
        await sql.query<Omit<Response, 'isCorrect'> & { isCorrect: number }>(RESPONSES_SELECT + where + RESPONSES_ORDER, values)
      ).rows;
      return rows.map((r) => ({ ...r, isCorrect: r.isCorrect === 1 }));
    },
  };
}
