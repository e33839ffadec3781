/**
 * Practice settings end to end over signed HTTP: the daily reminder (set by command and by the App
 * Home toggle, delivered by DM at the person's local time, once, only when reviews are due), away
 * mode (reminders paused, due dates moved on, "away until" in the App Home) and the session size.
 */
import { describe, expect, it } from 'vitest';
import type { Harness } from './support/app-harness.ts';
import { harnessPerTest, tempDbPath } from './support/app-harness.ts';
import { rowsOf } from './support/database.ts';
import { FakeSlack } from './support/fake-slack.ts';
import { repliesTo, uniqueId } from './support/quiz-driver.ts';
import { actionBody, postSigned, sendCommand } from './support/slack-requests.ts';
import { waitFor } from './support/wait.ts';

const start = harnessPerTest();
const MINUTE = 60_000;
const DAY = 86_400_000;

type Element = { type: string; action_id: string; value?: string };
type Block = { type: string; block_id?: string; elements?: Element[]; accessory?: Element; text?: { text: string } };
type PostCall = { channel: string; text: string; blocks: Block[] };

/** `/aws <text>` as `user`; the reply, whether it came in the ack or through response_url. */
async function command(h: Harness, user: string, text: string): Promise<string> {
  const id = uniqueId('cmd');
  const res = await sendCommand(h.url, { text, user, responseUrl: h.slack.responseUrl(id) });
  expect(res.status).toBe(200);
  const inAck = res.json as { blocks?: unknown[]; text?: string } | undefined;
  if (inAck?.blocks) return JSON.stringify(inAck.blocks);
  const reply = await waitFor(() => repliesTo(h.slack, id)[0], 5000, `reply to ${text}`);
  return JSON.stringify(reply.blocks ?? reply.text);
}

const posts = (h: Harness) => h.slack.callsOf('chat.postMessage').map((c) => c.args as unknown as PostCall);
const nudgesTo = (h: Harness, user: string) =>
  posts(h).filter((p) => p.channel === `D${user.slice(1)}` && p.blocks.some((b) => b.block_id === 'practice_nudge'));

/** Starts practice and answers the first question wrong, so it is due again today. */
async function missOne(h: Harness, user: string): Promise<void> {
  const before = posts(h).length;
  await command(h, `${user}`, 'practice');
  const question = await waitFor(
    () =>
      posts(h)
        .slice(before)
        .find((p) => p.channel === `D${user.slice(1)}`),
    5000,
    'question',
  );
  const button = question.blocks.find((b) => b.block_id === 'practice')?.elements?.find((e) => e.value);
  const [sessionId, questionId, key] = (button?.value ?? '').split(':');
  const wrong = key === 'a' ? 'b' : 'a';
  const replyId = uniqueId('click');
  await postSigned(
    h.url,
    actionBody({
      actionId: `practice_answer_${wrong}`,
      value: `${sessionId}:${questionId}:${wrong}`,
      user,
      channel: `D${user.slice(1)}`,
      responseUrl: h.slack.responseUrl(replyId),
    }),
  );
  await waitFor(() => repliesTo(h.slack, replyId)[0], 5000, 'feedback');
}

async function openHome(h: Harness, user: string): Promise<string> {
  const before = h.slack.callsOf('views.publish').length;
  await postSigned(
    h.url,
    JSON.stringify({
      type: 'event_callback',
      team_id: 'T0TEST',
      event_id: uniqueId('Ev'),
      event: { type: 'app_home_opened', user, channel: `D${user.slice(1)}`, tab: 'home' },
    }),
    { contentType: 'application/json' },
  );
  const call = await waitFor(() => h.slack.callsOf('views.publish')[before], 5000, 'home');
  return JSON.stringify(call.args.view);
}

const cardDue = async (h: Harness, user: string) =>
  (await rowsOf<{ due: string }>(h.runtime.storage, 'practice_cards', ['due'], { user_id: user })).map((r) => r.due);

