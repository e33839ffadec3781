import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness, tempDbPath } from './support/app-harness.ts';
import { countRows, rowsOf } from './support/database.ts';
import { FakeSlack, type FaultResponse } from './support/fake-slack.ts';
import { clickAndWait, command, correctKey, postQuestion } from './support/quiz-driver.ts';

// The weekly recap over signed HTTP and the injected clock: a channel's week of answers, then
// Monday 09:00 in Berlin (08:00 UTC in November), when the scheduler's tick posts last week's recap
// with its chart uploaded through files.uploadV2 into the fake Slack.

const running: Harness[] = [];
const fakes: FakeSlack[] = [];
afterEach(async () => {
  while (running.length) await running.pop()?.stop();
  for (const f of fakes.splice(0)) await f.stop();
});

async function start(o: { dbPath?: string; slack?: FakeSlack; now: string }) {
  const h = await startHarness({
    now: new Date(o.now),
    dbPath: o.dbPath,
    slack: o.slack,
    slackClient: { timeoutMs: 2000, minRetryMs: 10 },
  });
  running.push(h);
  return h;
}

async function sharedSlack(): Promise<FakeSlack> {
  const slack = new FakeSlack();
  await slack.start();
  fakes.push(slack);
  return slack;
}

const MONDAY_0830_BERLIN = '2026-11-23T07:30:00Z';
const MONDAY_0900_BERLIN = '2026-11-23T08:00:00Z';

/** Last week (16–22 Nov) in #C0QUIZ: Monday's question 2 of 3 right, Tuesday's 1 of 2 right. */
async function playLastWeek(h: Harness): Promise<void> {
  h.clock.now = new Date('2026-11-16T08:30:00Z');
  expect((await command(h.url, h.slack, 'quiz here 0 9 * * 1-5 Europe/Berlin')).text).toMatch(/daily quiz runs/);
  const days: [string, Record<string, boolean>][] = [
    ['2026-11-16T08:35:00Z', { U0ANA: true, U0BEN: false, U0CAI: true }],
    ['2026-11-17T08:35:00Z', { U0ANA: true, U0BEN: false }],
  ];
  for (const [at, clicks] of days) {
    h.clock.now = new Date(at);
    const q = await postQuestion(h.url, h.slack);
    const right = await correctKey(h.runtime.storage, q.postId);
    for (const [user, isRight] of Object.entries(clicks)) {
      const button = q.buttons.find((b) => (b.value.split(':')[1] === right) === isRight);
      if (!button) throw new Error('no such button');
      await clickAndWait(h.url, h.slack, user, button);
    }
  }
}

const uploadCalls = (slack: FakeSlack) => ({
  urls: slack.callsOf('files.getUploadURLExternal').length,
  uploads: slack.callsOf('file_upload').length,
  completes: slack.callsOf('files.completeUploadExternal').filter((c) => c.result?.ok === true).length,
});

const recapText = (slack: FakeSlack) =>
  JSON.stringify(slack.callsOf('files.completeUploadExternal').find((c) => c.result?.ok === true)?.args.blocks ?? []);

