import { describe, expect, it } from 'vitest';
import { type Harness, harnessPerTest } from './support/app-harness.ts';
import { countRows, rowsOf } from './support/database.ts';
import { postSigned, sendCommand, submitView } from './support/slack-requests.ts';
import { waitFor } from './support/wait.ts';

const start = harnessPerTest();

let n = 0;
/** Runs `/aws <text>` and returns the private reply that follows through response_url. */
async function command(h: Harness, text: string, o: { user?: string; channel?: string } = {}) {
  const id = `setup-${++n}`;
  const res = await sendCommand(h.url, {
    text,
    user: o.user ?? 'U0ADMIN',
    channel: o.channel ?? 'C0QUIZ',
    responseUrl: h.slack.responseUrl(id),
  });
  expect(res.status).toBe(200);
  const reply = await waitFor(() => h.slack.responses.find((r) => r.path === `/response/${id}`), 5000, text);
  return (reply.body as { text: string }).text;
}

interface Block {
  block_id?: string;
  element?: Record<string, unknown> & {
    initial_option?: { value: string };
    initial_options?: { value: string }[];
  };
}

/** Opens the setup with `/aws quiz setup` and returns the modal views.open was given, by block id. */
async function openSetup(h: Harness, channel = 'C0QUIZ') {
  const before = h.slack.callsOf('views.open').length;
  const res = await sendCommand(h.url, { text: 'quiz setup', user: 'U0ADMIN', channel });
  expect(res.status).toBe(200);
  const call = await waitFor(() => h.slack.callsOf('views.open')[before], 5000, 'views.open');
  const view = call.args.view as { callback_id: string; blocks: Block[] };
  const blocks = new Map(view.blocks.map((b) => [b.block_id ?? '', b.element ?? {}]));
  return { call, view, blocks };
}

/** What the modal sends on Save, from plain choices. */
function values(o: {
  channel?: string;
  time?: string;
  days?: number[];
  zone?: string;
  perDay?: number;
  reveal?: string;
  topics?: string[];
  exam?: string;
  min?: number;
  max?: number;
}) {
  const option = (v: string | number | undefined) => (v === undefined ? null : { value: String(v) });
  return {
    channel: { channel: { type: 'conversations_select', selected_conversation: o.channel ?? null } },
    time: { time: { type: 'timepicker', selected_time: o.time ?? null } },
    days: { days: { type: 'checkboxes', selected_options: (o.days ?? []).map((d) => ({ value: String(d) })) } },
    zone: { zone: { type: 'static_select', selected_option: option(o.zone) } },
    per_day: { per_day: { type: 'static_select', selected_option: option(o.perDay ?? 1) } },
    reveal: { reveal: { type: 'number_input', value: o.reveal ?? '8' } },
    topics: { topics: { type: 'multi_static_select', selected_options: (o.topics ?? []).map((t) => ({ value: t })) } },
    exam: { exam: { type: 'radio_buttons', selected_option: option(o.exam ?? 'none') } },
    difficulty_min: { difficulty_min: { type: 'static_select', selected_option: option(o.min ?? 1) } },
    difficulty_max: { difficulty_max: { type: 'static_select', selected_option: option(o.max ?? 3) } },
  };
}

const WEEKDAYS = [1, 2, 3, 4, 5];

async function save(h: Harness, v: ReturnType<typeof values>, user = 'U0ADMIN') {
  const res = await submitView(h.url, { callbackId: 'quiz_setup', values: v, user });
  expect(res.status).toBe(200);
  return res.json as {
    response_action: 'errors' | 'update';
    errors?: Record<string, string>;
    view?: { blocks: { text?: { text: string } }[] };
  };
}

const viewText = (r: Awaited<ReturnType<typeof save>>) => (r.view?.blocks ?? []).map((b) => b.text?.text ?? '').join('\n');

