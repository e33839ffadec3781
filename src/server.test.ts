import { describe, expect, it } from 'vitest';
import { signatureHeaders as signed, TEST_SIGNING_SECRET } from '../test/support/slack-requests.ts';
import { migrate } from './db/migrate.ts';
import { openDatabase } from './db/open.ts';
import { sqliteReplayStore } from './db/sqlite-replay-store.ts';
import { admit } from './server.ts';
import { memoryReplayStore, type ReplayStore } from './services/replay-store.ts';

const at = (ms: number) => new Date(ms);

describe('memoryReplayStore', () => {
  it('refuses a key offered again before it expires and takes it after', async () => {
    let now = 1_000_000;
    const store = memoryReplayStore(() => now);
    expect(await store.firstSeen('v0=a', at(now + 5 * 60_000))).toBe(true);
    expect(await store.firstSeen('v0=a', at(now + 5 * 60_000))).toBe(false);
    now += 4 * 60_000;
    expect(await store.firstSeen('v0=a', at(now + 5 * 60_000))).toBe(false);
    now += 2 * 60_000;
    expect(await store.firstSeen('v0=a', at(now + 5 * 60_000))).toBe(true);
  });

  it('forgets expired keys so memory stays bounded by the window', async () => {
    let now = 0;
    const store = memoryReplayStore(() => now);
    for (let i = 0; i < 1000; i++) await store.firstSeen(`old-${i}`, at(now + 5 * 60_000));
    now += 6 * 60_000;
    await store.firstSeen('new', at(now + 5 * 60_000));
    expect(store.size()).toBe(1);
  });

  it('sweeps expired keys that arrived behind a longer-lived one', async () => {
    const store = memoryReplayStore(() => 0);
    await store.firstSeen('long', at(10 * 60_000));
    await store.firstSeen('short', at(60_000));
    expect(await store.sweep(at(2 * 60_000))).toBe(1);
    expect(store.size()).toBe(1);
  });
});

describe('sqliteReplayStore', () => {
  function store(): ReplayStore {
    const db = openDatabase(':memory:');
    migrate(db);
    return sqliteReplayStore(db);
  }

  it('lets the first offer of a key through and refuses the rest until the sweep', async () => {
    const s = store();
    expect(await s.firstSeen('v0=a', at(300_000))).toBe(true);
    expect(await s.firstSeen('v0=a', at(300_000))).toBe(false);
    expect(await s.firstSeen('v0=b', at(300_000))).toBe(true);
    expect(await s.sweep(at(299_999))).toBe(0);
    expect(await s.sweep(at(300_000))).toBe(2);
    expect(await s.firstSeen('v0=a', at(600_000))).toBe(true);
  });

  it('decides a race between two offers of the same key once', async () => {
    const s = store();
    const results = await Promise.all(Array.from({ length: 20 }, () => s.firstSeen('v0=raced', at(300_000))));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe('admit', () => {
  const body = 'command=%2Faws&team_id=T1&user_id=U1&text=lambda';
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const signatureHeaders = (text: string, secret?: string, timestamp?: number) => ({
    ...form,
    ...signed(text, secret, timestamp),
  });
  const gate = (replays: ReplayStore) => ({ signingSecret: TEST_SIGNING_SECRET, replays, nowMs: Date.now() });

  it('checks the signature before the replay guard, so a forged request never enters it', async () => {
    const offered: string[] = [];
    const replays: ReplayStore = {
      firstSeen: async (key) => {
        offered.push(key);
        return true;
      },
      sweep: async () => 0,
    };
    const forged = await admit(Buffer.from(body), signatureHeaders(body, 'not-the-secret'), gate(replays));
    expect(forged).toMatchObject({ kind: 'refused', status: 401, event: 'http.bad_signature' });
    expect(offered).toEqual([]);
    const headers = signatureHeaders(body);
    expect((await admit(Buffer.from(body), headers, gate(replays))).kind).toBe('verified');
    expect(offered).toEqual([headers['x-slack-signature']]);
  });

  it('keeps a signature until its own timestamp leaves the window, even one dated ahead', async () => {
    const expiries: number[] = [];
    const replays: ReplayStore = {
      firstSeen: async (_key, expiresAt) => {
        expiries.push(expiresAt.getTime());
        return true;
      },
      sweep: async () => 0,
    };
    const ahead = Math.floor(Date.now() / 1000) + 240;
    await admit(Buffer.from(body), signatureHeaders(body, TEST_SIGNING_SECRET, ahead), gate(replays));
    expect(expiries).toEqual([(ahead + 300) * 1000]);
  });

  it('refuses a request it cannot check with a 503, which Slack retries', async () => {
    const broken: ReplayStore = {
      firstSeen: () => Promise.reject(new Error('database is locked')),
      sweep: async () => 0,
    };
    expect(await admit(Buffer.from(body), signatureHeaders(body), gate(broken))).toMatchObject({
      kind: 'refused',
      status: 503,
      event: 'http.replay_check_failed',
    });
  });
});