describe('weekly recap', () => {
  it('posts last week once on Monday at 09:00 in the channel zone, with the chart uploaded', async () => {
    const h = await start({ now: '2026-11-16T08:30:00Z' });
    await playLastWeek(h);

    h.clock.now = new Date(MONDAY_0830_BERLIN);
    await h.runtime.tick();
    expect(uploadCalls(h.slack)).toEqual({ urls: 0, uploads: 0, completes: 0 });

    h.clock.now = new Date(MONDAY_0900_BERLIN);
    await h.runtime.tick();
    expect(uploadCalls(h.slack)).toEqual({ urls: 1, uploads: 1, completes: 1 });

    const [asked] = h.slack.callsOf('files.getUploadURLExternal');
    expect(asked?.args.filename).toBe('recap-2026-11-16.png');
    const [upload] = [...h.slack.uploads.values()];
    const png = upload?.bytes as Buffer;
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 900]);
    expect(png.length).toBe(upload?.length);

    const [complete] = h.slack.callsOf('files.completeUploadExternal');
    expect(complete?.args.channel_id).toBe('C0QUIZ');
    expect(complete?.args.files).toEqual([{ id: upload?.fileId, title: 'Weekly recap, Nov 16 – 22' }]);
    const text = recapText(h.slack);
    expect(text).toContain('Weekly recap — Nov 16 – 22');
    expect(text).toContain('*5 answers* from *3 people*');
    expect(text).toContain('team accuracy *60%*');
    expect(text).toMatch(/first_place_medal: <@U0ANA> — \*2 pts\*/);
    expect(text).toMatch(/second_place_medal: <@U0CAI> — \*1 pt\*/);
    expect(text).not.toMatch(/<@U0BEN> — /);
    // Tuesday's question (1 of 2 right) was harder than Monday's (2 of 3).
    expect(text).toContain('*Hardest question* (1 of 2 got it right)');
    expect(text).toContain(':white_check_mark: Answer: *');
    expect(h.logs.filter((l) => l.includes('"event":"recap.posted"'))).toHaveLength(1);

    // More ticks on the same Monday post nothing more.
    await h.runtime.tick();
    h.clock.now = new Date('2026-11-23T15:00:00Z');
    await h.runtime.tick();
    expect(uploadCalls(h.slack)).toEqual({ urls: 1, uploads: 1, completes: 1 });
    expect(await rowsOf(h.runtime.storage, 'recaps', ['week', 'state', 'attempts', 'file_id'])).toEqual([
      { week: '2026-11-16', state: 'posted', attempts: 1, file_id: upload?.fileId },
    ]);
  });

  it('does not post it again after a restart', async () => {
    const slack = await sharedSlack();
    const dbPath = tempDbPath();
    const first = await start({ dbPath, slack, now: '2026-11-16T08:30:00Z' });
    await playLastWeek(first);
    first.clock.now = new Date(MONDAY_0900_BERLIN);
    await first.runtime.tick();
    expect(uploadCalls(slack).completes).toBe(1);
    await first.stop();
    running.splice(running.indexOf(first), 1);

    const second = await start({ dbPath, slack, now: '2026-11-23T08:05:00Z' });
    await second.runtime.tick();
    await second.runtime.tick();
    expect(uploadCalls(slack)).toEqual({ urls: 1, uploads: 1, completes: 1 });
  });

  it('posts nothing where an admin turned recaps off, and again once they are back on', async () => {
    const h = await start({ now: '2026-11-16T08:30:00Z' });
    await playLastWeek(h);
    expect((await command(h.url, h.slack, 'quiz recap off')).text).toMatch(/weekly recap is off in this channel/);
    expect((await command(h.url, h.slack, 'quiz recap off')).text).toMatch(/already off/);

    h.clock.now = new Date(MONDAY_0900_BERLIN);
    await h.runtime.tick();
    await h.runtime.tick();
    expect(uploadCalls(h.slack)).toEqual({ urls: 0, uploads: 0, completes: 0 });
    expect(await countRows(h.runtime.storage, 'recaps')).toBe(0);

    expect((await command(h.url, h.slack, 'quiz recap on')).text).toMatch(/on again/);
    await h.runtime.tick();
    expect(uploadCalls(h.slack)).toEqual({ urls: 1, uploads: 1, completes: 1 });
  });

  it('lets only admins turn recaps off, before it checks what they typed', async () => {
    const h = await start({ now: MONDAY_0830_BERLIN });
    for (const text of ['quiz recap off', 'quiz recap maybe']) {
      expect((await command(h.url, h.slack, text, { user: 'U0BEN' })).text, text).toMatch(/Only quiz admins/);
    }
    expect((await command(h.url, h.slack, 'quiz recap maybe')).text).toMatch(/Usage: `\/aws quiz recap off`/);
    expect(await countRows(h.runtime.storage, 'recap_settings')).toBe(0);
  });

  it('skips a week without answers: no message', async () => {
    const h = await start({ now: '2026-11-16T08:30:00Z' });
    expect((await command(h.url, h.slack, 'quiz here 0 9 * * 1-5 Europe/Berlin')).text).toMatch(/daily quiz runs/);
    h.clock.now = new Date(MONDAY_0900_BERLIN);
    await h.runtime.tick();
    expect(uploadCalls(h.slack)).toEqual({ urls: 0, uploads: 0, completes: 0 });
    expect(await rowsOf(h.runtime.storage, 'recaps', ['state', 'last_error'])).toEqual([
      { state: 'skipped', last_error: 'no_answers' },
    ]);
  });

  const times = (n: number, f: FaultResponse) => Array.from({ length: n }, () => f);
  it.each([
    ['files.completeUploadExternal', [{ body: { ok: false, error: 'internal_error' } }]],
    // The client tries the upload POST 4 times (1 + 3 retries) before it gives up.
    ['file_upload', times(4, { status: 500, body: { ok: false } })],
  ])('retries after a failed %s and still posts the recap once', async (method, faults) => {
    const h = await start({ now: '2026-11-16T08:30:00Z' });
    await playLastWeek(h);
    h.slack.fail(method, ...faults);

    h.clock.now = new Date(MONDAY_0900_BERLIN);
    await h.runtime.tick();
    expect(uploadCalls(h.slack).completes).toBe(0);
    expect(await rowsOf(h.runtime.storage, 'recaps', ['state', 'attempts'])).toEqual([{ state: 'pending', attempts: 1 }]);
    expect(h.logs.filter((l) => l.includes('"event":"recap.post_failed"'))).toHaveLength(1);

    await h.runtime.tick(); // inside the backoff: no second try yet
    expect(uploadCalls(h.slack).urls).toBe(1);

    h.clock.now = new Date(h.clock.now.getTime() + 61_000);
    await h.runtime.tick();
    await h.runtime.tick();
    // A failed upload POST never reached the fake's store; a refused completion followed a good upload.
    expect(uploadCalls(h.slack)).toEqual({ urls: 2, uploads: method === 'file_upload' ? 1 : 2, completes: 1 });
    expect(recapText(h.slack)).toContain('Weekly recap — Nov 16 – 22');
    expect(await rowsOf(h.runtime.storage, 'recaps', ['state', 'attempts'])).toEqual([{ state: 'posted', attempts: 2 }]);
  });
});