describe('the daily practice reminder', () => {
  it('DMs "reviews due" at 9:00 in the person\'s own zone, once, survives a restart, and stops when turned off', async () => {
    const slack = new FakeSlack();
    await slack.start();
    const dbPath = tempDbPath();
    // 06:00 UTC is 07:00 in Berlin (UTC+1 in December).
    let h = await start({ slack, dbPath, now: new Date('2026-12-02T06:00:00Z') });
    slack.timezones.set('U0REM', 'Europe/Berlin');
    await missOne(h, 'U0REM');
    const set = await command(h, 'U0REM', 'practice remind 9:00');
    expect(set).toContain("I'll remind you at *09:00* (Europe/Berlin)");
    expect(slack.callsOf('users.info').some((c) => c.args.user === 'U0REM')).toBe(true);

    // 08:59 in Berlin: not yet.
    h.clock.now = new Date('2026-12-02T07:59:00Z');
    await h.runtime.tick();
    expect(nudgesTo(h, 'U0REM')).toHaveLength(0);

    // 09:00:20 in Berlin: one DM, with the count and the Practice button.
    h.clock.now = new Date('2026-12-02T08:00:20Z');
    await Promise.all([h.runtime.tick(), h.runtime.tick()]);
    await h.runtime.tick();
    const [nudge, ...more] = nudgesTo(h, 'U0REM');
    expect(more).toHaveLength(0);
    expect(nudge?.text).toBe('1 review due · Practice');
    expect(JSON.stringify(nudge?.blocks)).toContain('practice_start');

    // A restart that same day (same database) sends nothing again, even with the clock later on.
    await h.stop();
    h = await start({ slack, dbPath, now: new Date('2026-12-02T12:00:00Z') });
    await h.runtime.tick();
    expect(nudgesTo(h, 'U0REM')).toHaveLength(1);
    expect(await rowsOf(h.runtime.storage, 'practice_nudges', ['local_day', 'state'], { user_id: 'U0REM' })).toEqual([
      { local_day: '2026-12-02', state: 'sent' },
    ]);

    // The next day at 09:00 Berlin: the second reminder (the miss is still due).
    h.clock.now = new Date('2026-12-03T08:00:10Z');
    await h.runtime.tick();
    expect(nudgesTo(h, 'U0REM')).toHaveLength(2);

    // Off: nothing the day after.
    expect(await command(h, 'U0REM', 'practice remind off')).toContain('reminder is off');
    h.clock.now = new Date('2026-12-04T08:00:10Z');
    await h.runtime.tick();
    expect(nudgesTo(h, 'U0REM')).toHaveLength(2);
    await h.stop();
    await slack.stop();
  });

  it('sends nothing when no review is due, and tries a failed send again later that day', async () => {
    const h = await start({ now: new Date('2026-12-02T06:00:00Z') });
    h.slack.timezones.set('U0IDLE', 'America/New_York');
    h.slack.timezones.set('U0FAIL', 'America/New_York');
    expect(await command(h, 'U0IDLE', 'practice remind 8am')).toContain('*08:00* (America/New_York)');
    await missOne(h, 'U0FAIL');
    expect(await command(h, 'U0FAIL', 'practice remind 8:00')).toContain('*08:00*');

    // 08:00 in New York is 13:00 UTC. Slack refuses the first DM.
    h.slack.fail('chat.postMessage', { body: { ok: false, error: 'fatal_error' } });
    h.clock.now = new Date('2026-12-02T13:00:05Z');
    await h.runtime.tick();
    expect(nudgesTo(h, 'U0IDLE')).toHaveLength(0);
    expect(nudgesTo(h, 'U0FAIL')).toHaveLength(0);
    expect(h.logs.some((l) => l.includes('"event":"practice.nudge_send_failed"'))).toBe(true);

    // Not before its retry time; then once.
    h.clock.now = new Date('2026-12-02T13:02:00Z');
    await h.runtime.tick();
    expect(nudgesTo(h, 'U0FAIL')).toHaveLength(0);
    h.clock.now = new Date('2026-12-02T13:05:10Z');
    await h.runtime.tick();
    await h.runtime.tick();
    expect(nudgesTo(h, 'U0FAIL')).toHaveLength(1);
    expect(await rowsOf(h.runtime.storage, 'practice_nudges', ['state', 'attempts'], { user_id: 'U0FAIL' })).toEqual([
      { state: 'sent', attempts: 2 },
    ]);
    expect(nudgesTo(h, 'U0IDLE')).toHaveLength(0);
  });

  it('turns on from the App Home toggle and shows its state there', async () => {
    const h = await start({ now: new Date('2026-12-02T06:00:00Z') });
    h.slack.timezones.set('U0HOME', 'Asia/Tokyo');
    const home = await openHome(h, 'U0HOME');
    expect(home).toContain('Remind me when reviews are due');
    expect(home).toContain('practice_remind_toggle');
    const before = h.slack.callsOf('views.publish').length;
    await postSigned(
      h.url,
      actionBody({ actionId: 'practice_remind_toggle', value: 'on', user: 'U0HOME', responseUrl: h.slack.responseUrl('x') }),
    );
    const after = await waitFor(() => h.slack.callsOf('views.publish')[before], 5000, 'home again');
    expect(JSON.stringify(after.args.view)).toContain('Reminder on: at *09:00* your time');
    expect(
      await rowsOf(h.runtime.storage, 'practice_settings', ['remind_at', 'timezone', 'next_nudge_at'], { user_id: 'U0HOME' }),
    ).toEqual([
      // 09:00 in Tokyo on 3 December (it is 15:00 there on the 2nd) is 00:00 UTC.
      { remind_at: '09:00', timezone: 'Asia/Tokyo', next_nudge_at: '2026-12-03T00:00:00.000Z' },
    ]);
    // And off again.
    await postSigned(
      h.url,
      actionBody({ actionId: 'practice_remind_toggle', value: 'off', user: 'U0HOME', responseUrl: h.slack.responseUrl('y') }),
    );
    const off = await waitFor(() => h.slack.callsOf('views.publish')[before + 1], 5000, 'home off');
    expect(JSON.stringify(off.args.view)).toContain('Remind me when reviews are due');
  });

  it('says how to write a reminder time it cannot read', async () => {
    const h = await start();
    expect(await command(h, 'U0BAD', 'practice remind 25:00')).toContain('Usage: `/aws practice remind 9:00`');
    expect(await rowsOf(h.runtime.storage, 'practice_settings', ['remind_at'])).toEqual([]);
  });
});

