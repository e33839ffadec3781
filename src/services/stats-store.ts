/**
 * The read-only storage seam of team statistics and item analysis: answers joined with the posts
 * they answered. db/sqlite-stats-store.ts is the embedded implementation; a PostgreSQL store
 * implements the same three methods. Instants are ISO-8601 UTC text, compared as text.
 */
import type { ActivityTotal, ChoiceTotal, Response } from '../stats/model.ts';

/** Which answers: one workspace's or every workspace's, answered at or after `since` (ISO) when given. */
export interface StatsScope {
  teamId?: string;
  since?: string;
}

export interface StatsStore {
  /**
   * People, answers and correct answers of a workspace in each stretch [start, end), and the
   * questions posted in it; one total per range, in the order given, summed in the database.
   */
  activity(teamId: string, ranges: readonly { start: string; end: string }[]): Promise<ActivityTotal[]>;
  /** Picks and correct answers per question (with the topic it was posted under) and choice, summed in the database. */
  choiceTotals(scope: StatsScope): Promise<ChoiceTotal[]>;
  /** Every answer as (workspace, person, question, correct), oldest first: item analysis follows people across questions. */
  responses(scope: StatsScope): Promise<Response[]>;
}
