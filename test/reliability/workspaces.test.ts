import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/app-harness.ts';
import { countRows, rowsOf } from '../support/database.ts';
import { click, command, correctKey, postQuestion, repliesTo } from '../support/quiz-driver.ts';
import { postSigned, sendCommand } from '../support/slack-requests.ts';
import { waitFor } from '../support/wait.ts';

// One database, two workspaces. Nothing of one (answers, points, streaks, channels, posts,
// buttons) is visible from or changeable by the other, even with the same channel and user ids.

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const ONE = 'T0ONE';
const TWO = 'T0TWO';
// Ids chosen to collide across the two workspaces on purpose.
const CHANNEL = 'C0SAME';
const SHARED_USER = 'U0SAME';

async function quick(hh: Harness, text: string, team: string, user = SHARED_USER) {
  const res = await sendCommand(hh.url, { text, team, user, channel: CHANNEL });
  expect(res.status).toBe(200);
  return JSON.stringify(res.json);
}

async function homeFor(hh: Harness, team: string, user: string) {
  const before = hh.slack.callsOf('views.publish').length;
  const body = JSON.stringify({
    type: 'event_callback',
    team_id: team,
    api_app_id: 'A0TEST',
    event_id: `Ev${Math.random()}`,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: 'app_home_opened', user, channel: 'D0HOME', tab: 'home', event_ts: '1.0' },
  });
  expect((await postSigned(hh.url, body, { contentType: 'application/json' })).status).toBe(200);
  const call = await waitFor(() => hh.slack.callsOf('views.publish')[before]);
  return JSON.stringify(call.args.view);
}

describe('two workspaces in one database', () => {
  it('keeps leaderboards, streaks, App Home, quiz status and buttons apart', async () => {
    h = await startHarness();
    const hh = h;
    // Workspace one runs a quiz in C0SAME; two people answer it correctly.
    await command(hh.url, hh.slack, 'quiz here 0 9 * * 1-5 UTC', { team: ONE, channel: CHANNEL });
    const q = await postQuestion(hh.url, hh.slack, { team: ONE, channel: CHANNEL });
    const key = await correctKey(hh.runtime.storage, q.postId);
    const right = q.buttons.find((b) => b.action_id === `answer_${key}`);
    if (!right) throw new Error('no right button');
    for (const user of [SHARED_USER, 'U0ONLYONE']) {
      const r = await click(hh.url, hh.slack, user, right, { team: ONE, channel: CHANNEL });
      expect((await waitFor(() => repliesTo(hh.slack, r.replyId)[0])).text).toBe('✅ Correct');
    }
    expect(await quick(hh, 'leaderboard all', ONE)).toMatch(/<@U0SAME>.*<@U0ONLYONE>|<@U0ONLYONE>.*<@U0SAME>/);
    expect(await quick(hh, 'streak', ONE)).toMatch(/Streak 1 \(best 1\) · 1 points/);

    // Workspace two sees none of it.
    for (const period of ['week', 'month', 'all']) {
      const board = await quick(hh, `leaderboard ${period}`, TWO);
      expect(board).not.toContain('U0SAME');
      expect(board).not.toContain('U0ONLYONE');
    }
    const streak = await quick(hh, 'streak', TWO);
    expect(streak).toMatch(/haven't answered a question yet/);
    const home = await homeFor(hh, TWO, SHARED_USER);
    expect(home).not.toContain('U0ONLYONE');
    expect(home).toMatch(/haven't answered a question yet/);
    expect(await homeFor(hh, ONE, SHARED_USER)).not.toMatch(/haven't answered a question yet/);

    // Quiz admin in workspace two, same channel id: its own (absent) quiz, and no reach into one's.
    expect((await command(hh.url, hh.slack, 'quiz status', { team: TWO, channel: CHANNEL })).text).toMatch(/not running/);
    expect((await command(hh.url, hh.slack, 'quiz pause', { team: TWO, channel: CHANNEL })).text).toMatch(/not set up/);
    expect((await command(hh.url, hh.slack, 'quiz off', { team: TWO, channel: CHANNEL })).text).toMatch(/not set up/);
    expect((await command(hh.url, hh.slack, 'quiz status', { team: ONE, channel: CHANNEL })).text).toMatch(/running/);

    // Workspace one's button, clicked from workspace two (by team, or by the user's team only).
    const fromTwo = await click(hh.url, hh.slack, 'U0TWOUSER', right, { team: TWO, channel: CHANNEL });
    expect((await waitFor(() => repliesTo(hh.slack, fromTwo.replyId)[0])).text).toMatch(/doesn't match a question/);

    // Workspace two posts its own question in "the same" channel: workspace one's stays open.
    const q2 = await postQuestion(hh.url, hh.slack, { team: TWO, channel: CHANNEL });
    const states = await rowsOf(hh.runtime.storage, 'posts', ['team_id', 'seq', 'state']);
    expect(states).toEqual([
      { team_id: ONE, seq: 1, state: 'posted' },
      { team_id: TWO, seq: 1, state: 'posted' },
    ]);
    expect(hh.slack.callsOf('chat.update').filter((c) => JSON.stringify(c.args.blocks).includes('Answer:'))).toHaveLength(0);

    // And its buttons do not score in workspace one.
    const [b2] = q2.buttons;
    if (!b2) throw new Error('no button');
    const fromOne = await click(hh.url, hh.slack, 'U0ONLYONE', b2, { team: ONE, channel: CHANNEL });
    expect((await waitFor(() => repliesTo(hh.slack, fromOne.replyId)[0])).text).toMatch(/doesn't match a question/);
    expect(await countRows(hh.runtime.storage, 'answers', { team_id: ONE })).toBe(2);
    expect(await countRows(hh.runtime.storage, 'answers')).toBe(2);
  });
});

describe('admin commands', () => {
  it('refuses every spelling of every admin command to a non-admin and changes nothing', async () => {
    h = await startHarness();
    const hh = h;
    const texts = [
      'quiz now',
      'Quiz NOW',
      'quiz here',
      'quiz here 0 9 * * * UTC',
      'quiz start',
      'quiz off',
      'quiz stop',
      'quiz pause',
      'quiz resume',
      'quiz status',
    ];
    for (const text of texts) {
      const reply = await command(hh.url, hh.slack, text, { user: 'U0BOB' });
      expect(reply.text, text).toMatch(/Only quiz admins/);
    }
    expect(hh.slack.callsOf('chat.postMessage')).toHaveLength(0);
    expect(await countRows(hh.runtime.storage, 'quiz_channels')).toBe(0);
    expect(await countRows(hh.runtime.storage, 'posts')).toBe(0);
  });

  it('does not carry a workspace admin of one workspace into another', async () => {
    h = await startHarness();
    const hh = h;
    hh.slack.admins.add('U0BOSS');
    expect((await command(hh.url, hh.slack, 'quiz status', { user: 'U0BOSS', team: ONE })).text).not.toMatch(/Only quiz admins/);
    // users.info is asked again for the other workspace rather than answered from the first one's cache.
    hh.slack.admins.delete('U0BOSS');
    expect((await command(hh.url, hh.slack, 'quiz status', { user: 'U0BOSS', team: TWO })).text).toMatch(/Only quiz admins/);
  });
});