describe('away mode', () => {
  it('pauses reminders, says "away until" in the App Home, and moves the reviews due meanwhile on by the absence', async () => {
    const leftAt = new Date('2026-12-02T06:00:00Z');
    const h = await start({ now: leftAt });
    h.slack.timezones.set('U0AWAY', 'UTC');
    await missOne(h, 'U0AWAY');
    await command(h, 'U0AWAY', 'practice remind 9:00');
    const [dueBefore] = await cardDue(h, 'U0AWAY');
    expect(new Date(dueBefore ?? 0).getTime()).toBeLessThan(leftAt.getTime() + 15 * MINUTE);

    h.clock.now = new Date(leftAt.getTime() + MINUTE);
    const away = await command(h, 'U0AWAY', 'practice away 7d');
    expect(away).toContain('Away until <!date^');
    const home = await openHome(h, 'U0AWAY');
    expect(home).toContain('away until <!date^');
    expect(home).toContain('2026-12-09 06:01 UTC');

    // Each day at 09:00 while away: no reminder.
    for (let day = 0; day < 7; day++) {
      h.clock.now = new Date(Date.parse('2026-12-02T09:00:30Z') + day * DAY);
      await h.runtime.tick();
    }
    expect(nudgesTo(h, 'U0AWAY')).toHaveLength(0);
    expect(await cardDue(h, 'U0AWAY')).toEqual([dueBefore]);

    // Back on the 9th: the review that fell due while away moved on by the seven days, and the
    // reminder runs again from the next 09:00.
    h.clock.now = new Date('2026-12-09T07:00:00Z');
    const back = await openHome(h, 'U0AWAY');
    expect(back).not.toContain('away until');
    expect(await cardDue(h, 'U0AWAY')).toEqual([new Date(Date.parse(dueBefore ?? '') + 7 * DAY).toISOString()]);
    expect(await rowsOf(h.runtime.storage, 'practice_cards', ['reps', 'lapses', 'state'], { user_id: 'U0AWAY' })).toEqual([
      { reps: 1, lapses: 0, state: 'learning' },
    ]);
    h.clock.now = new Date('2026-12-09T09:00:30Z');
    await h.runtime.tick();
    expect(nudgesTo(h, 'U0AWAY')).toHaveLength(1);
  });

  it('comes back early with `away off`, moving due dates by the days really away', async () => {
    const h = await start({ now: new Date('2026-12-02T06:00:00Z') });
    await missOne(h, 'U0EARLY');
    const [due] = await cardDue(h, 'U0EARLY');
    expect(await command(h, 'U0EARLY', 'practice away 2w')).toContain('Away until');
    h.clock.now = new Date('2026-12-05T06:00:00Z');
    expect(await command(h, 'U0EARLY', 'practice back')).toContain('1 review due while you were away comes back');
    expect(await cardDue(h, 'U0EARLY')).toEqual([new Date(Date.parse(due ?? '') + 3 * DAY).toISOString()]);
    expect(await command(h, 'U0EARLY', 'practice away off')).toContain('You are not away');
  });
});

describe('session size', () => {
  it('is a personal setting: `/aws practice size 3` gives sessions of three', async () => {
    const h = await start();
    expect(await command(h, 'U0SIZE', 'practice size 3')).toContain('sessions are *3* questions');
    expect(await command(h, 'U0SIZE', 'practice')).toContain('3 questions picked for you');
    const question = await waitFor(() => posts(h).find((p) => p.channel === 'D0SIZE'), 5000, 'question');
    expect(JSON.stringify(question.blocks)).toContain('question 1 of 3');
    // Someone else keeps the default.
    expect(await command(h, 'U0OTHER', 'practice')).toContain('5 questions picked for you');
    expect(await command(h, 'U0SIZE', 'practice size 25')).toContain('A session has 1 to 20 questions');
    expect(await command(h, 'U0SIZE', 'practice size default')).toContain('sessions are *5* questions (the default)');
  });

  it('keeps a personal daily review cap within its bounds', async () => {
    const h = await start();
    expect(await command(h, 'U0CAP', 'practice cap 30')).toContain('At most *30* reviews a day');
    expect(await rowsOf(h.runtime.storage, 'practice_settings', ['daily_review_cap'], { user_id: 'U0CAP' })).toEqual([
      { daily_review_cap: 30 },
    ]);
    expect(await command(h, 'U0CAP', 'practice cap 500')).toContain('The daily review cap is 1 to 200');
    expect(await command(h, 'U0CAP', 'practice cap default')).toContain('At most *20* reviews a day (the default)');
  });

  it('follows PRACTICE_SESSION_SIZE for everyone who has not chosen', async () => {
    const h = await start({ env: { PRACTICE_SESSION_SIZE: '8' } });
    expect(await command(h, 'U0ENV', 'practice')).toContain('8 questions picked for you');
  });
});