describe('the setup modal', () => {
  it("opens from `/aws quiz setup` on this channel with the admin's own time zone", async () => {
    const h = await start({ env: { QUIZ_TIMEZONE: 'UTC', QUIZ_REVEAL_AFTER: '6' } });
    h.slack.zones.set('U0ADMIN', 'Europe/London');
    const { call, view, blocks } = await openSetup(h);
    expect(call.args.trigger_id).toMatch(/^trigger-/);
    expect(view.callback_id).toBe('quiz_setup');
    expect(blocks.get('channel')?.initial_conversation).toBe('C0QUIZ');
    expect(blocks.get('time')?.initial_time).toBe('09:00');
    expect(blocks.get('days')?.initial_options?.map((o) => o.value)).toEqual(['1', '2', '3', '4', '5']);
    expect(blocks.get('zone')?.initial_option?.value).toBe('Europe/London');
    expect(blocks.get('per_day')?.initial_option?.value).toBe('1');
    expect(blocks.get('reveal')?.initial_value).toBe('6');
    expect(blocks.get('exam')?.initial_option?.value).toBe('none');
    expect(blocks.get('topics')?.initial_options).toBeUndefined();
    // Every IANA zone is offered, in groups within Slack's 100-option limit.
    const groups = blocks.get('zone')?.option_groups as { options: { value: string }[] }[];
    expect(groups.every((g) => g.options.length <= 100)).toBe(true);
    expect(groups.flatMap((g) => g.options.map((o) => o.value))).toEqual(expect.arrayContaining(['America/New_York', 'UTC']));
    // Nothing is stored by opening it.
    expect(await countRows(h.runtime.storage, 'quiz_channels')).toBe(0);
  });

  it("shows a channel's current setup when it has one", async () => {
    const h = await start({ now: new Date('2026-11-23T07:00:00Z') });
    await command(h, 'quiz here 30 8 * * 1-5 Europe/Berlin');
    const { blocks } = await openSetup(h);
    expect(blocks.get('time')?.initial_time).toBe('08:30');
    expect(blocks.get('zone')?.initial_option?.value).toBe('Europe/Berlin');
  });

  it('saves a submission, says what it set, and the next questions follow it', async () => {
    const h = await start({ now: new Date('2026-11-23T06:00:00Z') });
    const reply = await save(
      h,
      values({
        channel: 'C0QUIZ',
        time: '08:30',
        days: WEEKDAYS,
        zone: 'Europe/Berlin',
        perDay: 2,
        reveal: '2',
        topics: ['lambda'],
      }),
    );
    expect(reply.response_action).toBe('update');
    const text = viewText(reply);
    expect(text).toContain('The daily quiz now runs in <#C0QUIZ> on `30 8,11 * * 1-5` (Europe/Berlin).');
    expect(text).toContain(`Next question: <!date^${Date.parse('2026-11-23T07:30:00Z') / 1000}^`);
    expect(text).toMatch(/Questions: `lambda` · any difficulty · answer shown after 2 h/);
    expect(text).toMatch(/Leaderboard weeks .* Europe\/Berlin/);

    h.clock.now = new Date('2026-11-23T07:30:10Z');
    await h.runtime.tick();
    h.clock.now = new Date('2026-11-23T09:30:10Z');
    await h.runtime.tick();
    const posts = await rowsOf<{ topic: string; slot: string; state: string }>(h.runtime.storage, 'posts', [
      'topic',
      'slot',
      'state',
    ]);
    // 08:30 Berlin, revealed two hours later.
    expect(posts).toEqual([{ topic: 'lambda', slot: '2026-11-23T07:30:00.000Z', state: 'revealed' }]);
    h.clock.now = new Date('2026-11-23T10:30:10Z');
    await h.runtime.tick();
    expect(await rowsOf(h.runtime.storage, 'posts', ['topic', 'slot'])).toEqual([
      { topic: 'lambda', slot: '2026-11-23T07:30:00.000Z' },
      { topic: 'lambda', slot: '2026-11-23T10:30:00.000Z' },
    ]);
    expect(h.slack.callsOf('chat.postMessage').map((c) => c.args.channel)).toEqual(['C0QUIZ', 'C0QUIZ']);
  });

  it('says what changed when a channel is set up again', async () => {
    const h = await start({ now: new Date('2026-11-23T06:00:00Z') });
    await command(h, 'quiz here 30 8 * * 1-5 Europe/Berlin');
    const reply = await save(
      h,
      values({ channel: 'C0QUIZ', time: '09:00', days: WEEKDAYS, zone: 'Europe/London', exam: 'DVA-C02', min: 2 }),
    );
    const text = viewText(reply);
    expect(text).toContain('Schedule changed from `30 8 * * 1-5` Europe/Berlin to `0 9 * * 1-5` Europe/London.');
    expect(text).toContain('Exam changed from any to DVA-C02.');
    expect(text).toContain('Difficulty changed from 1–3 to 2–3.');
    const again = await save(
      h,
      values({ channel: 'C0QUIZ', time: '09:00', days: WEEKDAYS, zone: 'Europe/London', exam: 'DVA-C02', min: 2 }),
    );
    expect(viewText(again)).toContain('Nothing changed');
  });

  it('shows field errors for an invalid submission and stores nothing', async () => {
    const h = await start();
    const reply = await save(h, values({ channel: 'C0QUIZ', days: [], zone: 'Europe/Berlin', reveal: '0', min: 3, max: 1 }));
    expect(reply.response_action).toBe('errors');
    expect(Object.keys(reply.errors ?? {}).sort()).toEqual(['days', 'difficulty_max', 'reveal', 'time']);
    expect(reply.errors?.days).toMatch(/at least one day/);
    const late = await save(h, values({ channel: 'C0QUIZ', time: '21:00', days: WEEKDAYS, zone: 'UTC', perDay: 3 }));
    expect(late.errors?.per_day).toMatch(/past midnight/);
    expect(await countRows(h.runtime.storage, 'quiz_channels')).toBe(0);
  });

  it('refuses a non-admin on Save, whatever the form says', async () => {
    const h = await start();
    const reply = await save(h, values({ channel: 'C0QUIZ', time: '09:00', days: WEEKDAYS, zone: 'UTC' }), 'U0BOB');
    expect(reply).toEqual({ response_action: 'errors', errors: { channel: expect.stringMatching(/Only quiz admins/) } });
    expect(await countRows(h.runtime.storage, 'quiz_channels')).toBe(0);
  });
});

