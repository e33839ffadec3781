/** Practice end to end over signed HTTP: a session in the DM, graded privately, Next, tampering, the App Home. */
import { describe, expect, it } from 'vitest';
import { loadBank } from '../src/content/load.ts';
import { harnessPerTest } from './support/app-harness.ts';
import { clickAndWait, postQuestion, repliesTo, uniqueId } from './support/quiz-driver.ts';
import { actionBody, postSigned, sendCommand } from './support/slack-requests.ts';
import { waitFor } from './support/wait.ts';

const start = harnessPerTest();
const bank = loadBank();

type Element = { type: string; action_id: string; value?: string };
type PostCall = { channel: string; blocks: { type: string; block_id?: string; elements?: Element[] }[] };

/** The answer controls that carry a value: letter buttons, or the Submit of a choose-two question. */
function practiceButtons(call: PostCall): Element[] {
  return (call.blocks.find((b) => b.block_id === 'practice')?.elements ?? []).filter((e) => typeof e.value === 'string');
}

describe('practice', () => {
  it('runs a private session in the DM: graded with the next review, Next gives a different question, tampering scores nothing', async () => {
    const h = await start();
    /** A click in the DM as U0PAT; returns the id its private reply goes to. */
    const clickInDm = async (actionId: string, value: string, prefix = 'click') => {
      const replyId = uniqueId(prefix);
      const res = await postSigned(
        h.url,
        actionBody({ actionId, value, user: 'U0PAT', channel: 'D0PAT', responseUrl: h.slack.responseUrl(replyId) }),
      );
      expect(res.status).toBe(200);
      return replyId;
    };
    const id = uniqueId('practice');
    const res = await sendCommand(h.url, { text: 'practice lambda', user: 'U0PAT', responseUrl: h.slack.responseUrl(id) });
    expect(res.status).toBe(200);
    const reply = await waitFor(() => repliesTo(h.slack, id)[0], 5000, 'practice reply');
    expect(reply.text).toMatch(/direct messages/);
    expect(h.slack.callsOf('conversations.open')[0]?.args.users).toBe('U0PAT');

    const first = await waitFor(() => h.slack.callsOf('chat.postMessage').at(-1)?.args as PostCall | undefined, 5000, 'question');
    expect(first.channel).toBe('D0PAT');
    const buttons = practiceButtons(first);
    expect(buttons.length).toBeGreaterThanOrEqual(1);
    const [sessionId, questionId] = (buttons[0]?.value ?? '').split(':');
    const question = bank.questionById.get(questionId ?? '');
    expect(question?.topic).toBe('lambda');
    if (!question) throw new Error('no question');

    // A forged value (another question id) scores nothing and says so.
    const forgedId = await clickInDm('practice_answer_a', `${sessionId}:lambda-not-this-one:a`, 'forged');
    expect((await waitFor(() => repliesTo(h.slack, forgedId)[0], 5000, 'forged')).text).toMatch(/nothing was scored/);

    // A wrong answer: verdict first, the why of the pick, and when it comes back.
    const wrong = question.choices.find((c) => c.key !== question.answer)?.key ?? 'a';
    const clickId = await clickInDm(`practice_answer_${wrong}`, `${sessionId}:${question.id}:${wrong}`, 'click');
    const feedback = await waitFor(() => repliesTo(h.slack, clickId)[0], 5000, 'feedback');
    expect(feedback.text).toBe('❌ Not quite');
    expect(feedback.replace_original).toBe(true);
    const text = JSON.stringify(feedback.blocks);
    expect(text).toContain(`Why not ${wrong.toUpperCase()}:`);
    expect(text).toMatch(/comes back \*(again today|again tomorrow|in \d+ (days|weeks?))\*/);
    const next = (feedback.blocks as { block_id?: string; elements?: Element[] }[]).find((b) => b.block_id === 'practice_next')
      ?.elements?.[0];
    expect(next?.action_id).toBe('practice_next');

    // The same click again is stored once.
    const againId = await clickInDm(`practice_answer_${wrong}`, `${sessionId}:${question.id}:${wrong}`, 'again');
    expect((await waitFor(() => repliesTo(h.slack, againId)[0], 5000, 'again')).text).toMatch(
      /already answered|nothing was scored/,
    );

    // Next: a different question, in the DM.
    const posts = h.slack.callsOf('chat.postMessage').length;
    await postSigned(
      h.url,
      actionBody({
        actionId: 'practice_next',
        value: next?.value ?? '',
        user: 'U0PAT',
        channel: 'D0PAT',
        responseUrl: h.slack.responseUrl(uniqueId('next')),
      }),
    );
    const second = await waitFor(
      () =>
        h.slack.callsOf('chat.postMessage').length > posts
          ? (h.slack.callsOf('chat.postMessage').at(-1)?.args as PostCall)
          : undefined,
      5000,
      'next question',
    );
    const secondId = (practiceButtons(second)[0]?.value ?? '').split(':')[1];
    expect(secondId).toBeTruthy();
    expect(secondId).not.toBe(question.id);

    // The App Home shows the practice: due counts and accuracy by topic.
    await postSigned(
      h.url,
      JSON.stringify({
        type: 'event_callback',
        team_id: 'T0TEST',
        event_id: uniqueId('Ev'),
        event: { type: 'app_home_opened', user: 'U0PAT', channel: 'D0PAT', tab: 'home' },
      }),
      { contentType: 'application/json' },
    );
    const home = await waitFor(() => h.slack.callsOf('views.publish').at(-1), 5000, 'home');
    const view = JSON.stringify(home.args.view);
    expect(view).toContain('Your practice');
    expect(view).toMatch(/reviews due today/);
    expect(view).toContain('`lambda` 0% of 1');
    expect(view).toContain('practice_start');

    // /aws streak carries the practice line.
    const streak = (await sendCommand(h.url, { text: 'streak', user: 'U0PAT' })).json as { blocks: unknown[] };
    expect(JSON.stringify(streak.blocks)).toMatch(/Practice: \*\d+\* reviews due today/);
  });

  it("counts the daily answer once as the person's review of that question", async () => {
    const h = await start();
    const q = await postQuestion(h.url, h.slack);
    const button = q.buttons[0];
    if (!button) throw new Error('no button');
    await clickAndWait(h.url, h.slack, 'U0DAY', button);
    await clickAndWait(h.url, h.slack, 'U0DAY', button);
    const topic = JSON.stringify(q.call.args.blocks).match(/AWS question of the day\* · ([^"\\]+)/)?.[1];
    expect(topic).toBeTruthy();
    const openHome = () =>
      postSigned(
        h.url,
        JSON.stringify({
          type: 'event_callback',
          team_id: 'T0TEST',
          event_id: uniqueId('Ev'),
          event: { type: 'app_home_opened', user: 'U0DAY', channel: 'D0DAY', tab: 'home' },
        }),
        { contentType: 'application/json' },
      );
    await openHome();
    const first = await waitFor(() => h.slack.callsOf('views.publish').at(-1), 5000, 'home');
    expect(JSON.stringify(first.args.view)).toMatch(/% of 1\b/);
    await openHome();
    await waitFor(() => h.slack.callsOf('views.publish').length === 2, 5000, 'second home');
    expect(JSON.stringify(h.slack.callsOf('views.publish')[1]?.args.view)).toMatch(/% of 1\b/);
  });

  it('asks before deleting a practice history', async () => {
    const h = await start();
    const ask = (await sendCommand(h.url, { text: 'practice reset', user: 'U0PAT' })).json as { blocks: unknown[] };
    expect(JSON.stringify(ask.blocks)).toContain('practice_reset_confirm');
    const id = uniqueId('reset');
    await postSigned(
      h.url,
      actionBody({ actionId: 'practice_reset_confirm', value: 'reset', user: 'U0PAT', responseUrl: h.slack.responseUrl(id) }),
    );
    expect((await waitFor(() => repliesTo(h.slack, id)[0], 5000, 'reset')).text).toMatch(/practice history is deleted/);
  });

  it('says which topics exist when the topic is unknown', async () => {
    const h = await start();
    const id = uniqueId('unknown');
    await sendCommand(h.url, { text: 'practice cobol', user: 'U0PAT', responseUrl: h.slack.responseUrl(id) });
    expect((await waitFor(() => repliesTo(h.slack, id)[0], 5000, 'unknown')).text).toMatch(/no topic `cobol`/);
    expect(h.slack.callsOf('conversations.open')).toEqual([]);
  });
});
