/** Posts and channels on PostgreSQL: the statements of db/posts.ts and db/channels.ts, same semantics. */
import type { Post } from '../../quiz/model.ts';
import type { ChannelStore, PostStore } from '../../services/stores.ts';
import { type ChannelRow, toChannel } from '../channel-rows.ts';
import { type PostRow, toPost } from '../post-rows.ts';
import { PAUSED_BY_SQL, recordNotified, writeSettings } from './channel-settings.ts';
import { claimCountUpdate } from './count-claims.ts';
import type { Sql } from './sql.ts';

const all = async (sql: Sql, text: string, values: unknown[] = []) => (await sql.query<PostRow>(text, values)).rows.map(toPost);
const one = async (sql: Sql, text: string, values: unknown[]) => (await all(sql, text, values))[0];

export async function getPost(sql: Sql, teamId: string, postId: number, forUpdate = false): Promise<Post | undefined> {
  return one(sql, `SELECT * FROM posts WHERE id = $1 AND team_id = $2${forUpdate ? ' FOR UPDATE' : ''}`, [postId, teamId]);
}

const ensureWorkspace = (sql: Sql, teamId: string, now: Date) =>
  sql.query('INSERT INTO workspaces (team_id, created_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [teamId, now.toISOString()]);

export function postStore(sql: Sql): PostStore {
  return {
    get: (teamId, postId) => getPost(sql, teamId, postId),
    bySlot: (teamId, channelId, slot) =>
      one(sql, 'SELECT * FROM posts WHERE team_id = $1 AND channel_id = $2 AND slot = $3', [teamId, channelId, slot]),
    history: async (teamId, channelId) =>
      (
        await sql.query<{ questionId: string; topic: string }>(
          'SELECT question_id AS "questionId", topic FROM posts WHERE team_id = $1 AND channel_id = $2 ORDER BY id',
          [teamId, channelId],
        )
      ).rows,
    createForSlot: (p, now) =>
      sql.atomic(async (tx) => {
        await ensureWorkspace(tx, p.teamId, now);
        await tx.query(
          `INSERT INTO posts (team_id, channel_id, slot, question_id, topic, question_json, correct_key, state, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8) ON CONFLICT (team_id, channel_id, slot) DO NOTHING`,
          [
            p.teamId,
            p.channelId,
            p.slot,
            p.question.id,
            p.question.topic,
            JSON.stringify(p.question),
            p.question.answer,
            now.toISOString(),
          ],
        );
        const post = await one(tx, 'SELECT * FROM posts WHERE team_id = $1 AND channel_id = $2 AND slot = $3', [
          p.teamId,
          p.channelId,
          p.slot,
        ]);
        if (!post) throw new Error('post vanished after insert');
        return post;
      }),
    // One UPDATE: PostgreSQL re-checks the WHERE on the locked row, so across processes one wins.
    lease: async (postId, now, until) =>
      (
        await sql.query(
          `UPDATE posts SET lease_until = $1, attempts = attempts + 1
           WHERE id = $2 AND state = 'pending' AND (lease_until IS NULL OR lease_until <= $3)`,
          [until.toISOString(), postId, now.toISOString()],
        )
      ).rowCount > 0,
    recordFailure: async (postId, error, retryAt) => {
      await sql.query("UPDATE posts SET last_error = $1, lease_until = $2 WHERE id = $3 AND state = 'pending'", [
        error,
        retryAt.toISOString(),
        postId,
      ]);
    },
    markPosted: (postId, messageTs, now, revealDueAt) =>
      sql.atomic(async (tx) => {
        const made = await tx.query<PostRow>(
          `UPDATE posts SET state = 'posted', message_ts = $1, posted_at = $2, reveal_due_at = $3, lease_until = NULL, last_error = NULL
           WHERE id = $4 AND state = 'pending' RETURNING *`,
          [messageTs, now.toISOString(), revealDueAt.toISOString(), postId],
        );
        const row = made.rows[0];
        // Only the writer that made the post live takes a number.
        if (!row) return toPost((await tx.query<PostRow>('SELECT * FROM posts WHERE id = $1', [postId])).rows[0] as PostRow);
        const counter = await tx.query<{ seq: number }>(
          `INSERT INTO channel_counters (team_id, channel_id, last_seq) VALUES ($1, $2, 1)
           ON CONFLICT (team_id, channel_id) DO UPDATE SET last_seq = channel_counters.last_seq + 1 RETURNING last_seq AS seq`,
          [row.team_id, row.channel_id],
        );
        const seq = (counter.rows[0] as { seq: number }).seq;
        await tx.query('UPDATE posts SET seq = $1 WHERE id = $2', [seq, postId]);
        return toPost({ ...row, seq });
      }),
    ...postQueries(sql),
  };
}

/** The post store's reads and its updates of a live post's state. */
function postQueries(
  sql: Sql,
): Omit<PostStore, 'get' | 'bySlot' | 'history' | 'createForSlot' | 'lease' | 'recordFailure' | 'markPosted'> {
  return {
    claimCountUpdate: (postId, now, gapMs) =>
      claimCountUpdate(sql, (row) => toPost(row as unknown as PostRow), { postId, now, gapMs }),
    retryable: (now) =>
      all(sql, "SELECT * FROM posts WHERE state = 'pending' AND (lease_until IS NULL OR lease_until <= $1) ORDER BY id", [
        now.toISOString(),
      ]),
    openInChannel: (teamId, channelId, exceptId) =>
      all(sql, "SELECT * FROM posts WHERE team_id = $1 AND channel_id = $2 AND state = 'posted' AND id != $3 ORDER BY id", [
        teamId,
        channelId,
        exceptId,
      ]),
    dueForReveal: (now) =>
      all(sql, "SELECT * FROM posts WHERE state = 'posted' AND reveal_due_at <= $1 ORDER BY id", [now.toISOString()]),
    close: async (postId, now) =>
      (
        await sql.query("UPDATE posts SET state = 'revealed', revealed_at = $1 WHERE id = $2 AND state = 'posted'", [
          now.toISOString(),
          postId,
        ])
      ).rowCount > 0,
    markRevealShown: async (postId, shown) => {
      await sql.query('UPDATE posts SET last_error = $1 WHERE id = $2', [shown ? null : 'reveal_update_failed', postId]);
    },
    revealsToRetry: () =>
      all(sql, "SELECT * FROM posts WHERE state = 'revealed' AND last_error = 'reveal_update_failed' ORDER BY id"),
    latestInChannel: (teamId, channelId) =>
      one(sql, 'SELECT * FROM posts WHERE team_id = $1 AND channel_id = $2 ORDER BY id DESC LIMIT 1', [teamId, channelId]),
  };
}

export function channelStore(sql: Sql): ChannelStore {
  return {
    upsert: (c, now) =>
      sql.atomic(async (tx) => {
        await ensureWorkspace(tx, c.teamId, now);
        await tx.query(
          `INSERT INTO quiz_channels (team_id, channel_id, schedule, timezone, state, started_at, updated_by, updated_at, set_by)
           VALUES ($1, $2, $3, $4, 'active', $5, $6, $5, $6)
           ON CONFLICT (team_id, channel_id) DO UPDATE SET
             schedule = excluded.schedule, timezone = excluded.timezone, state = 'active',
             started_at = excluded.started_at, last_error = NULL, last_error_at = NULL, notified_error = NULL,
             updated_by = excluded.updated_by, updated_at = excluded.updated_at,
             set_by = COALESCE(excluded.set_by, quiz_channels.set_by)`,
          [c.teamId, c.channelId, c.schedule, c.timezone, now.toISOString(), c.userId],
        );
        if (c.settings) await writeSettings(tx, c.teamId, c.channelId, c.settings);
      }),
    seed: (c, now) =>
      sql.atomic(async (tx) => {
        await ensureWorkspace(tx, c.teamId, now);
        const r = await tx.query(
          `INSERT INTO quiz_channels (team_id, channel_id, schedule, timezone, state, started_at, updated_by, updated_at)
           VALUES ($1, $2, $3, $4, 'active', $5, NULL, $5) ON CONFLICT DO NOTHING`,
          [c.teamId, c.channelId, c.schedule, c.timezone, now.toISOString()],
        );
        return r.rowCount > 0;
      }),
    setState: async (teamId, channelId, state, userId, now) =>
      (
        await sql.query(
          // Resuming starts afresh: a fire time missed while paused is not made up.
          `UPDATE quiz_channels SET state = $1::text, updated_by = $2, updated_at = $3,
             started_at = CASE WHEN $1::text = 'active' AND state != 'active' THEN $3 ELSE started_at END
           WHERE team_id = $4 AND channel_id = $5`,
          [state, userId, now.toISOString(), teamId, channelId],
        )
      ).rowCount > 0,
    get: async (teamId, channelId) => {
      const r = await sql.query<ChannelRow>('SELECT * FROM quiz_channels WHERE team_id = $1 AND channel_id = $2', [
        teamId,
        channelId,
      ]);
      return r.rows[0] && toChannel(r.rows[0]);
    },
    active: async () =>
      (await sql.query<ChannelRow>("SELECT * FROM quiz_channels WHERE state = 'active' ORDER BY team_id, channel_id")).rows.map(
        toChannel,
      ),
    pausedBy: async (teamId, userId) => (await sql.query<ChannelRow>(PAUSED_BY_SQL, [teamId, userId])).rows.map(toChannel),
    recordNotified: (teamId, channelId, error) => recordNotified(sql, teamId, channelId, error),
    recordError: async (teamId, channelId, error, now) => {
      await sql.query('UPDATE quiz_channels SET last_error = $1, last_error_at = $2 WHERE team_id = $3 AND channel_id = $4', [
        error,
        error === null ? null : now.toISOString(),
        teamId,
        channelId,
      ]);
    },
  };
}