describe('setup guards', () => {
  it('tells the admin to /invite the app to a private channel it is not in', async () => {
    const h = await start();
    h.slack.conversations.set('G0SECRET', 'channel_not_found');
    h.slack.conversations.set('C0PRIV', { is_private: true, is_member: false });
    const reply = await save(h, values({ channel: 'G0SECRET', time: '09:00', days: WEEKDAYS, zone: 'UTC' }));
    expect(reply.errors?.channel).toBe(
      "I'm not a member of <#G0SECRET>, so I can't post there. Invite me with `/invite @AWS Serverless Tutor` in that channel, then try again.",
    );
    expect(await command(h, 'quiz here', { channel: 'C0PRIV' })).toMatch(/Invite me with `\/invite @AWS Serverless Tutor`/);
    expect(await countRows(h.runtime.storage, 'quiz_channels')).toBe(0);
  });

  it('refuses a direct message, a group DM and an archived channel', async () => {
    const h = await start();
    h.slack.conversations.set('G0GROUP', { is_mpim: true, is_channel: false });
    h.slack.conversations.set('C0OLD', { is_archived: true });
    expect(await command(h, 'quiz here', { channel: 'D0ALICE' })).toMatch(/not in a direct message or group DM/);
    expect(await command(h, 'quiz here', { channel: 'G0GROUP' })).toMatch(/not in a direct message or group DM/);
    expect(await command(h, 'quiz here', { channel: 'C0OLD' })).toMatch(/archived/);
    const reply = await save(h, values({ channel: 'D0ALICE', time: '09:00', days: WEEKDAYS, zone: 'UTC' }));
    expect(reply.errors?.channel).toMatch(/not in a direct message/);
    expect(await countRows(h.runtime.storage, 'quiz_channels')).toBe(0);
  });

  it('starts anyway, and says so, when an older install may not ask about channels', async () => {
    const h = await start();
    h.slack.conversations.set('C0OLDAPP', 'missing_scope');
    const reply = await command(h, 'quiz here', { channel: 'C0OLDAPP' });
    expect(reply).toMatch(/The daily quiz runs in this channel/);
    expect(reply).toContain(
      "I couldn't check that I may post there: the app lacks the Slack permission `channels:read` and `groups:read`",
    );
    expect(await countRows(h.runtime.storage, 'quiz_channels', { channel_id: 'C0OLDAPP' })).toBe(1);
  });

  it('replies with the current state: already paused, already running, changed from … to …', async () => {
    const h = await start({ now: new Date('2026-11-23T06:00:00Z') });
    await command(h, 'quiz here 30 8 * * 1-5 Europe/Berlin');
    expect(await command(h, 'quiz here 30 8 * * 1-5 Europe/Berlin')).toMatch(/already runs in this channel/);
    expect(await command(h, 'quiz resume')).toMatch(/already running/);
    expect(await command(h, 'quiz pause')).toMatch(/is paused/);
    expect(await command(h, 'quiz pause')).toMatch(/already paused/);
    expect(await command(h, 'quiz here 0 9 * * 1-5 Europe/London')).toContain(
      'Changed from `30 8 * * 1-5` Europe/Berlin to `0 9 * * 1-5` Europe/London.',
    );
    expect(await command(h, 'quiz off')).toMatch(/stopped/);
    expect(await command(h, 'quiz off')).toMatch(/already stopped/);
  });
});

