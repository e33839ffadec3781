import { describe, expect, it } from 'vitest';
import { fakeBank } from '../../test/support/content-fixtures.ts';
import { migrate } from '../db/migrate.ts';
import { openDatabase } from '../db/open.ts';
import { sqlitePracticeStore } from '../db/sqlite-practice-store.ts';
import type { Log } from '../log.ts';
import { PracticeService } from './practice.ts';
import { PracticeNudges } from './practice-nudges.ts';
import { PracticeSettingsService } from './practice-settings.ts';

const quiet: Log = { debug() {}, info() {}, warn() {}, error() {} } as unknown as Log;

function setup(start: string) {
  const db = openDatabase(':memory:');
  migrate(db);
  const store = sqlitePracticeStore(db);
  const clock = { now: new Date(start) };
  const now = () => clock.now;
  const bank = fakeBank(['lambda', 'ecs'], 3);
  const practice = new PracticeService({ store, bank: () => bank, now, random: () => 0 });
  const zones = new Map<string, string>();
  const sent: { userId: string; due: number; at: string }[] = [];
  const sender = {
    timezoneOf: async (_t: string, userId: string) => zones.get(userId),
    send: async (_t: string, userId: string, due: number) => {
      sent.push({ userId, due, at: clock.now.toISOString() });
    },
  };
  const nudges = new PracticeNudges({ store, practice, sender, now, log: quiet, defaultZone: 'UTC' });
  const settings = new PracticeSettingsService({
    store,
    now,
    defaultZone: 'UTC',
    defaults: { sessionSize: 5, dailyReviewCap: 20 },
  });
  /** One wrong answer, so a review is due today. */
  const miss = async (userId: string) => {
    const r = await practice.start('T1', userId);
    if (r.kind !== 'question') throw new Error(r.kind);
    await practice.answer('T1', userId, r.session.id, r.question.id, r.question.answer === 'a' ? 'b' : 'a');
  };
  const at = async (iso: string) => {
    clock.now = new Date(iso);
    await nudges.tick();
  };
  return { store, settings, zones, sent, miss, at };
}

describe('PracticeNudges', () => {
  it("follows the person's new zone from the day after they travel", async () => {
    const s = setup('2026-12-02T06:00:00Z');
    s.zones.set('U1', 'Europe/Berlin');
    await s.miss('U1');
    await s.settings.remind('T1', 'U1', { hour: 9, minute: 0 }, 'Europe/Berlin');
    await s.at('2026-12-02T08:00:05Z');
    // They fly to New York that day: the next reminder is 09:00 there (14:00 UTC), not Berlin's
    // 09:00, which is 03:00 in New York.
    s.zones.set('U1', 'America/New_York');
    await s.at('2026-12-03T08:00:05Z');
    expect(s.sent).toHaveLength(1);
    expect((await s.store.settings('T1', 'U1')).timezone).toBe('America/New_York');
    await s.at('2026-12-03T14:00:05Z');
    expect(s.sent.map((x) => x.at)).toEqual(['2026-12-02T08:00:05.000Z', '2026-12-03T14:00:05.000Z']);
  });

  it('never sends a day late after the app was down through the reminder day', async () => {
    const s = setup('2026-12-02T06:00:00Z');
    await s.miss('U1');
    await s.settings.remind('T1', 'U1', { hour: 9, minute: 0 }, 'UTC');
    // Down from before 09:00 on the 2nd until 08:00 on the 3rd.
    await s.at('2026-12-03T08:00:00Z');
    expect(s.sent).toEqual([]);
    await s.at('2026-12-03T09:00:10Z');
    expect(s.sent.map((x) => x.at)).toEqual(['2026-12-03T09:00:10.000Z']);
  });

  it('makes up a reminder later the same day after downtime, once', async () => {
    const s = setup('2026-12-02T06:00:00Z');
    await s.miss('U1');
    await s.settings.remind('T1', 'U1', { hour: 9, minute: 0 }, 'UTC');
    await s.at('2026-12-02T13:30:00Z');
    await s.at('2026-12-02T13:31:00Z');
    expect(s.sent.map((x) => x.at)).toEqual(['2026-12-02T13:30:00.000Z']);
  });

  it('leaves a reminder another instance holds alone, and sends nothing for it', async () => {
    const s = setup('2026-12-02T06:00:00Z');
    await s.miss('U1');
    await s.settings.remind('T1', 'U1', { hour: 9, minute: 0 }, 'UTC');
    await s.store.claimNudge('T1', 'U1', '2026-12-02', new Date('2026-12-02T09:00:01Z'), 5 * 60_000);
    await s.at('2026-12-02T09:00:05Z');
    expect(s.sent).toEqual([]);
    // Still due: looked at again next tick, and taken over once the other's lease has run out.
    await s.at('2026-12-02T09:06:00Z');
    expect(s.sent.map((x) => x.at)).toEqual(['2026-12-02T09:06:00.000Z']);
  });
});
