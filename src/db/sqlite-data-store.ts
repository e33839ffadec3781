/**
 * Export and forget on SQLite: SQL only, each call one statement set; forget runs in one IMMEDIATE
 * transaction so no answer can slip in between the deletes and the recount.
 */
import type { DataStore, ForgetReport, TeamExport } from '../services/data-store.ts';
import { gateOf } from './gate.ts';
import type { Db } from './open.ts';
import { statement } from './statements.ts';

const EXPORT_SQL = {
  answers: `SELECT p.channel_id AS channelId, a.post_id AS postId, p.question_id AS questionId, p.topic AS topic,
      a.user_id AS userId, a.choice AS choice, a.is_correct AS isCorrect, a.answered_at AS answeredAt
    FROM answers a JOIN posts p ON p.id = a.post_id WHERE a.team_id = ? ORDER BY a.answered_at, a.post_id, a.user_id`,
  standings: `SELECT channel_id AS channelId, user_id AS userId, points, answers, correct,
      current_streak AS currentStreak, best_streak AS bestStreak, updated_at AS updatedAt
    FROM user_stats WHERE team_id = ? ORDER BY channel_id, points DESC, user_id`,
  reviews: `SELECT user_id AS userId, question_id AS questionId, source, session_id AS sessionId, post_id AS postId,
      choice, is_correct AS isCorrect, rating, reviewed_at AS reviewedAt
    FROM practice_reviews WHERE team_id = ? ORDER BY reviewed_at, id`,
  cards: `SELECT user_id AS userId, question_id AS questionId, state, due, reps, lapses, misses, stability, difficulty,
      last_review AS lastReview, retired
    FROM practice_cards WHERE team_id = ? ORDER BY user_id, question_id`,
};

const TEAMS_OF_PERSON_SQL = `SELECT team_id FROM answers WHERE user_id = ?
  UNION SELECT team_id FROM user_stats WHERE user_id = ?
  UNION SELECT team_id FROM period_totals WHERE user_id = ?
  UNION SELECT team_id FROM practice_reviews WHERE user_id = ?
  UNION SELECT team_id FROM practice_cards WHERE user_id = ?
  UNION SELECT team_id FROM practice_sessions WHERE user_id = ?
  UNION SELECT team_id FROM shares WHERE user_id = ?
  UNION SELECT team_id FROM practice_settings WHERE user_id = ?
  UNION SELECT team_id FROM practice_nudges WHERE user_id = ?
  UNION SELECT team_id FROM reports WHERE user_id = ?
  ORDER BY 1`;

const RECOUNT_POST_SQL = `UPDATE posts SET
    answer_count = (SELECT COUNT(*) FROM answers WHERE post_id = posts.id),
    correct_count = (SELECT COALESCE(SUM(is_correct), 0) FROM answers WHERE post_id = posts.id)
  WHERE id = ?`;

// Reviews before sessions: a practice review refers to its session.
const DELETES = {
  answers: 'DELETE FROM answers WHERE team_id = ? AND user_id = ?',
  standings: 'DELETE FROM user_stats WHERE team_id = ? AND user_id = ?',
  periodTotals: 'DELETE FROM period_totals WHERE team_id = ? AND user_id = ?',
  practiceReviews: 'DELETE FROM practice_reviews WHERE team_id = ? AND user_id = ?',
  practiceCards: 'DELETE FROM practice_cards WHERE team_id = ? AND user_id = ?',
  practiceSessions: 'DELETE FROM practice_sessions WHERE team_id = ? AND user_id = ?',
  shares: 'DELETE FROM shares WHERE team_id = ? AND user_id = ?',
  // The person's practice reminder (with their time zone), away dates and session size, and the
  // record of reminders sent; the problems they reported, with their comments.
  practiceSettings: 'DELETE FROM practice_settings WHERE team_id = ? AND user_id = ?',
  practiceNudges: 'DELETE FROM practice_nudges WHERE team_id = ? AND user_id = ?',
  reports: 'DELETE FROM reports WHERE team_id = ? AND user_id = ?',
} as const;

type Counts = Omit<ForgetReport, 'userId' | 'teams'>;

/**
 * One workspace's part of forgetting. The person's per-channel totals and leaderboard buckets
 * summed only their own answers, all of which go, so removing the rows is the recomputation; the
 * posts they answered are recounted from the answers that remain. Nobody else's streak depends on
 * another person's answers.
 */
function forgetInTeam(db: Db, teamId: string, userId: string, counts: Counts): void {
  const posts = (
    statement(db, 'SELECT post_id FROM answers WHERE team_id = ? AND user_id = ?').all(teamId, userId) as {
      post_id: number;
    }[]
  ).map((r) => r.post_id);
  for (const [kind, sql] of Object.entries(DELETES) as [keyof typeof DELETES, string][]) {
    counts[kind] += statement(db, sql).run(teamId, userId).changes;
  }
  for (const postId of posts) statement(db, RECOUNT_POST_SQL).run(postId);
  counts.postsRecounted += posts.length;
}

export function sqliteDataStore(db: Db): DataStore {
  const forget = db.transaction((userId: string, teamId: string | undefined): ForgetReport => {
    const teams =
      teamId !== undefined
        ? [teamId]
        : (statement(db, TEAMS_OF_PERSON_SQL).all(...Array(10).fill(userId)) as { team_id: string }[]).map((r) => r.team_id);
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
    for (const team of teams) forgetInTeam(db, team, userId, counts);
    return { userId, teams, ...counts };
  });
  const run = gateOf(db).wrap;
  return {
    // Through the connection's gate (gate.ts): never inside another store's open transaction.
    exportTeam: run((teamId: string): TeamExport => {
      const rows = <T>(sql: string) => statement(db, sql).all(teamId) as T[];
      // SQLite keeps booleans as 0/1.
      const answers = rows<Omit<TeamExport['answers'][number], 'isCorrect'> & { isCorrect: number }>(EXPORT_SQL.answers);
      const reviews = rows<Omit<TeamExport['practiceReviews'][number], 'isCorrect'> & { isCorrect: number }>(EXPORT_SQL.reviews);
      const cards = rows<Omit<TeamExport['practiceCards'][number], 'retired'> & { retired: number }>(EXPORT_SQL.cards);
      return {
        teamId,
        answers: answers.map((a) => ({ ...a, isCorrect: a.isCorrect === 1 })),
        standings: rows(EXPORT_SQL.standings),
        practiceReviews: reviews.map((r) => ({ ...r, isCorrect: r.isCorrect === 1 })),
        practiceCards: cards.map((c) => ({ ...c, retired: c.retired === 1 })),
      };
    }),
    forget: run((userId: string, teamId?: string) => forget.immediate(userId, teamId)),
  };
}
