/**
 * Team statistics read from SQLite: SQL only. Totals are summed in the database; the weeks'
 * bounds come from the caller (computed in the team's zone), so no date arithmetic happens here.
 */
import type { StatsScope, StatsStore } from '../services/stats-store.ts';
import type { ActivityTotal, ChoiceTotal, Response } from '../stats/model.ts';
import { gateOf } from './gate.ts';
import type { Db } from './open.ts';
import { statement } from './statements.ts';

// answers_by_team_time (team_id, answered_at, user_id, is_correct) covers this: an index range scan.
const ACTIVITY_SQL = `SELECT COUNT(DISTINCT user_id) AS people, COUNT(*) AS answers, COALESCE(SUM(is_correct), 0) AS correct
  FROM answers WHERE team_id = ? AND answered_at >= ? AND answered_at < ?`;
const POSTS_SQL = 'SELECT COUNT(*) AS posts FROM posts WHERE team_id = ? AND posted_at >= ? AND posted_at < ?';

const CHOICES_SELECT = `SELECT p.question_id AS questionId, p.topic AS topic, a.choice AS choice,
    COUNT(*) AS picks, SUM(a.is_correct) AS correct
  FROM answers a JOIN posts p ON p.id = a.post_id`;
const CHOICES_GROUP = ' GROUP BY p.question_id, p.topic, a.choice ORDER BY p.question_id, a.choice';

const RESPONSES_SELECT = `SELECT a.team_id AS teamId, a.user_id AS userId, p.question_id AS questionId, a.is_correct AS isCorrect
  FROM answers a JOIN posts p ON p.id = a.post_id`;
const RESPONSES_ORDER = ' ORDER BY a.answered_at, a.post_id, a.user_id';

/** The WHERE clause of a scope, and its bound values: a team filter only when a team is given, so the index serves it. */
function scoped(scope: StatsScope): { where: string; values: string[] } {
  // '' sorts before every ISO instant: no `since` means every answer.
  const since = scope.since ?? '';
  return scope.teamId === undefined
    ? { where: ' WHERE a.answered_at >= ?', values: [since] }
    : { where: ' WHERE a.team_id = ? AND a.answered_at >= ?', values: [scope.teamId, since] };
}

/** Every call passes the connection's gate (gate.ts): it never reads inside another store's open transaction. */
export function sqliteStatsStore(db: Db): StatsStore {
  const run = gateOf(db).wrap;
  return {
    activity: run((teamId: string, ranges: readonly { start: string; end: string }[]) =>
      ranges.map(({ start, end }): ActivityTotal => {
        const a = statement(db, ACTIVITY_SQL).get(teamId, start, end) as { people: number; answers: number; correct: number };
        const p = statement(db, POSTS_SQL).get(teamId, start, end) as { posts: number };
        return { start, end, ...a, posts: p.posts };
      }),
    ),
    choiceTotals: run((scope: StatsScope) => {
      const { where, values } = scoped(scope);
      return statement(db, CHOICES_SELECT + where + CHOICES_GROUP).all(...values) as ChoiceTotal[];
    }),
    responses: run((scope: StatsScope) => {
      const { where, values } = scoped(scope);
      const rows = statement(db, RESPONSES_SELECT + where + RESPONSES_ORDER).all(...values) as (Omit<Response, 'isCorrect'> & {
        isCorrect: number;
      })[];
      return rows.map((r) => ({ ...r, isCorrect: r.isCorrect === 1 }));
    }),
  };
}
