import { describe, expect, it } from 'vitest';
import { type Harness, harnessPerTest, tempDbPath } from './support/app-harness.ts';
import { countRows, rowsOf, sumOf } from './support/database.ts';
import { FakeSlack } from './support/fake-slack.ts';
import { correctKey } from './support/quiz-driver.ts';
import { clickButton, sendCommand } from './support/slack-requests.ts';
import { waitFor } from './support/wait.ts';

const start = harnessPerTest();

type Button = { action_id: string; value: string; text: { text: string } };
type Blocks = { type: string; elements?: Button[] }[];

function lastPostedQuestion(slack: FakeSlack) {
  const call = slack.callsOf('chat.postMessage').at(-1);
  if (!call) return undefined;
  const blocks = call.args.blocks as Blocks;
  const buttons = blocks.find((b) => b.type === 'actions')?.elements ?? [];
  return { call, buttons, ts: String(call.result?.ts) };
}

function repliesTo(slack: FakeSlack, id: string) {
  return slack.responses
    .filter((r) => r.path === `/response/${id}`)
    .map((r) => r.body as { text: string; blocks: unknown[]; response_type?: string });
}

async function quizNow(h: Harness, user = 'U0ADMIN', channel = 'C0QUIZ') {
  const id = `cmd-${Math.random()}`;
  const res = await sendCommand(h.url, { text: 'quiz now', user, channel, responseUrl: h.slack.responseUrl(id) });
  expect(res.status).toBe(200);
  return waitFor(() => repliesTo(h.slack, id)[0], 15_000, 'quiz now reply');
}

async function click(h: Harness, user: string, button: Button, id = `${user}-${Math.random()}`) {
  const res = await clickButton(h.url, {
    actionId: button.action_id,
    value: button.value,
    user,
    responseUrl: h.slack.responseUrl(id),
  });
  expect(res.status).toBe(200);
  return waitFor(() => repliesTo(h.slack, id)[0], 15_000, `reply to ${user}`);
}

