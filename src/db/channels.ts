import type { ChannelSettings, ChannelState, QuizChannel } from '../quiz/model.ts';
import { type ChannelRow, toChannel } from './channel-rows.ts';
import type { Db } from './open.ts';

export function ensureWorkspace(db: Db, teamId: string, now: Date): void {
  db.prepare('INSERT INTO workspaces (team_id, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING').run(teamId, now.toISOString());
}

/**
 * Starts (or restarts with a new schedule) the daily quiz in a channel. Settings given replace the
 * channel's; without them a new channel gets the defaults and a known one keeps its own.
 */
export function upsertQuizChannel(
  db: Db,
  c: {
    teamId: string;
    channelId: string;
    schedule: string;
    timezone: string;
    userId: string | null;
    settings?: ChannelSettings;
  },
  now: Date,
): void {
  const s = c.settings;
  const at = now.toISOString();
  db.transaction(() => {
    ensureWorkspace(db, c.teamId, now);
    db.prepare(
      `INSERT INTO quiz_channels (team_id, channel_id, schedule, timezone, state, started_at, updated_by, updated_at, set_by)
       VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?)
       ON CONFLICT (team_id, channel_id) DO UPDATE SET
         schedule = excluded.schedule, timezone = excluded.timezone, state = 'active',
         started_at = excluded.started_at, last_error = NULL, last_error_at = NULL, notified_error = NULL,
         updated_by = excluded.updated_by, updated_at = excluded.updated_at,
         set_by = COALESCE(excluded.set_by, quiz_channels.set_by)`,
    ).run(c.teamId, c.channelId, c.schedule, c.timezone, at, c.userId, at, c.userId);
    if (s) {
      db.prepare(
        `UPDATE quiz_channels SET topics = ?, exam = ?, difficulty_min = ?, difficulty_max = ?, reveal_after_hours = ?
         WHERE team_id = ? AND channel_id = ?`,
      ).run(JSON.stringify(s.topics), s.exam, s.difficultyMin, s.difficultyMax, s.revealAfterHours, c.teamId, c.channelId);
    }
  })();
}

/** Seeds the channel from QUIZ_CHANNEL once; later changes made in Slack win over the environment. */
export function seedQuizChannel(
  db: Db,
  c: { teamId: string; channelId: string; schedule: string; timezone: string },
  now: Date,
): boolean {
  return db.transaction(() => {
    ensureWorkspace(db, c.teamId, now);
    const r = db
      .prepare(
        `INSERT INTO quiz_channels (team_id, channel_id, schedule, timezone, state, started_at, updated_by, updated_at)
         VALUES (?, ?, ?, ?, 'active', ?, NULL, ?) ON CONFLICT DO NOTHING`,
      )
      .run(c.teamId, c.channelId, c.schedule, c.timezone, now.toISOString(), now.toISOString());
    return r.changes > 0;
  })();
}

export function setChannelState(
  db: Db,
  teamId: string,
  channelId: string,
  state: ChannelState,
  userId: string,
  now: Date,
): boolean {
  const r = db
    .prepare(
      // Resuming starts afresh: a fire time missed while paused is not made up.
      `UPDATE quiz_channels SET state = ?, updated_by = ?, updated_at = ?,
         started_at = CASE WHEN ? = 'active' AND state != 'active' THEN ? ELSE started_at END
       WHERE team_id = ? AND channel_id = ?`,
    )
    .run(state, userId, now.toISOString(), state, now.toISOString(), teamId, channelId);
  return r.changes > 0;
}

export function getQuizChannel(db: Db, teamId: string, channelId: string): QuizChannel | undefined {
  const r = db.prepare('SELECT * FROM quiz_channels WHERE team_id = ? AND channel_id = ?').get(teamId, channelId) as
    | ChannelRow
    | undefined;
  return r && toChannel(r);
}

export function activeQuizChannels(db: Db): QuizChannel[] {
  return (db.prepare("SELECT * FROM quiz_channels WHERE state = 'active'").all() as ChannelRow[]).map(toChannel);
}

export function channelsPausedBy(db: Db, teamId: string, userId: string): QuizChannel[] {
  return (
    db
      .prepare("SELECT * FROM quiz_channels WHERE team_id = ? AND state = 'paused' AND updated_by = ? ORDER BY channel_id")
      .all(teamId, userId) as ChannelRow[]
  ).map(toChannel);
}

export function recordChannelError(db: Db, teamId: string, channelId: string, error: string | null, now: Date): void {
  db.prepare('UPDATE quiz_channels SET last_error = ?, last_error_at = ? WHERE team_id = ? AND channel_id = ?').run(
    error,
    error === null ? null : now.toISOString(),
    teamId,
    channelId,
  );
}

/** Remembers the posting problem the channel's admin was told about (null: told it recovered). */
export function recordNotifiedError(db: Db, teamId: string, channelId: string, error: string | null): void {
  db.prepare('UPDATE quiz_channels SET notified_error = ? WHERE team_id = ? AND channel_id = ?').run(error, teamId, channelId);
}
