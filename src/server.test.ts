import { createHash } from 'node:crypto';
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

  const slackSignature = (i: number) => `v0=${createHash('sha256').update(String(i)).digest('hex')}`;

  it('tells apart every one of many real signatures and refuses each replay', async () => {
    const store = memoryReplayStore(() => 0, 20_000);
    const expires = at(5 * 60_000);
    for (let i = 0; i < 20_000; i++) expect(await store.firstSeen(slackSignature(i), expires)).toBe(true);
    expect(store.size()).toBe(20_000);
    for (let i = 0; i < 20_000; i += 97) expect(await store.firstSeen(slackSignature(i), expires)).toBe(false);
  });

  it('evicts the oldest signature when full, and only that one', async () => {
    const store = memoryReplayStore(() => 0, 3);
    for (const key of ['v0=a', 'v0=b', 'v0=c', 'v0=d']) expect(await store.firstSeen(key, at(60_000))).toBe(true);
    expect(store.size()).toBe(3);
    expect(await store.firstSeen('v0=b', at(60_000))).toBe(false);
    expect(await store.firstSeen('v0=d', at(60_000))).toBe(false);
    expect(await store.firstSeen('v0=a', at(60_000))).toBe(true);
  });

  it('keeps a key offered again after it expired, when its first entry leaves the ring', async () => {
    let now = 0;
    const store = memoryReplayStore(() => now);
    await store.firstSeen('long', at(10 * 60_000));
    await store.firstSeen('again', at(60_000));
    now = 2 * 60_000;
    // Behind the long-lived key, the first entry of 'again' is still in the ring when it comes back.
    expect(await store.firstSeen('again', at(now + 15 * 60_000))).toBe(true);
    now = 11 * 60_000;
    await store.firstSeen('other', at(now + 5 * 60_000));
    expect(await store.firstSeen('again', at(now + 5 * 60_000))).toBe(false);
    expect(store.size()).toBe(2);
  });

  it('still finds every live key after many keys came and went', async () => {
    let now = 0;
    const store = memoryReplayStore(() => now, 64);
    for (let i = 0; i < 10_000; i++) {
      now = i;
      expect(await store.firstSeen(slackSignature(i), at(i + 40))).toBe(true);
    }
    // The last 40 keys are live and all of them are still refused; the ones before are forgotten.
    expect(store.size()).toBe(40);
    for (let i = 9_960; i < 10_000; i++) expect(await store.firstSeen(slackSignature(i), at(10_100))).toBe(false);
    expect(await store.firstSeen(slackSignature(9_950), at(10_100))).toBe(true);
  });

  it('takes an expiry that is not a time as already over', async () => {
    const store = memoryReplayStore(() => 1_000);
    expect(await store.firstSeen('v0=a', new Date(Number.NaN))).toBe(true);
    expect(await store.firstSeen('v0=a', at(60_000))).toBe(true);
    expect(await store.firstSeen('v0=a', at(60_000))).toBe(false);
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
    expect(forged).toEqual({ kind: 'refused', status: 401, event: 'http.bad_signature', error: 'invalid_signature' });
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
      error: 'try_again',
    });
  });
});
