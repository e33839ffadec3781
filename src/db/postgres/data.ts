/**
 * Export and forget on PostgreSQL: the statements of db/sqlite-data-store.ts, same results. Forget
 * runs in one transaction that first locks the tables a person's answers and practice write to
 * against other writers (SQLite's BEGIN IMMEDIATE), so no answer slips in between the deletes and
 * the recount; readers go on.
 */
import type { DataStore, ForgetReport, TeamExport } from '../../services/data-store.ts';
import type { Sql } from './sql.ts';

const EXPORT_SQL = {
  answers: `SELECT p.channel_id AS "channelId", a.post_id AS "postId", p.question_id AS "questionId", p.topic AS topic,
      a.user_id AS "userId", a.choice AS choice, a.is_correct AS "isCorrect", a.answered_at AS "answeredAt"
    FROM answers a JOIN posts p ON p.id = a.post_id WHERE a.team_id = $1 ORDER BY a.answered_at, a.post_id, a.user_id`,
  standings: `SELECT channel_id AS "channelId", user_id AS "userId", points, answers, correct,
      current_streak AS "currentStreak", best_streak AS "bestStreak", updated_at AS "updatedAt"
    FROM user_stats WHERE team_id = $1 ORDER BY channel_id, points DESC, user_id`,
  reviews: `SELECT user_id AS "userId", question_id AS "questionId", source, session_id AS "sessionId", post_id AS "postId",
      choice, is_correct AS "isCorrect", rating, reviewed_at AS "reviewedAt"
    FROM practice_reviews WHERE team_id = $1 ORDER BY reviewed_at, id`,
  cards: `SELECT user_id AS "userId", question_id AS "questionId", state, due, reps, lapses, misses, stability, difficulty,
      last_review AS "lastReview", retired
    FROM practice_cards WHERE team_id = $1 ORDER BY user_id, question_id`,
};

const TEAMS_OF_PERSON_SQL = `SELECT team_id FROM answers WHERE user_id = $1
  UNION SELECT team_id FROM user_stats WHERE user_id = $1
  UNION SELECT team_id FROM period_totals WHERE user_id = $1
  UNION SELECT team_id FROM practice_reviews WHERE user_id = $1
  UNION SELECT team_id FROM practice_cards WHERE user_id = $1
  UNION SELECT team_id FROM practice_sessions WHERE user_id = $1
  UNION SELECT team_id FROM shares WHERE user_id = $1
  UNION SELECT team_id FROM practice_settings WHERE user_id = $1
  UNION SELECT team_id FROM practice_nudges WHERE user_id = $1
  UNION SELECT team_id FROM reports WHERE user_id = $1
  ORDER BY 1`;

const RECOUNT_POST_SQL = `UPDATE posts SET
    answer_count = (SELECT COUNT(*) FROM answers WHERE post_id = posts.id),
    correct_count = (SELECT COALESCE(SUM(is_correct), 0) FROM answers WHERE post_id = posts.id)
  WHERE id = $1`;

// Reviews before sessions: a practice review refers to its session.
const DELETES = {
  answers: 'DELETE FROM answers WHERE team_id = $1 AND user_id = $2',
  standings: 'DELETE FROM user_stats WHERE team_id = $1 AND user_id = $2',
  periodTotals: 'DELETE FROM period_totals WHERE team_id = $1 AND user_id = $2',
  practiceReviews: 'DELETE FROM practice_reviews WHERE team_id = $1 AND user_id = $2',
  practiceCards: 'DELETE FROM practice_cards WHERE team_id = $1 AND user_id = $2',
  practiceSessions: 'DELETE FROM practice_sessions WHERE team_id = $1 AND user_id = $2',
  shares: 'DELETE FROM shares WHERE team_id = $1 AND user_id = $2',
  practiceSettings: 'DELETE FROM practice_settings WHERE team_id = $1 AND user_id = $2',
  practiceNudges: 'DELETE FROM practice_nudges WHERE team_id = $1 AND user_id = $2',
  reports: 'DELETE FROM reports WHERE team_id = $1 AND user_id = $2',
} as const;

type Counts = Omit<ForgetReport, 'userId' | 'teams'>;

/** One workspace's part of forgetting (see db/sqlite-data-store.ts for why this is the recomputation). */
async function forgetInTeam(tx: Sql, teamId: string, userId: string, counts: Counts): Promise<void> {
  const posts = (
    await tx.query<{ post_id: number }>('SELECT post_id FROM answers WHERE team_id = $1 AND user_id = $2', [teamId, userId])
  ).rows.map((r) => r.post_id);
  for (const [kind, sql] of Object.entries(DELETES) as [keyof typeof DELETES, string][]) {
    counts[kind] += (await tx.query(sql, [teamId, userId])).rowCount;
  }
  for (const postId of posts) await tx.query(RECOUNT_POST_SQL, [postId]);
  counts.postsRecounted += posts.length;
}

async function forget(tx: Sql, userId: string, teamId: string | undefined): Promise<ForgetReport> {
  // Self-conflicting and blocking writers, not readers: what BEGIN IMMEDIATE is on SQLite.
  await tx.query('LOCK TABLE answers, practice_reviews, practice_cards IN SHARE ROW EXCLUSIVE MODE');
  const teams =
    teamId !== undefined
      ? [teamId]
      : (await tx.query<{ team_id: string }>(TEAMS_OF_PERSON_SQL, [userId])).rows.map((r) => r.team_id);
  const counts: Counts = {
    answers: 0,
    postsRecounted: 0,
    standings: 0,
    periodTotals: 0,
    practiceReviews: 0,
    practiceCards: 0,
    practiceSessions: 0,
    shares: 0,
    practiceSettings: 0,
    practiceNudges: 0,
    reports: 0,
  };
  for (const team of teams) await forgetInTeam(tx, team, userId, counts);
  return { userId, teams, ...counts };
}

export function postgresDataStore(sql: Sql): DataStore {
  return {
    // One snapshot for the whole export: a read-only transaction at REPEATABLE READ.
    exportTeam: (teamId) =>
      sql.atomic(async (tx): Promise<TeamExport> => {
        if (!sql.inTransaction) await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const rows = async <T>(text: string) => (await tx.query<T>(text, [teamId])).rows;
        const answers = await rows<Omit<TeamExport['answers'][number], 'isCorrect'> & { isCorrect: number }>(EXPORT_SQL.answers);
        const reviews = await rows<Omit<TeamExport['practiceReviews'][number], 'isCorrect'> & { isCorrect: number }>(
          EXPORT_SQL.reviews,
        );
        const cards = await rows<Omit<TeamExport['practiceCards'][number], 'retired'> & { retired: number }>(EXPORT_SQL.cards);
        return {
          teamId,
          answers: answers.map((a) => ({ ...a, isCorrect: a.isCorrect === 1 })),
          standings: await rows(EXPORT_SQL.standings),
          practiceReviews: reviews.map((r) => ({ ...r, isCorrect: r.isCorrect === 1 })),
          practiceCards: cards.map((c) => ({ ...c, retired: c.retired === 1 })),
        };
      }),
    forget: (userId, teamId) => sql.atomic((tx) => forget(tx, userId, teamId)),
  };
}
