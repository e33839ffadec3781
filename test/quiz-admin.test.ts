import { describe, expect, it } from 'vitest';
import { type Harness, harnessPerTest } from './support/app-harness.ts';
import { countRows, rowsOf } from './support/database.ts';
import { postSigned, sendCommand } from './support/slack-requests.ts';
import { waitFor } from './support/wait.ts';

const start = harnessPerTest();

let n = 0;
async function admin(h: Harness, text: string, channel = 'C0QUIZ') {
  const id = `admin-${++n}`;
  const res = await sendCommand(h.url, { text, user: 'U0ADMIN', channel, responseUrl: h.slack.responseUrl(id) });
  expect(res.status).toBe(200);
  const reply = await waitFor(() => h.slack.responses.find((r) => r.path === `/response/${id}`), 5000, text);
  return reply.body as { text: string };
}

describe('quiz admin commands', () => {
  it('starts, reports, pauses, resumes and stops the daily quiz in a channel', async () => {
    const h = await start({ now: new Date('2026-11-23T07:00:00Z') });
    expect((await admin(h, 'quiz status')).text).toMatch(/not running in this channel/);
    // Each reader sees the time in their own zone; the fallback is the channel's.
    const first = `<!date^${Date.parse('2026-11-23T07:30:00Z') / 1000}^{date_short_pretty} at {time}|Mon 23 Nov, 08:30 CET>`;
    const here = (await admin(h, 'quiz here 30 8 * * 1-5 Europe/Berlin')).text;
    expect(here).toContain(`\`30 8 * * 1-5\` (Europe/Berlin). First question: ${first}.`);
    expect(here).toMatch(/Leaderboard weeks .* run by Europe\/Berlin/);
    const status = (await admin(h, 'quiz status')).text;
    expect(status).toMatch(/running/);
    expect(status).toContain(`Next question: ${first}`);
    expect((await admin(h, 'quiz pause')).text).toMatch(/paused/);
    expect((await admin(h, 'quiz status')).text).toMatch(/paused/);
    expect((await admin(h, 'quiz resume')).text).toMatch(/running again/);
    expect((await admin(h, 'quiz off')).text).toMatch(/stopped/);
    expect((await admin(h, 'quiz status')).text).toMatch(/not running/);
  });

  it('uses QUIZ_SCHEDULE and QUIZ_TIMEZONE when quiz here has no arguments', async () => {
    const h = await start({ env: { QUIZ_SCHEDULE: '15 10 * * *', QUIZ_TIMEZONE: 'Asia/Tokyo' } });
    expect((await admin(h, 'quiz here')).text).toMatch(/`15 10 \* \* \*` \(Asia\/Tokyo\)/);
  });

  it('explains a bad schedule or zone instead of storing it', async () => {
    const h = await start();
    expect((await admin(h, 'quiz here 0 25 * * *')).text).toMatch(/not a cron schedule/);
    expect((await admin(h, 'quiz here 0 9 * * * Mars/Base')).text).toMatch(/not a time zone/);
    expect((await admin(h, 'quiz here * * * * *')).text).toMatch(/at most 3/i);
    expect((await admin(h, 'quiz here 0 9 * * 1-5 CET')).text).toMatch(/Europe\/Berlin/);
    expect(await countRows(h.runtime.storage, 'quiz_channels')).toBe(0);
  });

  it('tells a non-admin they may not before it checks what they typed', async () => {
    const h = await start();
    h.slack.admins.clear();
    for (const text of ['quiz here * * * * *', 'quiz here 0 25 * * *', 'quiz nonsense']) {
      const id = `not-admin-${++n}`;
      const res = await sendCommand(h.url, { text, user: 'U0BOB', responseUrl: h.slack.responseUrl(id) });
      expect(res.status).toBe(200);
      const reply = await waitFor(() => h.slack.responses.find((r) => r.path === `/response/${id}`), 5000, text);
      expect((reply.body as { text: string }).text, text).toMatch(/Only quiz admins/);
      expect((reply.body as { text: string }).text).not.toMatch(/ADMIN_USER_IDS|cron/);
    }
  });

  it('posts the scheduled question when due and never twice', async () => {
    const h = await start({ now: new Date('2026-11-23T08:00:00Z') });
    await admin(h, 'quiz here 0 9 * * 1-5 UTC');
    h.clock.now = new Date('2026-11-23T09:00:30Z');
    await h.runtime.tick();
    await h.runtime.tick();
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(1);
  });

  it('posts once through a rate limit: Retry-After is honoured and nothing doubles', async () => {
    const h = await start();
    h.slack.fail('chat.postMessage', { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } });
    expect((await admin(h, 'quiz now')).text).toMatch(/Posted/);
    expect(h.slack.callsOf('chat.postMessage#fault')).toHaveLength(1);
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(1);
  });

  it('tells the admin to invite the app when Slack says not_in_channel, and shows it in status', async () => {
    const h = await start();
    h.slack.fail('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } });
    await admin(h, 'quiz here');
    expect((await admin(h, 'quiz now')).text).toMatch(/Invite me first/);
    expect((await admin(h, 'quiz status')).text).toMatch(/Last error: posting failed: not_in_channel/);
    expect(h.logs.some((l) => l.includes('"event":"quiz.post_failed"') && l.includes('"channel":"C0QUIZ"'))).toBe(true);
  });

  it('seeds QUIZ_CHANNEL once with the workspace id from auth.test', async () => {
    const h = await start({ env: { QUIZ_CHANNEL: 'C0SEED' }, now: new Date('2026-11-23T08:00:00Z') });
    await h.runtime.tick();
    expect(await rowsOf(h.runtime.storage, 'quiz_channels', ['team_id', 'channel_id', 'state'])).toEqual([
      { team_id: 'T0TEST', channel_id: 'C0SEED', state: 'active' },
    ]);
  });
});

