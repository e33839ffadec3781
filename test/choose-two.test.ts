/** A "choose two" daily question end to end: checkboxes and Submit, graded all-or-nothing, why lines. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { harnessPerTest } from './support/app-harness.ts';
import { databaseSnapshot } from './support/database.ts';

/** The replay guard's rows are the gate's record of admitted requests, not the app's data. */
const ADMITTED_ONLY = { except: ['replay_guard'] };

import { command, repliesTo, uniqueId } from './support/quiz-driver.ts';
import { actionBody, postSigned } from './support/slack-requests.ts';
import { waitFor } from './support/wait.ts';

const start = harnessPerTest();

const TOPIC = `topic: sqs
title: Amazon SQS
cards:
  - id: sqs-card
    title: SQS partial batch responses
    keywords: [sqs, batch]
    body: Report failed items only.
    source: https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
questions:
  - id: sqs-partial-batch-two
    difficulty: 2
    prompt: Which TWO settings let a Lambda SQS consumer retry only the failed messages of a batch?
    choices: { a: ReportBatchItemFailures on the event source mapping, b: A larger batch size, c: Returning batchItemFailures from the handler, d: Reserved concurrency of 1 }
    answer: [a, c]
    explanation: With ReportBatchItemFailures turned on, the handler returns the ids of the failed messages and only those return to the queue.
    why:
      b: A larger batch changes how many messages arrive at once, not which are retried.
      d: Concurrency limits how many batches run at once; a failed batch is still retried whole.
    exams: [DVA-C02/1]
    verified: 2026-12-01
    source: https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
`;

function questionsDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-choose-two-'));
  fs.writeFileSync(path.join(dir, 'sqs.yml'), TOPIC);
  return dir;
}

type Element = { type: string; action_id: string; value?: string; options?: { value: string }[] };

/** A click on the Submit button (or a tick of the checkboxes), with the boxes ticked as `picked`. */
function submitBody(o: { actionId: string; value?: string; picked: string[]; user: string; responseUrl: string }): string {
  const base = JSON.parse(
    new URLSearchParams(actionBody({ actionId: o.actionId, value: o.value ?? '', user: o.user, responseUrl: o.responseUrl })).get(
      'payload',
    ) ?? '{}',
  );
  const selected = o.picked.map((k) => ({ text: { type: 'plain_text', text: k.toUpperCase() }, value: k }));
  base.state = { values: { answer: { answer_pick: { type: 'checkboxes', selected_options: selected } } } };
  if (o.actionId === 'answer_pick')
    base.actions[0] = { type: 'checkboxes', action_id: 'answer_pick', block_id: 'answer', selected_options: selected };
  return new URLSearchParams({ payload: JSON.stringify(base) }).toString();
}

describe('a choose-two daily question', () => {
  it('posts checkboxes and Submit, grades all-or-nothing, and says why a wrong pick is wrong', async () => {
    const h = await start({ questionsDir: questionsDir() });
    const reply = await command(h.url, h.slack, 'quiz now');
    expect(reply.text).toMatch(/Posted/);
    const call = await waitFor(() => h.slack.callsOf('chat.postMessage').at(-1), 5000, 'the post');
    const actions = (call.args.blocks as { type: string; elements?: Element[] }[]).find((b) => b.type === 'actions');
    const [boxes, submit] = actions?.elements ?? [];
    expect(boxes?.type).toBe('checkboxes');
    expect(boxes?.options?.map((o) => o.value)).toEqual(['a', 'b', 'c', 'd']);
    expect(submit).toMatchObject({ type: 'button', action_id: 'answer_submit' });
    expect(JSON.stringify(call.args.blocks)).toMatch(/choose 2, then Submit/);
    const value = submit?.value ?? '';

    const send = async (user: string, actionId: string, picked: string[], v = value) => {
      const id = uniqueId(user);
      const res = await postSigned(h.url, submitBody({ actionId, value: v, picked, user, responseUrl: h.slack.responseUrl(id) }));
      expect(res.status).toBe(200);
      return id;
    };

    // Ticking a box is only a tick: acknowledged, nothing recorded, no reply.
    const before = await databaseSnapshot(h.runtime.storage, ADMITTED_ONLY);
    const tick = await send('U0ALICE', 'answer_pick', ['a']);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(repliesTo(h.slack, tick)).toEqual([]);
    expect(await databaseSnapshot(h.runtime.storage, ADMITTED_ONLY)).toEqual(before);

    // Submit with nothing or one box ticked: a hint, nothing recorded.
    for (const picked of [[], ['a']]) {
      const early = await send('U0ALICE', 'answer_submit', picked);
      const hint = await waitFor(() => repliesTo(h.slack, early)[0], 5000, 'hint');
      expect(hint.text).toMatch(/asks for more than one choice/);
    }
    expect(await databaseSnapshot(h.runtime.storage, ADMITTED_ONLY)).toEqual(before);

    const right = await send('U0ALICE', 'answer_submit', ['c', 'a']);
    expect((await waitFor(() => repliesTo(h.slack, right)[0], 5000, 'right')).text).toBe('✅ Correct');

    const half = await send('U0BOB', 'answer_submit', ['a', 'b']);
    const wrong = await waitFor(() => repliesTo(h.slack, half)[0], 5000, 'wrong');
    expect(wrong.text).toBe('❌ Not quite');
    const wrongText = JSON.stringify(wrong.blocks);
    expect(wrongText).toContain('the answer is A + C');
    expect(wrongText).toContain('Why not B:');
    expect(wrongText).toContain('A larger batch changes how many messages arrive');

    const again = await send('U0BOB', 'answer_submit', ['a', 'c']);
    expect((await waitFor(() => repliesTo(h.slack, again)[0], 5000, 'again')).text).toMatch(/already answered/);

    // A single-choice value on the Submit button, or a letter button on a choose-two post, scores nothing.
    const postId = value.split(':')[0];
    const forged = await send('U0CAROL', 'answer_submit', ['a', 'c'], `${postId}:a`);
    expect((await waitFor(() => repliesTo(h.slack, forged)[0], 5000, 'forged')).text).toMatch(/doesn't match a question/);
    const letter = await send('U0CAROL', 'answer_a', [], `${postId}:a`);
    expect((await waitFor(() => repliesTo(h.slack, letter)[0], 5000, 'letter')).text).toMatch(/doesn't match a question/);

    const rows = (await databaseSnapshot(h.runtime.storage)).answers ?? [];
    expect(
      rows
        .map((r) => JSON.parse(r))
        .map((r: { user_id: string; choice: string; is_correct: number }) => [r.user_id, r.choice, r.is_correct])
        .sort(),
    ).toEqual([
      ['U0ALICE', 'a,c', 1],
      ['U0BOB', 'a,b', 0],
    ]);
  });
});