describe('failures reach a person', () => {
  const dmsTo = (h: Harness, dm: string) =>
    h.slack
      .callsOf('chat.postMessage')
      .filter((c) => c.args.channel === dm)
      .map((c) => String(c.args.text));

  it('tells the admin who set the quiz up once per problem, across a restart, and once when it works again', async () => {
    const h = await start({ now: new Date('2026-11-23T06:00:00Z') });
    await command(h, 'quiz here 0 9 * * * UTC');
    const removed = { body: { ok: false, error: 'not_in_channel' } };
    // One refusal per attempt: the DM itself is a chat.postMessage too.
    h.slack.fail('chat.postMessage', removed);
    h.clock.now = new Date('2026-11-23T09:00:10Z');
    await h.runtime.tick();
    expect(h.slack.callsOf('conversations.open').map((c) => c.args.users)).toEqual(['U0ADMIN']);
    expect(dmsTo(h, 'D0ADMIN')).toEqual([
      expect.stringMatching(
        /I was removed from <#C0QUIZ> \(or never invited\): invite me again with `\/invite @AWS Serverless Tutor`/,
      ),
    ]);
    h.slack.fail('chat.postMessage', removed);
    h.clock.now = new Date('2026-11-23T09:05:00Z');
    await h.runtime.tick();
    expect(h.slack.callsOf('chat.postMessage#fault')).toHaveLength(2);
    expect(dmsTo(h, 'D0ADMIN')).toHaveLength(1);

    // A new process on the same database remembers what the admin was told.
    const again = await start({ dbPath: h.config.databasePath, slack: h.slack, now: new Date('2026-11-23T09:30:00Z') });
    await h.runtime.stop();
    h.slack.fail('chat.postMessage', removed);
    await again.runtime.tick();
    expect(h.slack.callsOf('chat.postMessage#fault')).toHaveLength(3);
    expect(dmsTo(h, 'D0ADMIN')).toHaveLength(1);

    again.clock.now = new Date('2026-11-23T11:00:00Z');
    await again.runtime.tick();
    expect(h.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === 'C0QUIZ')).toHaveLength(1);
    expect(dmsTo(h, 'D0ADMIN')).toEqual([
      expect.any(String),
      ':white_check_mark: The daily quiz posts in <#C0QUIZ> again. Thanks for fixing it!',
    ]);
    again.clock.now = new Date('2026-11-24T09:00:10Z');
    await again.runtime.tick();
    expect(dmsTo(h, 'D0ADMIN')).toHaveLength(2);

    // A new problem is a new message, with its own fix.
    h.slack.fail('chat.postMessage', { body: { ok: false, error: 'missing_scope' } });
    again.clock.now = new Date('2026-11-25T09:00:10Z');
    await again.runtime.tick();
    expect(dmsTo(h, 'D0ADMIN')[2]).toMatch(/lacks the Slack permission `chat:write`: a workspace admin reinstalls the app/);
  });

  it('does not bother anyone about a rate limit that passes by itself', async () => {
    const h = await start({ now: new Date('2026-11-23T06:00:00Z') });
    await command(h, 'quiz here 0 9 * * * UTC');
    h.slack.fail('chat.postMessage', { body: { ok: false, error: 'ratelimited' } });
    h.clock.now = new Date('2026-11-23T09:00:10Z');
    await h.runtime.tick();
    h.clock.now = new Date('2026-11-23T10:00:00Z');
    await h.runtime.tick();
    expect(h.slack.callsOf('chat.postMessage#fault')).toHaveLength(1);
    expect(h.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === 'C0QUIZ')).toHaveLength(1);
    expect(h.slack.callsOf('conversations.open')).toHaveLength(0);
  });
});

