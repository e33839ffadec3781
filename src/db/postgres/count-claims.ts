/**
 * PostStore.claimCountUpdate on PostgreSQL, for the PostgreSQL PostStore to delegate to: one
 * conditional UPDATE takes the right to show a live post's answer count, for one caller per `gapMs`
 * across every process on the database (migrations/postgres/007_count_claims.sql adds the columns).
 */
import type { Post } from '../../quiz/model.ts';
import type { CountClaim } from '../../services/stores.ts';

/** What the claim needs of a connection: a pg.Pool, a pool client, or the store's own query door. */
export interface Queryable {
  query(text: string, values?: readonly unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

export async function claimCountUpdate(
  sql: Queryable,
  toPost: (row: Record<string, unknown>) => Post,
  c: { postId: number; now: Date; gapMs: number },
): Promise<CountClaim> {
  const claimed = await sql.query(
    `UPDATE posts SET count_shown = answer_count, count_shown_at = $1
     WHERE id = $2 AND state = 'posted' AND count_shown <> answer_count AND (count_shown_at IS NULL OR count_shown_at <= $3)
     RETURNING *`,
    [c.now.toISOString(), c.postId, new Date(c.now.getTime() - c.gapMs).toISOString()],
  );
  const row = claimed.rows[0];
  if (row) return { kind: 'claimed', post: toPost(row) };
  const left = await sql.query(
    "SELECT count_shown_at FROM posts WHERE id = $1 AND state = 'posted' AND count_shown <> answer_count",
    [c.postId],
  );
  const shownAt = left.rows[0]?.count_shown_at;
  if (typeof shownAt !== 'string') return { kind: 'nothing' };
  return { kind: 'wait', until: new Date(Date.parse(shownAt) + c.gapMs) };
}
