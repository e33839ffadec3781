import { describe, expect, it } from 'vitest';
import { harnessPerTest } from '../support/app-harness.ts';
import { countRows } from '../support/database.ts';
import { FakeSlack } from '../support/fake-slack.ts';

// A scheduled minute with 1,000 due channels in 100 workspaces, against a fake Slack that enforces
// chat.postMessage's limits (per channel and per workspace, 429 with Retry-After) and, on top, a
// storm of 429s on the first calls of the minute. Every channel gets its question exactly once, and
// the workspaces take turns: a workspace with a hundred channels finishes last without holding the
// others back.

const start = harnessPerTest();

const WORKSPACES = 100;
const BUSY = 'T000';
/** The busy workspace has 109 channels, the other 99 have 9 each: 1,000 in all. */
const channelsOf = (team: string) => (team === BUSY ? 109 : 9);
const STORM = 150;
/** Slack-like limits: about one post a second per channel, a burst of 8 and 8 a second per workspace. */
const LIMITS = { perChannel: { burst: 2, perSecond: 1 }, perWorkspace: { burst: 8, perSecond: 8 } };

/**
 * Workspaces take turns: every one is tried among the first 150 calls of the minute (a round robin
 * tries each once in the first 100; in channel order the busy workspace alone would take the first
 * 109, and the last workspace would wait for 991 calls before its first). Counted by attempt, not by success: which first posts the storm's 429s
 * hit, and so how long those workspaces pause, depends on timing, not on the fan-out's order...
 */
const FIRST_TRY_AMONG = 150;
/** ...and within seconds of the minute, storm and all (generous: the suite shares two loaded cores). */
const FIRST_POST_WITHIN_MS = 15_000;

const teams = Array.from({ length: WORKSPACES }, (_, i) => `T${String(i).padStart(3, '0')}`);

describe('the fan-out of a scheduled minute', () => {
  it('posts 1,000 channels in 100 workspaces once each through rate limits and a 429 storm, workspaces in turn', async () => {
    const teamOf = new Map<string, string>();
    const slack = new FakeSlack();
    slack.rateLimit({ ...LIMITS, workspaceOf: (args) => teamOf.get(String(args.channel)) ?? 'unknown' });
    await slack.start();
    const h = await start({ slack, now: new Date('2026-11-23T08:59:00Z') });
    for (const team of teams) {
      for (let n = 0; n < channelsOf(team); n++) {
        const channelId = `C${team.slice(1)}N${String(n).padStart(3, '0')}`;
        teamOf.set(channelId, team);
        await h.runtime.quiz.startInChannel({
          teamId: team,
          channelId,
          schedule: '0 9 * * *',
          timezone: 'UTC',
          userId: 'U0ADMIN',
        });
      }
    }
    expect(teamOf.size).toBe(1000);
    slack.fail(
      'chat.postMessage',
      ...Array.from({ length: STORM }, () => ({
        status: 429,
        headers: { 'retry-after': '1' },
        body: { ok: false, error: 'ratelimited' },
      })),
    );

    h.clock.now = new Date('2026-11-23T09:00:05Z');
    const minute = Date.now();
    await h.runtime.tick();
    try {
      const posted = slack.callsOf('chat.postMessage').map((c) => String(c.args.channel));
      expect(posted).toHaveLength(1000);
      expect(new Set(posted).size).toBe(1000);
      expect(slack.callsOf('chat.postMessage#fault')).toHaveLength(STORM);
      expect(slack.callsOf('chat.postMessage#limited').length).toBeGreaterThan(0);
      expect(await countRows(h.runtime.storage, 'posts')).toBe(1000);
      expect(await countRows(h.runtime.storage, 'posts', { state: 'posted' })).toBe(1000);

      // A later tick finds nothing left to post.
      await h.runtime.tick();
      expect(slack.callsOf('chat.postMessage')).toHaveLength(1000);

      // Every call that reached the fake, in arrival order: posted, refused by the limits, or a storm 429.
      const tries = slack.calls.filter((c) => c.method.startsWith('chat.postMessage'));
      const firstTry = new Map<string, number>();
      tries.forEach((c, rank) => {
        const team = teamOf.get(String(c.args.channel)) ?? 'unknown';
        if (!firstTry.has(team)) firstTry.set(team, rank);
      });
      expect([...firstTry.keys()].sort()).toEqual(teams);
      expect(Math.max(...firstTry.values())).toBeLessThan(FIRST_TRY_AMONG);

      const firstPost = new Map<string, number>();
      for (const c of slack.timeline.filter((t) => !t.limited)) {
        if (!firstPost.has(c.workspace)) firstPost.set(c.workspace, c.at - minute);
      }
      expect([...firstPost.keys()].sort()).toEqual(teams);
      expect(Math.max(...firstPost.values())).toBeLessThanOrEqual(FIRST_POST_WITHIN_MS);
    } finally {
      await slack.stop();
    }
  }, 90_000);
});

describe('the fake Slack with rate limits', () => {
  it('refuses a second post to one channel within the second with 429 and Retry-After, and has no limits unless asked', async () => {
    const post = (slack: FakeSlack, apiUrl: string) =>
      fetch(`${apiUrl}chat.postMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer xoxb-1' },
        body: JSON.stringify({ channel: 'C1', text: 'hi' }),
      }).then((r) => ({ status: r.status, retryAfter: r.headers.get('retry-after'), slack }));
    const plain = new FakeSlack();
    const plainUrl = await plain.start();
    const limited = new FakeSlack();
    limited.rateLimit({ perChannel: { burst: 1, perSecond: 1 } });
    const limitedUrl = await limited.start();
    try {
      expect([(await post(plain, plainUrl)).status, (await post(plain, plainUrl)).status]).toEqual([200, 200]);
      expect((await post(limited, limitedUrl)).status).toBe(200);
      expect(await post(limited, limitedUrl)).toMatchObject({ status: 429, retryAfter: '1' });
      expect(limited.callsOf('chat.postMessage')).toHaveLength(1);
      expect(limited.timeline.map((t) => [t.workspace, t.limited])).toEqual([
        ['xoxb-1', false],
        ['xoxb-1', true],
      ]);
    } finally {
      await plain.stop();
      await limited.stop();
    }
  });
});