describe('daily quiz end to end', () => {
  it('lets an admin post a question with one button per letter', async () => {
    const h = await start();
    const reply = await quizNow(h);
    expect(reply.text).toMatch(/Posted/);
    const q = lastPostedQuestion(h.slack);
    expect(q?.call.args.channel).toBe('C0QUIZ');
    expect(q?.buttons.map((b) => b.text.text)).toEqual(expect.arrayContaining(['A', 'B']));
    expect(JSON.stringify(q?.call.args.blocks)).toMatch(/your answer is private/);
  });

  it('refuses quiz admin commands to non-admins and does nothing', async () => {
    const h = await start();
    for (const text of ['quiz now', 'quiz here', 'quiz off', 'quiz pause', 'quiz resume', 'quiz status']) {
      const id = `na-${text.replace(/ /g, '-')}`;
      await sendCommand(h.url, { text, user: 'U0BOB', responseUrl: h.slack.responseUrl(id) });
      const reply = await waitFor(() => repliesTo(h.slack, id)[0], 5000, text);
      expect(reply.text, text).toMatch(/Only quiz admins/);
    }
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(0);
    expect(await countRows(h.runtime.storage, 'quiz_channels')).toBe(0);
  });

  it('treats a workspace admin per users.info as an admin', async () => {
    const h = await start();
    h.slack.admins.add('U0WSADMIN');
    const reply = await quizNow(h, 'U0WSADMIN');
    expect(reply.text).toMatch(/Posted/);
  });

  it('grades four people on four letters: exactly one is correct', async () => {
    const h = await start();
    await quizNow(h);
    const q = lastPostedQuestion(h.slack);
    const buttons = (q?.buttons ?? []).slice(0, 4);
    expect(buttons.length).toBeGreaterThanOrEqual(2);
    const replies = await Promise.all(buttons.map((b, i) => click(h, `U0P${i}`, b)));
    const verdicts = replies.map((r) => r.text);
    expect(verdicts.filter((t) => t === '✅ Correct')).toHaveLength(1);
    expect(verdicts.filter((t) => t === '❌ Not quite')).toHaveLength(buttons.length - 1);
    for (const r of replies) expect(r.response_type).toBe('ephemeral');
    expect(JSON.stringify(replies[0]?.blocks)).toMatch(/docs\.aws\.amazon\.com|aws\.amazon\.com/);
    expect(JSON.stringify(replies[0]?.blocks)).toMatch(/Streak/);
  });

  it('refuses a second click: "You already answered", and nothing changes', async () => {
    const h = await start();
    await quizNow(h);
    const [a, b] = lastPostedQuestion(h.slack)?.buttons ?? [];
    if (!a || !b) throw new Error('no buttons');
    await click(h, 'U0CAROL', a);
    const second = await click(h, 'U0CAROL', b);
    expect(second.text).toMatch(/You already answered this one: A\)/);
    const rows = await rowsOf(h.runtime.storage, 'answers', ['choice'], { user_id: 'U0CAROL' });
    expect(rows).toEqual([{ choice: 'a' }]);
  });

  it('answers a tampered button value politely and scores nothing', async () => {
    const h = await start();
    await quizNow(h);
    const [a] = lastPostedQuestion(h.slack)?.buttons ?? [];
    if (!a) throw new Error('no buttons');
    const postId = a.value.split(':')[0];
    for (const [actionId, value] of [
      ['answer_a', `${postId}:z`],
      ['answer_a', '999999:a'],
      ['answer_a', `${postId}:b`], // value and button disagree
      ['answer_a', '{"post":1,"correct":true}'],
      ['answer_a', 'x'.repeat(1900)],
    ] as const) {
      const id = `tamper-${Math.random()}`;
      await clickButton(h.url, { actionId, value, user: 'U0EVE', responseUrl: h.slack.responseUrl(id) });
      const reply = await waitFor(() => repliesTo(h.slack, id)[0], 5000, 'tamper reply');
      expect(reply.text).toMatch(/doesn't match a question/);
    }
    expect(await countRows(h.runtime.storage, 'answers', { user_id: 'U0EVE' })).toBe(0);
  });

  it('does not accept a button of one workspace in another', async () => {
    const h = await start();
    await quizNow(h);
    const [a] = lastPostedQuestion(h.slack)?.buttons ?? [];
    if (!a) throw new Error('no buttons');
    const id = 'other-team';
    await clickButton(h.url, {
      actionId: a.action_id,
      value: a.value,
      user: 'U0MALLORY',
      team: 'T0OTHER',
      responseUrl: h.slack.responseUrl(id),
    });
    const reply = await waitFor(() => repliesTo(h.slack, id)[0]);
    expect(reply.text).toMatch(/doesn't match a question/);
  });

  it('ranks the right person first on the leaderboard and keeps streaks across a restart', async () => {
    const dbPath = tempDbPath();
    const slack = new FakeSlack();
    await slack.start();
    const h = await start({ dbPath, slack });
    for (let round = 0; round < 2; round++) {
      await quizNow(h);
      const q = lastPostedQuestion(h.slack);
      const postId = Number(q?.buttons[0]?.value.split(':')[0]);
      const correct = await correctKey(h.runtime.storage, postId);
      const right = q?.buttons.find((b) => b.action_id === `answer_${correct}`);
      const wrong = q?.buttons.find((b) => b.action_id !== `answer_${correct}`);
      if (!right || !wrong) throw new Error('no buttons');
      await click(h, 'U0WINNER', right);
      await click(h, 'U0LOSER', wrong);
    }
    const board = (await sendCommand(h.url, { text: 'leaderboard' })).json as { blocks: unknown[] };
    const text = JSON.stringify(board.blocks);
    expect(text.indexOf('<@U0WINNER>')).toBeGreaterThan(-1);
    expect(text).not.toContain('<@U0LOSER>'); // no points, no place
    expect(text).toMatch(/first_place_medal:\s*<@U0WINNER> — \*2\* pts/);

    const before = (await sendCommand(h.url, { text: 'streak', user: 'U0WINNER' })).json as { text: string };
    expect(before.text).toMatch(/^Streak 2 \(best 2\) · 2 points/);
    await h.stop();

    const again = await start({ dbPath, slack });
    const after = (await sendCommand(again.url, { text: 'me', user: 'U0WINNER' })).json as { text: string };
    expect(after.text).toBe(before.text);
    await slack.stop();
  });

  it('counts 50 simultaneous clicks by different people exactly once each', async () => {
    // A 1 s coalescing window keeps the update count independent of how loaded the machine is.
    const h = await start({ countUpdateMs: 1000 });
    await quizNow(h);
    const [a] = lastPostedQuestion(h.slack)?.buttons ?? [];
    if (!a) throw new Error('no buttons');
    const users = Array.from({ length: 50 }, (_, i) => `U0CROWD${i}`);
    const replies = await Promise.all(users.map((u) => click(h, u, a)));
    expect(replies).toHaveLength(50);
    const postId = Number(a.value.split(':')[0]);
    expect(await countRows(h.runtime.storage, 'answers', { post_id: postId })).toBe(50);
    expect(await sumOf(h.runtime.storage, 'posts', 'answer_count', { id: postId })).toBe(50);
    // The live count coalesces the burst into few message updates.
    const update = await waitFor(() =>
      h.slack.callsOf('chat.update').find((c) => JSON.stringify(c.args.blocks).includes('50 answers so far')),
    );
    expect(update).toBeDefined();
    expect(h.slack.callsOf('chat.update').length).toBeLessThan(10);
  });

  it('reveals the previous question when the next one posts, and closes late clicks politely', async () => {
    const h = await start();
    await quizNow(h);
    const first = lastPostedQuestion(h.slack);
    const [a] = first?.buttons ?? [];
    if (!a || !first) throw new Error('no buttons');
    await click(h, 'U0EARLY', a);
    await quizNow(h);
    const reveal = await waitFor(() =>
      h.slack.callsOf('chat.update').find((c) => c.args.ts === first.ts && JSON.stringify(c.args.blocks).includes('Answer:')),
    );
    const blocks = reveal.args.blocks as Blocks;
    expect(blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(JSON.stringify(blocks)).toMatch(/1 person answered/);
    const late = await click(h, 'U0LATE', a);
    expect(late.text).toMatch(/closed/);
  });
});
