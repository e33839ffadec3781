import type { Db } from './open.ts';

/** Records a card shared into a channel; false when this person already shared it from that message. */
export function recordShare(db: Db, s: { teamId: string; userId: string; cardId: string; sourceTs: string }, now: Date): boolean {
  const r = db
    .prepare(
      'INSERT INTO shares (team_id, user_id, card_id, source_ts, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    )
    .run(s.teamId, s.userId, s.cardId, s.sourceTs, now.toISOString());
  return r.changes > 0;
}
