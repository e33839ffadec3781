import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/app-harness.ts';
import { countRows, rowsOf, sumOf } from '../support/database.ts';
import type { FaultResponse } from '../support/fake-slack.ts';
import { click, command, consistencyProblems, correctKey, postQuestion, repliesTo, uniqueId } from '../support/quiz-driver.ts';
import { clickButton, sendCommand } from '../support/slack-requests.ts';
import { waitFor } from '../support/wait.ts';

// Slack's Web API and response_url misbehave (429 with Retry-After, 500, timeouts, ok:false); the
// fake plays each fault. A question still appears exactly once, feedback still reaches the person
// or the failure is logged, and nothing in the database is left half-done.

const harnesses: Harness[] = [];
async function start() {
  // 400 ms per attempt instead of 10 s, and short waits between the client's 3 retries.
  const h = await startHarness({ now: new Date('2026-11-23T10:00:00Z'), slackClient: { timeoutMs: 400, minRetryMs: 10 } });
  harnesses.push(h);
  return h;
}
afterEach(async () => {
  while (harnesses.length) await harnesses.pop()?.stop();
});

const later = (h: Harness, ms: number) => {
  h.clock.now = new Date(h.clock.now.getTime() + ms);
};
const logged = (h: Harness, event: string) => h.logs.filter((l) => l.includes(`"event":"${event}"`));

type PostRow = { id: number; state: string; question_id: string; message_ts: string | null; last_error: string | null };
const posts = async (h: Harness) =>
  await rowsOf<PostRow>(h.runtime.storage, 'posts', ['id', 'state', 'question_id', 'message_ts', 'last_error']);

/** The client tries 4 times (1 + 3 retries) before it gives up on a 500 or a timeout. */
const times = (n: number, f: FaultResponse) => Array.from({ length: n }, () => f);

describe('chat.postMessage faults', () => {
  it.each([
    ['HTTP 500 on every attempt', times(4, { status: 500, body: { ok: false, error: 'internal_error' } })],
    ['a timeout on every attempt', times(4, { delayMs: 1500, body: { ok: true, ts: 'late' } })],
    ['ok:false from Slack', [{ body: { ok: false, error: 'fatal_error' } }]],
  ])('keeps the question pending through %s, then posts it exactly once', async (_name, faults) => {
    const h = await start();
    h.slack.fail('chat.postMessage', ...faults);
    const reply = await command(h.url, h.slack, 'quiz now');
    expect(reply.text).toMatch(/Slack did not accept the question|I'll keep retrying/);
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(0);
    const [pending] = await posts(h);
    expect(pending).toMatchObject({ state: 'pending', message_ts: null });
    expect(pending?.last_error).toBeTruthy();
    expect(logged(h, 'quiz.post_failed')).toHaveLength(1);

    await h.runtime.tick(); // still inside the backoff: no second try yet
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(0);
    later(h, 31_000);
    await h.runtime.tick();
    later(h, 10 * 60_000);
    await h.runtime.tick();

    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(1);
    const after = await posts(h);
    expect(after).toHaveLength(1);
    // The same question, not a new choice: the pending row was retried, not replaced.
    expect(after[0]).toMatchObject({ id: pending?.id, state: 'posted', question_id: pending?.question_id, last_error: null });
  });

  it('posts once through a 429 with Retry-After on the scheduled question', async () => {
    const h = await start();
    await command(h.url, h.slack, 'quiz here 0 11 * * * UTC');
    h.slack.fail('chat.postMessage', { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } });
    later(h, 60 * 60_000);
    await h.runtime.tick();
    expect(h.slack.callsOf('chat.postMessage#fault')).toHaveLength(1);
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(1);
    expect((await posts(h)).map((p) => p.state)).toEqual(['posted']);
  });
});

