import { describe, expect, it } from 'vitest';
import { fakeQuestion } from '../../test/support/content-fixtures.ts';
import { migrate, readMigrations } from './migrate.ts';
import { openDatabase } from './open.ts';
import { claimCountUpdate, closePost, createPostForSlot, markPosted } from './posts.ts';

const NOW = new Date('2026-11-23T10:00:00Z');
const question = { ...fakeQuestion('lambda-1', 'lambda'), topicTitle: 'Lambda' };

function live(db: ReturnType<typeof openDatabase>, channelId: string, slot: string) {
  const post = createPostForSlot(db, { teamId: 'T1', channelId, slot, question }, NOW);
  return markPosted(db, post.id, `${slot}.1`, NOW, NOW);
}

describe('post numbers', () => {
  it('numbers the posts of each channel 1, 2, 3 from its counter row', () => {
    const db = openDatabase(':memory:');
    migrate(db);
    expect([live(db, 'C1', 'a').seq, live(db, 'C1', 'b').seq, live(db, 'C2', 'a').seq, live(db, 'C1', 'c').seq]).toEqual([
      1, 2, 1, 3,
    ]);
  });

  it('gives no number twice when a post is marked live again', () => {
    const db = openDatabase(':memory:');
    migrate(db);
    const first = live(db, 'C1', 'a');
    expect(markPosted(db, first.id, 'again.1', NOW, NOW).seq).toBe(1);
    expect(live(db, 'C1', 'b').seq).toBe(2);
  });

  it('starts the counter of an existing database after its highest number', () => {
    const db = openDatabase(':memory:');
    const all = readMigrations();
    migrate(
      db,
      all.filter((m) => m.version < 3),
    );
    const post = createPostForSlot(db, { teamId: 'T1', channelId: 'C1', slot: 'old', question }, NOW);
    db.prepare("UPDATE posts SET state = 'posted', seq = 7 WHERE id = ?").run(post.id);
    migrate(db, all);
    expect(live(db, 'C1', 'new').seq).toBe(8);
  });
});

describe('live-count claims', () => {
  const at = (ms: number) => new Date(NOW.getTime() + ms);

  it('lets one caller per gap show a count that is behind, and says when to try again', () => {
    const db = openDatabase(':memory:');
    migrate(db);
    const post = live(db, 'C1', 'a');
    expect(claimCountUpdate(db, post.id, at(0), 3000)).toEqual({ kind: 'nothing' });
    db.prepare('UPDATE posts SET answer_count = 2 WHERE id = ?').run(post.id);
    const first = claimCountUpdate(db, post.id, at(0), 3000);
    expect(first.kind === 'claimed' && first.post.answerCount).toBe(2);
    expect(claimCountUpdate(db, post.id, at(10), 3000)).toEqual({ kind: 'nothing' });
    db.prepare('UPDATE posts SET answer_count = 3 WHERE id = ?').run(post.id);
    expect(claimCountUpdate(db, post.id, at(1000), 3000)).toEqual({ kind: 'wait', until: at(3000) });
    const second = claimCountUpdate(db, post.id, at(3000), 3000);
    expect(second.kind === 'claimed' && second.post.answerCount).toBe(3);
    db.prepare('UPDATE posts SET answer_count = 4 WHERE id = ?').run(post.id);
    closePost(db, post.id, at(9000));
    expect(claimCountUpdate(db, post.id, at(9000), 3000)).toEqual({ kind: 'nothing' });
  });
});
