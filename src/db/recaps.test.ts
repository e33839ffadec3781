import { describe, expect, it } from 'vitest';
import { migrate } from './migrate.ts';
import { type Db, openDatabase } from './open.ts';
import { answersBefore, claimRecap, markRecapPosted, markRecapSkipped, recordRecapFailure, setRecapEnabled } from './recaps.ts';

const key = { teamId: 'T1', channelId: 'C1', week: '2026-11-16' };
const at = (iso: string) => new Date(iso);
const MONDAY = at('2026-11-23T08:00:00Z');
const LEASE = at('2026-11-23T08:05:00Z');

function database(): Db {
  const db = openDatabase(':memory:');
  migrate(db);
  return db;
}

describe('recap claims', () => {
  it('are taken once: the unique key and the lease decide', () => {
    const db = database();
    expect(claimRecap(db, key, MONDAY, LEASE)).toEqual({ kind: 'claimed', attempts: 1 });
    expect(claimRecap(db, key, MONDAY, LEASE)).toEqual({ kind: 'busy' });
    expect(claimRecap(db, { ...key, channelId: 'C2' }, MONDAY, LEASE)).toEqual({ kind: 'claimed', attempts: 1 });
    markRecapPosted(db, key, 'F1', MONDAY);
    expect(claimRecap(db, key, at('2026-11-23T09:00:00Z'), at('2026-11-23T09:05:00Z'))).toEqual({
      kind: 'done',
      state: 'posted',
    });
  });

  it('wait out the backoff after a failure, then count the next attempt', () => {
    const db = database();
    claimRecap(db, key, MONDAY, LEASE);
    recordRecapFailure(db, key, 'internal_error', at('2026-11-23T08:01:00Z'));
    expect(claimRecap(db, key, at('2026-11-23T08:00:59Z'), LEASE)).toEqual({ kind: 'busy' });
    expect(claimRecap(db, key, at('2026-11-23T08:01:00Z'), LEASE)).toEqual({ kind: 'claimed', attempts: 2 });
  });

  it('settle a skipped week', () => {
    const db = database();
    claimRecap(db, key, MONDAY, LEASE);
    markRecapSkipped(db, key, 'no_answers', MONDAY);
    expect(claimRecap(db, key, at('2026-11-23T10:00:00Z'), at('2026-11-23T10:05:00Z'))).toEqual({
      kind: 'done',
      state: 'skipped',
    });
  });

  it('are refused, and nothing is written, where recaps are off', () => {
    const db = database();
    setRecapEnabled(db, 'T1', 'C1', false, 'U0ADMIN', MONDAY);
    expect(claimRecap(db, key, MONDAY, LEASE)).toEqual({ kind: 'off' });
    expect(db.prepare('SELECT COUNT(*) AS n FROM recaps').get()).toEqual({ n: 0 });
    setRecapEnabled(db, 'T1', 'C1', true, 'U0ADMIN', MONDAY);
    expect(claimRecap(db, key, MONDAY, LEASE)).toEqual({ kind: 'claimed', attempts: 1 });
  });
});

describe('answersBefore', () => {
  it("reads one channel's answers of one workspace before an instant, with the post's seq and topic", () => {
    const db = database();
    const post = db.prepare(
      `INSERT INTO posts (team_id, channel_id, slot, seq, question_id, topic, question_json, correct_key, state, created_at)
       VALUES (?, ?, ?, ?, 'q', ?, '{}', 'a', 'revealed', '2026-11-01')`,
    );
    const answer = db.prepare(
      'INSERT INTO answers (post_id, team_id, user_id, choice, is_correct, answered_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const team of ['T1', 'T2']) db.prepare("INSERT INTO workspaces VALUES (?, '2026-11-01')").run(team);
    const mine = Number(post.run('T1', 'C1', 's1', 3, 'lambda').lastInsertRowid);
    const otherChannel = Number(post.run('T1', 'C2', 's1', 3, 'lambda').lastInsertRowid);
    const otherTeam = Number(post.run('T2', 'C1', 's1', 3, 'lambda').lastInsertRowid);
    answer.run(mine, 'T1', 'U1', 'a', 1, '2026-11-16T09:00:00.000Z');
    answer.run(mine, 'T1', 'U2', 'b', 0, '2026-11-22T23:00:00.000Z'); // at the bound: excluded
    answer.run(otherChannel, 'T1', 'U1', 'a', 1, '2026-11-16T09:00:00.000Z');
    answer.run(otherTeam, 'T2', 'U1', 'a', 1, '2026-11-16T09:00:00.000Z');
    expect(answersBefore(db, 'T1', 'C1', at('2026-11-22T23:00:00Z'))).toEqual([
      { userId: 'U1', postId: mine, seq: 3, topic: 'lambda', isCorrect: true, answeredAt: '2026-11-16T09:00:00.000Z' },
    ]);
  });
});