describe('chat.update faults', () => {
  async function answeredQuestion(h: Harness) {
    const q = await postQuestion(h.url, h.slack);
    const button = q.buttons[0];
    if (!button) throw new Error('no button');
    const { replyId } = await click(h.url, h.slack, 'U0EARLY', button);
    await waitFor(() => repliesTo(h.slack, replyId)[0]);
    // Let the live-count update (also chat.update) happen before faults are queued.
    await waitFor(() => h.slack.callsOf('chat.update').some((c) => JSON.stringify(c.args.blocks).includes('1 answer so far')));
    return q;
  }

  it('closes the question even when the reveal cannot be shown, and shows it on the next tick', async () => {
    const h = await start();
    const q = await answeredQuestion(h);
    // A tick tries the reveal and, when that fails, once more at its end: 2 × 4 attempts.
    h.slack.fail('chat.update', ...times(8, { status: 500 }));
    later(h, 9 * 3600_000);
    await h.runtime.tick();
    expect((await posts(h))[0]).toMatchObject({ state: 'revealed', last_error: 'reveal_update_failed' });
    expect(logged(h, 'quiz.reveal_failed')).toHaveLength(2);

    const late = await click(h.url, h.slack, 'U0LATE', q.buttons[1] ?? { action_id: 'answer_b', value: `${q.postId}:b` });
    expect((await waitFor(() => repliesTo(h.slack, late.replyId)[0])).text).toMatch(/closed/);
    expect(await countRows(h.runtime.storage, 'answers', { user_id: 'U0LATE' })).toBe(0);

    await h.runtime.tick();
    const reveals = h.slack.callsOf('chat.update').filter((c) => JSON.stringify(c.args.blocks).includes('Answer:'));
    expect(reveals).toHaveLength(1);
    expect(reveals[0]?.args.ts).toBe(q.ts);
    expect((await posts(h))[0]).toMatchObject({ state: 'revealed', last_error: null });
    await h.runtime.tick();
    expect(h.slack.callsOf('chat.update').filter((c) => JSON.stringify(c.args.blocks).includes('Answer:'))).toHaveLength(1);
  });

  it('waits out a 429 with Retry-After on the reveal and shows it once', async () => {
    const h = await start();
    await answeredQuestion(h);
    h.slack.fail('chat.update', { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } });
    later(h, 9 * 3600_000);
    await h.runtime.tick();
    expect(h.slack.callsOf('chat.update#fault')).toHaveLength(1);
    expect(h.slack.callsOf('chat.update').filter((c) => JSON.stringify(c.args.blocks).includes('Answer:'))).toHaveLength(1);
    expect((await posts(h))[0]).toMatchObject({ state: 'revealed', last_error: null });
  });

  it('logs a live-count update Slack refuses and keeps the answers', async () => {
    const h = await start();
    const q = await postQuestion(h.url, h.slack);
    h.slack.fail('chat.update', { body: { ok: false, error: 'message_not_found' } });
    const button = q.buttons[0];
    if (!button) throw new Error('no button');
    const { replyId } = await click(h.url, h.slack, 'U0ONE', button);
    await waitFor(() => repliesTo(h.slack, replyId)[0]);
    const warning = await waitFor(() => logged(h, 'quiz.count_update_failed')[0]);
    expect(warning).toContain('message_not_found');
    expect(await sumOf(h.runtime.storage, 'posts', 'answer_count')).toBe(1);
    expect(await consistencyProblems(h.runtime.storage)).toEqual([]);
  });
});

