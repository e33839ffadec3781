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
 * Workspaces take turns: every one has its first question among the first half of the minute's
 * posts, storm pauses included (in channel order the busy workspace alone would take the first 109,
 * and the last workspace would wait for 991 posts before its first)...
 */
const FIRST_POST_AMONG = 500;
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

      const first = new Map<string, { at: number; rank: number }>();
      slack.timeline
        .filter((t) => !t.limited)
        .forEach((c, rank) => {
          if (!first.has(c.workspace)) first.set(c.workspace, { at: c.at - minute, rank });
        });
      expect([...first.keys()].sort()).toEqual(teams);
      expect(Math.max(...[...first.values()].map((f) => f.rank))).toBeLessThan(FIRST_POST_AMONG);
      expect(Math.max(...[...first.values()].map((f) => f.at))).toBeLessThanOrEqual(FIRST_POST_WITHIN_MS);
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
