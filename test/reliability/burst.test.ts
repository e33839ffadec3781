import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/app-harness.ts';
import { countRows, rowsOf, sumOf } from '../support/database.ts';
import { click, consistencyProblems, correctKey, postQuestion, repliesTo } from '../support/quiz-driver.ts';
import { waitFor } from '../support/wait.ts';

// 200 people click the same question within one second: each is graded exactly once, each gets
// one private reply, and every counter in the database equals the clicks.

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const PEOPLE = 200;

describe('a burst of clicks on one question', () => {
  it('grades 200 people clicking within one second exactly once each, and a second burst of repeats changes nothing', async () => {
    h = await startHarness();
    const harness = h;
    const q = await postQuestion(harness.url, harness.slack);
    const key = await correctKey(harness.runtime.storage, q.postId);
    const users = Array.from({ length: PEOPLE }, (_, i) => `U0BURST${String(i).padStart(3, '0')}`);
    // Spread the people over the buttons so right and wrong answers interleave.
    const pick = (i: number) => q.buttons[i % q.buttons.length] ?? q.buttons[0];
    const expectedCorrect = users.filter((_, i) => pick(i)?.action_id === `answer_${key}`).length;

    const started = Date.now();
    const first = await Promise.all(
      users.map((u, i) => {
        const b = pick(i);
        if (!b) throw new Error('no button');
        return click(harness.url, harness.slack, u, b);
      }),
    );
    // All 200 requests leave at once; on 2 cores the whole round trip takes 1-2 s.
    expect(Date.now() - started).toBeLessThan(5000);
    expect(first.map((r) => r.status)).toEqual(users.map(() => 200));

    const replies = await waitFor(
      () => {
        const all = first.map((r) => repliesTo(harness.slack, r.replyId));
        return all.every((r) => r.length > 0) ? all : undefined;
      },
      15_000,
      'a reply for every click',
    );
    expect(replies.every((r) => r.length === 1)).toBe(true);
    const verdicts = replies.map((r) => r[0]?.text);
    expect(verdicts.filter((t) => t === '✅ Correct')).toHaveLength(expectedCorrect);
    expect(verdicts.filter((t) => t === '❌ Not quite')).toHaveLength(PEOPLE - expectedCorrect);

    // Everyone clicks again, on another letter, all at once.
    const again = await Promise.all(
      users.map((u, i) => {
        const b = pick(i + 1);
        if (!b) throw new Error('no button');
        return click(harness.url, harness.slack, u, b);
      }),
    );
    expect(again.every((r) => r.status === 200)).toBe(true);
    const repeats = await waitFor(
      () => {
        const all = again.map((r) => repliesTo(harness.slack, r.replyId)[0]);
        return all.every(Boolean) ? all : undefined;
      },
      15_000,
      'a reply for every repeat',
    );
    expect(repeats.every((r) => /You already answered/.test(r?.text ?? ''))).toBe(true);

    expect(await countRows(h.runtime.storage, 'answers', { post_id: q.postId })).toBe(PEOPLE);
    expect(
      new Set(
        (await rowsOf<{ user_id: string }>(h.runtime.storage, 'answers', ['user_id'], { post_id: q.postId })).map(
          (r) => r.user_id,
        ),
      ).size,
    ).toBe(PEOPLE);
    expect(await sumOf(h.runtime.storage, 'posts', 'answer_count', { id: q.postId })).toBe(PEOPLE);
    expect(await sumOf(h.runtime.storage, 'posts', 'correct_count', { id: q.postId })).toBe(expectedCorrect);
    expect(await sumOf(h.runtime.storage, 'user_stats', 'answers')).toBe(PEOPLE);
    expect(await sumOf(h.runtime.storage, 'user_stats', 'points')).toBe(expectedCorrect);
    expect(await consistencyProblems(harness.runtime.storage)).toEqual([]);
    expect(harness.logs.filter((l) => l.includes('"event":"answer.failed"'))).toEqual([]);

    // The live count settles on the true number, through few message updates.
    await waitFor(() =>
      harness.slack.callsOf('chat.update').some((c) => JSON.stringify(c.args.blocks).includes(`${PEOPLE} answers so far`)),
    );
    expect(harness.slack.callsOf('chat.update').length).toBeLessThan(20);
  });
});
