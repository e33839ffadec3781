/**
 * A channel's setup-modal settings, who set it up and the problem they were told about, on
 * PostgreSQL (postgres migration 005, SQLite 010): the columns, their mapping and the statements
 * the channel store (posts.ts) adds for them, with the semantics of db/channels.ts.
 */
import type { ChannelSettings } from '../../quiz/model.ts';
import type { Sql } from './sql.ts';

/** Settings given to an upsert replace the channel's (in the upsert's transaction). */
export async function writeSettings(tx: Sql, teamId: string, channelId: string, s: ChannelSettings): Promise<void> {
  await tx.query(
    `UPDATE quiz_channels SET topics = $1, exam = $2, difficulty_min = $3, difficulty_max = $4, reveal_after_hours = $5
     WHERE team_id = $6 AND channel_id = $7`,
    [JSON.stringify(s.topics), s.exam, s.difficultyMin, s.difficultyMax, s.revealAfterHours, teamId, channelId],
  );
}

export const PAUSED_BY_SQL =
  "SELECT * FROM quiz_channels WHERE team_id = $1 AND state = 'paused' AND updated_by = $2 ORDER BY channel_id";

export async function recordNotified(sql: Sql, teamId: string, channelId: string, error: string | null): Promise<void> {
  await sql.query('UPDATE quiz_channels SET notified_error = $1 WHERE team_id = $2 AND channel_id = $3', [
    error,
    teamId,
    channelId,
  ]);
}
