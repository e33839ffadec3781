import type { Post, PostedQuestion } from '../quiz/model.ts';
import type { CountClaim } from '../services/stores.ts';
import type { Db } from './open.ts';
import { type PostRow as Row, toPost } from './post-rows.ts';
import { statement } from './statements.ts';

export function getPost(db: Db, teamId: string, postId: number): Post | undefined {
  const r = statement(db, 'SELECT * FROM posts WHERE id = ? AND team_id = ?').get(postId, teamId) as Row | undefined;
  return r && toPost(r);
}

export function getPostBySlot(db: Db, teamId: string, channelId: string, slot: string): Post | undefined {
  const r = statement(db, 'SELECT * FROM posts WHERE team_id = ? AND channel_id = ? AND slot = ?').get(teamId, channelId, slot) as
    | Row
    | undefined;
  return r && toPost(r);
}

/** Questions a channel has had, oldest first, for choosing the next one. */
export function channelHistory(db: Db, teamId: string, channelId: string): { questionId: string; topic: string }[] {
  return db
    .prepare('SELECT question_id AS questionId, topic FROM posts WHERE team_id = ? AND channel_id = ? ORDER BY id')
    .all(teamId, channelId) as { questionId: string; topic: string }[];
}

/**
 * Creates the post for a slot unless one exists: the UNIQUE (team, channel, slot) key is what
 * keeps restarts, retries and a second process from posting twice. Returns the slot's post.
 */
export function createPostForSlot(
  db: Db,
  p: { teamId: string; channelId: string; slot: string; question: PostedQuestion },
  now: Date,
): Post {
  return db.transaction(() => {
    db.prepare('INSERT INTO workspaces (team_id, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING').run(
      p.teamId,
      now.toISOString(),
    );
    db.prepare(
      `INSERT INTO posts (team_id, channel_id, slot, question_id, topic, question_json, correct_key, state, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?) ON CONFLICT (team_id, channel_id, slot) DO NOTHING`,
    ).run(
      p.teamId,
      p.channelId,
      p.slot,
      p.question.id,
      p.question.topic,
      JSON.stringify(p.question),
      p.question.answer,
      now.toISOString(),
    );
    const post = getPostBySlot(db, p.teamId, p.channelId, p.slot);
    if (!post) throw new Error('post vanished after insert');
    return post;
  })();
}

/**
 * Takes the right to call Slack for a pending post until `until`, so two processes (or a tick and
 * an admin command) never post the same question at once. Returns false when someone else holds it.
 */
export function leasePost(db: Db, postId: number, now: Date, until: Date): boolean {
  const r = db
    .prepare(
      `UPDATE posts SET lease_until = ?, attempts = attempts + 1
       WHERE id = ? AND state = 'pending' AND (lease_until IS NULL OR lease_until <= ?)`,
    )
    .run(until.toISOString(), postId, now.toISOString());
  return r.changes > 0;
}

/** Records a failed attempt; the lease stays until `retryAt` so the next try waits (backoff). */
export function recordPostFailure(db: Db, postId: number, error: string, retryAt: Date): void {
  db.prepare("UPDATE posts SET last_error = ?, lease_until = ? WHERE id = ? AND state = 'pending'").run(
    error,
    retryAt.toISOString(),
    postId,
  );
}

/** Marks the post as live and gives it the next number of its channel, from the channel's counter row. */
export function markPosted(db: Db, postId: number, messageTs: string, now: Date, revealDueAt: Date): Post {
  return db.transaction(() => {
    const made = db
      .prepare(
        `UPDATE posts SET state = 'posted', message_ts = ?, posted_at = ?, reveal_due_at = ?, lease_until = NULL, last_error = NULL
         WHERE id = ? AND state = 'pending'`,
      )
      .run(messageTs, now.toISOString(), revealDueAt.toISOString(), postId);
    const row = db.prepare('SELECT * FROM posts WHERE id = ?').get(postId) as Row;
    // Only the writer that made the post live takes a number.
    if (made.changes === 0) return toPost(row);
    const { seq } = db
      .prepare(
        `INSERT INTO channel_counters (team_id, channel_id, last_seq) VALUES (?, ?, 1)
         ON CONFLICT (team_id, channel_id) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq AS seq`,
      )
      .get(row.team_id, row.channel_id) as { seq: number };
    db.prepare('UPDATE posts SET seq = ? WHERE id = ?').run(seq, postId);
    return toPost({ ...row, seq });
  })();
}