describe("the channel's time zone", () => {
  it('sets the leaderboard weeks for `/aws leaderboard` typed in that channel', async () => {
    // Sunday noon in UTC is already Monday in Auckland: a new week there, not yet elsewhere.
    const h = await start({ now: new Date('2026-11-29T12:00:00Z'), env: { QUIZ_TIMEZONE: 'UTC' } });
    await command(h, 'quiz here 0 9 * * 1-5 Pacific/Auckland');
    const board = async (channel: string) => JSON.stringify((await sendCommand(h.url, { text: 'leaderboard', channel })).json);
    const here = await board('C0QUIZ');
    expect(here).toContain('week of November 30');
    expect(here).toContain("in Pacific/Auckland, this channel's quiz time zone");
    const elsewhere = await board('C0OTHER');
    expect(elsewhere).toContain('week of November 23');
    expect(elsewhere).not.toContain('Auckland');
  });
});

describe('the App Home setup button', () => {
  async function openHome(h: Harness, user: string) {
    const before = h.slack.callsOf('views.publish').length;
    const body = JSON.stringify({
      type: 'event_callback',
      team_id: 'T0TEST',
      api_app_id: 'A0TEST',
      event_id: `Ev${++n}`,
      event_time: Math.floor(Date.now() / 1000),
      event: { type: 'app_home_opened', user, channel: 'D0HOME', tab: 'home', event_ts: '1.0' },
    });
    expect((await postSigned(h.url, body, { contentType: 'application/json' })).status).toBe(200);
    return JSON.stringify((await waitFor(() => h.slack.callsOf('views.publish')[before])).args.view);
  }

  it('is shown to admins only, and opens the modal', async () => {
    const h = await start();
    expect(await openHome(h, 'U0ALICE')).not.toContain('quiz_setup_open');
    expect(await openHome(h, 'U0ADMIN')).toContain('Set up the quiz');
    const payload = {
      type: 'block_actions',
      team: { id: 'T0TEST' },
      user: { id: 'U0ADMIN', team_id: 'T0TEST' },
      container: { type: 'view', view_id: 'VHOME' },
      trigger_id: 'trigger-home',
      actions: [{ type: 'button', action_id: 'quiz_setup_open', block_id: 'b', action_ts: '1.1' }],
    };
    const res = await postSigned(h.url, new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
    expect(res.status).toBe(200);
    const call = await waitFor(() => h.slack.callsOf('views.open')[0]);
    expect(call.args.trigger_id).toBe('trigger-home');
    expect((call.args.view as { callback_id: string }).callback_id).toBe('quiz_setup');
  });
});