describe('private reply faults', () => {
  async function clickOnce(h: Harness, user: string, faults: () => void) {
    const q = await postQuestion(h.url, h.slack);
    faults();
    const key = await correctKey(h.runtime.storage, q.postId);
    const right = q.buttons.find((b) => b.action_id === `answer_${key}`);
    if (!right) throw new Error('no right button');
    const replyId = uniqueId(user);
    const res = await clickButton(h.url, {
      actionId: right.action_id,
      value: right.value,
      user,
      responseUrl: h.slack.responseUrl(replyId),
    });
    expect(res.status).toBe(200);
    return { q, replyId };
  }

  async function expectStored(h: Harness, user: string) {
    expect(await countRows(h.runtime.storage, 'answers', { user_id: user })).toBe(1);
    expect((await rowsOf(h.runtime.storage, 'user_stats', ['answers', 'points'], { user_id: user }))[0]).toEqual({
      answers: 1,
      points: 1,
    });
    expect(await consistencyProblems(h.runtime.storage)).toEqual([]);
  }

  it.each([
    ['answers 500', { status: 500 }],
    ['answers 404 (expired)', { status: 404, body: 'expired_url' }],
    ['hangs beyond the timeout', { delayMs: 20_000 }],
  ])('falls back to chat.postEphemeral when response_url %s', async (_name, fault) => {
    const h = await start();
    let started = 0;
    const { replyId } = await clickOnce(h, 'U0FALLBACK', () => {
      h.slack.fail('response_url', fault);
      started = Date.now();
    });
    const ephemeral = await waitFor(() => h.slack.callsOf('chat.postEphemeral')[0], 3000, 'chat.postEphemeral');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(ephemeral.args).toMatchObject({ channel: 'C0QUIZ', user: 'U0FALLBACK', text: '✅ Correct' });
    expect(JSON.stringify(ephemeral.args.blocks)).toMatch(/Streak/);
    expect(repliesTo(h.slack, replyId)).toHaveLength(0);
    expect(h.slack.callsOf('chat.postEphemeral')).toHaveLength(1);
    expect(logged(h, 'answer.reply_failed')[0]).toContain('"via":"response_url"');
    await expectStored(h, 'U0FALLBACK');
  });

  it('delivers the fallback through a 429 with Retry-After, once', async () => {
    const h = await start();
    await clickOnce(h, 'U0PATIENT', () => {
      h.slack.fail('response_url', { status: 500 });
      h.slack.fail('chat.postEphemeral', {
        status: 429,
        headers: { 'retry-after': '1' },
        body: { ok: false, error: 'ratelimited' },
      });
    });
    await waitFor(() => h.slack.callsOf('chat.postEphemeral')[0], 5000, 'chat.postEphemeral');
    expect(h.slack.callsOf('chat.postEphemeral#fault')).toHaveLength(1);
    expect(h.slack.callsOf('chat.postEphemeral')).toHaveLength(1);
    await expectStored(h, 'U0PATIENT');
  });

  it.each([
    ['ok:false', [{ body: { ok: false, error: 'user_not_in_channel' } }]],
    ['HTTP 500 on every attempt', times(4, { status: 500 })],
  ])('logs a reply nobody could deliver (postEphemeral %s) and keeps the answer', async (_name, faults) => {
    const h = await start();
    await clickOnce(h, 'U0UNLUCKY', () => {
      h.slack.fail('response_url', { status: 500 });
      h.slack.fail('chat.postEphemeral', ...faults);
    });
    const line = await waitFor(() => logged(h, 'answer.reply_failed').find((l) => l.includes('chat.postEphemeral')));
    expect(line).toContain('"level":"error"');
    expect(line).toContain('"user":"U0UNLUCKY"');
    expect(line).toContain('"channel":"C0QUIZ"');
    await expectStored(h, 'U0UNLUCKY');
  });
});

describe('command faults', () => {
  it('does the admin command and logs it when its reply cannot be delivered', async () => {
    const h = await start();
    h.slack.fail('response_url', { status: 500 });
    const res = await sendCommand(h.url, {
      text: 'quiz here 0 9 * * 1-5 UTC',
      user: 'U0ADMIN',
      responseUrl: h.slack.responseUrl(uniqueId('lost')),
    });
    expect(res.status).toBe(200);
    await waitFor(() => logged(h, 'command.reply_failed')[0]);
    expect(await countRows(h.runtime.storage, 'quiz_channels', { state: 'active' })).toBe(1);
  });

  it('refuses politely, and changes nothing, when users.info fails for a possible admin', async () => {
    const h = await start();
    h.slack.fail('users.info', ...times(4, { status: 500 }));
    const reply = await command(h.url, h.slack, 'quiz now', { user: 'U0MAYBE' });
    expect(reply.text).toMatch(/Something went wrong/);
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(0);
    expect(await countRows(h.runtime.storage, 'posts')).toBe(0);
    expect(logged(h, 'command.failed')).toHaveLength(1);
  });
});