describe('lookups and App Home', () => {
  it('shares a card in the channel once, even on a double click', async () => {
    const h = await start();
    const lookup = (await sendCommand(h.url, { text: 'fargate vs lambda' })).json as {
      blocks: { type: string; elements?: { value: string }[] }[];
    };
    const share = lookup.blocks.find((b) => b.type === 'actions')?.elements?.[0];
    expect(share?.value).toBe('lambda-vs-fargate');
    const payload = (id: string) => ({
      type: 'block_actions',
      team: { id: 'T0TEST' },
      user: { id: 'U0ALICE', team_id: 'T0TEST' },
      container: { type: 'message', message_ts: '1700000000.000900', channel_id: 'C0QUIZ', is_ephemeral: true },
      channel: { id: 'C0QUIZ' },
      response_url: h.slack.responseUrl(id),
      actions: [
        {
          type: 'button',
          action_id: 'share_card',
          block_id: 'share',
          value: 'lambda-vs-fargate',
          action_ts: `${Date.now()}${id}`,
        },
      ],
    });
    const send = (id: string) => postSigned(h.url, new URLSearchParams({ payload: JSON.stringify(payload(id)) }).toString());
    await Promise.all([send('share-1'), send('share-2')]);
    await waitFor(
      () => h.slack.responses.filter((r) => (r.body as { replace_original?: boolean }).replace_original === true).length === 1,
    );
    const inChannel = h.slack.responses.filter((r) => (r.body as { response_type?: string }).response_type === 'in_channel');
    expect(inChannel).toHaveLength(1);
    expect(JSON.stringify(inChannel[0]?.body)).toMatch(/Shared by <@U0ALICE>/);
  });

  it("publishes the App Home with the person's record", async () => {
    const h = await start();
    const body = JSON.stringify({
      type: 'event_callback',
      team_id: 'T0TEST',
      api_app_id: 'A0TEST',
      event_id: 'Ev1',
      event_time: Math.floor(Date.now() / 1000),
      event: { type: 'app_home_opened', user: 'U0ALICE', channel: 'D0HOME', tab: 'home', event_ts: '1.0' },
    });
    const res = await postSigned(h.url, body, { contentType: 'application/json' });
    expect(res.status).toBe(200);
    const call = await waitFor(() => h.slack.callsOf('views.publish')[0]);
    expect(call.args.user_id).toBe('U0ALICE');
    expect(JSON.stringify(call.args.view)).toMatch(/haven't answered a question yet/);
  });
});
