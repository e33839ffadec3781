import { describe, expect, it } from 'vitest';
import { fakeQuestion } from '../../test/support/content-fixtures.ts';
import { migrate, readMigrations } from './migrate.ts';
import { openDatabase } from './open.ts';
import { createPostForSlot, markPosted } from './posts.ts';

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