/** Pending posts whose lease has run out: a crash or a failure left them; try again. */
export function retryablePosts(db: Db, now: Date): Post[] {
  return (
    db
      .prepare("SELECT * FROM posts WHERE state = 'pending' AND (lease_until IS NULL OR lease_until <= ?) ORDER BY id")
      .all(now.toISOString()) as Row[]
  ).map(toPost);
}

/** Live posts in a channel other than `exceptId`: they close when a new question arrives. */
export function openPostsInChannel(db: Db, teamId: string, channelId: string, exceptId: number): Post[] {
  return (
    db
      .prepare("SELECT * FROM posts WHERE team_id = ? AND channel_id = ? AND state = 'posted' AND id != ? ORDER BY id")
      .all(teamId, channelId, exceptId) as Row[]
  ).map(toPost);
}

export function postsDueForReveal(db: Db, now: Date): Post[] {
  return (
    db.prepare("SELECT * FROM posts WHERE state = 'posted' AND reveal_due_at <= ? ORDER BY id").all(now.toISOString()) as Row[]
  ).map(toPost);
}

/** Closes a post to answers. Returns false if it was already closed. */
export function closePost(db: Db, postId: number, now: Date): boolean {
  const r = db
    .prepare("UPDATE posts SET state = 'revealed', revealed_at = ? WHERE id = ? AND state = 'posted'")
    .run(now.toISOString(), postId);
  return r.changes > 0;
}

/** Posts closed but whose message has not been updated yet (the update failed). */
export function markRevealShown(db: Db, postId: number, shown: boolean): void {
  db.prepare('UPDATE posts SET last_error = ? WHERE id = ?').run(shown ? null : 'reveal_update_failed', postId);
}

export function revealsToRetry(db: Db): Post[] {
  return (
    db.prepare("SELECT * FROM posts WHERE state = 'revealed' AND last_error = 'reveal_update_failed' ORDER BY id").all() as Row[]
  ).map(toPost);
}

/**
 * Takes the right to show a live post's answer count, at most once per `gapMs` across every process
 * on this database, and only when the count shown is behind: the post as claimed (its count is the
 * one to show), when to try again while a newer count waits, or undefined when nothing is left.
 */
export function claimCountUpdate(db: Db, postId: number, now: Date, gapMs: number): CountClaim {
  const claimed = statement(
    db,
    `UPDATE posts SET count_shown = answer_count, count_shown_at = ?
     WHERE id = ? AND state = 'posted' AND count_shown <> answer_count AND (count_shown_at IS NULL OR count_shown_at <= ?)
     RETURNING *`,
  ).get(now.toISOString(), postId, new Date(now.getTime() - gapMs).toISOString()) as Row | undefined;
  if (claimed) return { kind: 'claimed', post: toPost(claimed) };
  const left = statement(
    db,
    "SELECT count_shown_at FROM posts WHERE id = ? AND state = 'posted' AND count_shown <> answer_count",
  ).get(postId) as { count_shown_at: string | null } | undefined;
  if (!left?.count_shown_at) return { kind: 'nothing' };
  return { kind: 'wait', until: new Date(Date.parse(left.count_shown_at) + gapMs) };
}

export function latestPostInChannel(db: Db, teamId: string, channelId: string): Post | undefined {
  const r = db
    .prepare('SELECT * FROM posts WHERE team_id = ? AND channel_id = ? ORDER BY id DESC LIMIT 1')
    .get(teamId, channelId) as Row | undefined;
  return r && toPost(r);
}
