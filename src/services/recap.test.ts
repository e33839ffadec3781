import { describe, expect, it } from 'vitest';
import { fakeBank } from '../../test/support/content-fixtures.ts';
import { upsertQuizChannel } from '../db/channels.ts';
import { migrate } from '../db/migrate.ts';
import { openDatabase } from '../db/open.ts';
import { sqliteRecapStore } from '../db/sqlite-recap-store.ts';
import { sqliteStores } from '../db/sqlite-stores.ts';
import { silentLog } from '../log.ts';
import { type RecapContent, RecapService } from './recap.ts';
import type { RecapStore } from './recap-store.ts';
import type { Stores } from './stores.ts';

/** The service over SQLite, counting what each tick reads. */
function setup(start: string) {
  const db = openDatabase(':memory:');
  migrate(db);
  const clock = { now: new Date(start) };
  upsertQuizChannel(
    db,
    { teamId: 'T1', channelId: 'C1', schedule: '0 9 * * 1-5', timezone: 'Europe/Berlin', userId: 'U1' },
    clock.now,
  );
  const stores = sqliteStores(db);
  const reads = { channels: 0, claims: 0 };
  const counted: Stores = {
    ...stores,
    channels: {
      ...stores.channels,
      active: () => {
        reads.channels++;
        return stores.channels.active();
      },
    },
  };
  const recaps = sqliteRecapStore(db);
  const countedRecaps: RecapStore = {
    ...recaps,
    claim: (...args) => {
      reads.claims++;
      return recaps.claim(...args);
    },
  };
  const posted: RecapContent[] = [];
  const service = new RecapService({
    stores: counted,
    recaps: countedRecaps,
    bank: () => fakeBank(['lambda'], 2),
    publisher: {
      postRecap: async (_team, _channel, content) => {
        posted.push(content);
        return 'F1';
      },
    },
    log: silentLog,
    now: () => clock.now,
  });
  const answer = (userId: string, isCorrect: boolean, at: string) => {
    const post = db
      .prepare(
        `INSERT INTO posts (team_id, channel_id, slot, seq, question_id, topic, question_json, correct_key, state, created_at)
         VALUES ('T1', 'C1', ?, 1, 'q', 'lambda', '{}', 'a', 'revealed', ?) ON CONFLICT DO NOTHING`,
      )
      .run(at, at);
    db.prepare('INSERT INTO answers (post_id, team_id, user_id, choice, is_correct, answered_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      post.lastInsertRowid,
      'T1',
      userId,
      'a',
      isCorrect ? 1 : 0,
      at,
    );
  };
  return { clock, reads, posted, service, answer };
}

describe('RecapService.tick', () => {
  it('reads nothing on a day when no zone can have a recap due', async () => {
    const s = setup('2026-11-25T09:00:00Z');
    await s.service.tick();
    expect(s.reads).toEqual({ channels: 0, claims: 0 });
  });

  it('claims nothing before 09:00 on Monday in the channel zone', async () => {
    const s = setup('2026-11-23T07:59:00Z');
    await s.service.tick();
    expect(s.reads).toEqual({ channels: 1, claims: 0 });
  });

  it('posts once, then stops asking the store about a settled week', async () => {
    const s = setup('2026-11-23T08:00:00Z');
    s.answer('U1', true, '2026-11-17T09:00:00.000Z');
    await s.service.tick();
    await s.service.tick();
    await s.service.tick();
    expect(s.posted).toHaveLength(1);
    expect(s.posted[0]?.stats.week.key).toBe('2026-11-16');
    expect(s.posted[0]?.chart.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(s.reads.claims).toBe(1);
  });
});
