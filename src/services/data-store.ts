/**
 * The storage seam of a workspace's data as its owner may ask for it: everything kept about a team
 * (export) and the removal of one person (forget). db/sqlite-data-store.ts is the embedded
 * implementation; a PostgreSQL store implements the same two methods, each in one transaction.
 */

export interface ExportedAnswer {
  channelId: string;
  postId: number;
  questionId: string;
  topic: string;
  userId: string;
  choice: string;
  isCorrect: boolean;
  answeredAt: string;
}

/** A person's running totals in one quiz channel, as stored (the streak as of their last answer). */
export interface ExportedStanding {
  channelId: string;
  userId: string;
  points: number;
  answers: number;
  correct: number;
  currentStreak: number;
  bestStreak: number;
  updatedAt: string;
}

export interface ExportedReview {
  userId: string;
  questionId: string;
  source: 'practice' | 'daily';
  sessionId: number | null;
  postId: number | null;
  choice: string | null;
  isCorrect: boolean;
  rating: number;
  reviewedAt: string;
}

export interface ExportedCard {
  userId: string;
  questionId: string;
  state: string;
  due: string;
  reps: number;
  lapses: number;
  misses: number;
  stability: number;
  difficulty: number;
  lastReview: string | null;
  retired: boolean;
}

export interface TeamExport {
  teamId: string;
  answers: ExportedAnswer[];
  standings: ExportedStanding[];
  practiceReviews: ExportedReview[];
  practiceCards: ExportedCard[];
}

/** What forgetting a person removed, per kind of row, over every workspace it touched. */
export interface ForgetReport {
  userId: string;
  teams: string[];
  answers: number;
  /** Posts whose answer and correct counts were recounted without the person. */
  postsRecounted: number;
  /** Per-channel totals (points, streaks) removed. */
  standings: number;
  /** Weekly and monthly leaderboard totals removed. */
  periodTotals: number;
  practiceReviews: number;
  practiceCards: number;
  practiceSessions: number;
  shares: number;
  /** The person's practice settings (reminder time and zone, away dates, session size). */
  practiceSettings: number;
  /** Reminders sent to the person (one row per day). */
  practiceNudges: number;
  /** Problems the person reported, with their comments. */
  reports: number;
}

export interface DataStore {
  /** Everything kept about a workspace's answers, standings and practice, oldest first. */
  exportTeam(teamId: string): Promise<TeamExport>;
  /**
   * Deletes a person's answers, practice and shares in one workspace (or in every workspace when
   * teamId is omitted) and recomputes every total their answers fed, in one transaction: afterwards
   * the totals are those of a database where the person never answered.
   */
  forget(userId: string, teamId?: string): Promise<ForgetReport>;
}
