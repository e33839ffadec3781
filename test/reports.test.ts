/**
 * "Report a problem" end to end over signed HTTP: the button on the feedback, reveal and practice,
 * the modal it opens, the submission stored once and acknowledged privately, the reports channel,
 * forged ids, and a question held out of the rotation until `cli reports resolve`.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadBank } from '../src/content/load.ts';
import { nextQuestionFor } from '../src/quiz/choose.ts';
import { type Harness, harnessPerTest, tempDbPath } from './support/app-harness.ts';
import { countRows, rowsOf } from './support/database.ts';
import { type Button, click, clickAndWait, command, postQuestion, repliesTo, uniqueId } from './support/quiz-driver.ts';
import { actionBody, postSigned } from './support/slack-requests.ts';
import { waitFor } from './support/wait.ts';

const start = harnessPerTest();
const bank = loadBank();
const REPORTS = 'C0REPORTS';

type Element = { type: string; action_id: string; value?: string };
type Block = { type: string; block_id?: string; elements?: Element[]; accessory?: Element };
type ModalView = {
  type: string;
  callback_id: string;
  private_metadata: string;
  blocks: { type: string; block_id?: string; element?: { type: string; options?: unknown[]; max_length?: number } }[];
};

/** The "Report a problem" button of a message, wherever it sits (an actions block or a section's accessory). */
function reportButtonOf(blocks: unknown[] | undefined): Element | undefined {
  for (const b of (blocks ?? []) as Block[]) {
    if (b.accessory?.action_id === 'report_problem') return b.accessory;
    const found = b.elements?.find((e) => e.action_id === 'report_problem');
    if (found) return found;
  }
  return undefined;
}

/** Clicks Report a problem as `user`; returns the modal views.open was called with, and the click's reply id. */
async function openReport(h: Harness, user: string, value: string, channel = 'C0QUIZ') {
  const before = h.slack.callsOf('views.open').length;
  const replyId = uniqueId('report');
  const res = await postSigned(
    h.url,
    actionBody({ actionId: 'report_problem', value, user, channel, responseUrl: h.slack.responseUrl(replyId) }),
  );
  expect(res.status).toBe(200);
  const call = await waitFor(() => h.slack.callsOf('views.open')[before], 5000, 'views.open');
  return { trigger: String(call.args.trigger_id), view: call.args.view as ModalView };
}

let submissions = 0;
/** A signed view_submission of the report modal, as Slack sends it when the person presses Send report. */
function submitReport(
  h: Harness,
  o: { user: string; metadata: string; reason?: string | null; comment?: string | null; callbackId?: string },
) {
  const payload = {
    type: 'view_submission',
    team: { id: 'T0TEST', domain: 'test' },
    user: { id: o.user, username: o.user.toLowerCase(), team_id: 'T0TEST' },
    api_app_id: 'A0TEST',
    token: 'legacy-unused',
    trigger_id: `trigger-view-${++submissions}`,
    view: {
      id: `V0SUBMIT${submissions}`,
      team_id: 'T0TEST',
      type: 'modal',
      callback_id: o.callbackId ?? 'report_problem',
      private_metadata: o.metadata,
      hash: `h${submissions}`,
      state: {
        values: {
          reason: {
            reason: {
              type: 'radio_buttons',
              selected_option:
                o.reason === null ? null : { value: o.reason ?? 'wrong_answer', text: { type: 'plain_text', text: 'x' } },
            },
          },
          comment: { comment: { type: 'plain_text_input', value: o.comment ?? null } },
        },
      },
    },
    response_urls: [],
  };
  return postSigned(h.url, new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
}

/** The question a daily post carries, read from storage (its buttons carry only the post id). */
async function questionOfPost(h: Harness, postId: number): Promise<string> {
  return (
    (await rowsOf<{ question_id: string }>(h.runtime.storage, 'posts', ['question_id'], { id: postId }))[0]?.question_id ?? ''
  );
}

const ephemeralsTo = (h: Harness, user: string) => h.slack.callsOf('chat.postEphemeral').filter((c) => c.args.user === user);
const postsIn = (h: Harness, channel: string) => h.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === channel);

/** Answers today's question as `user` and reports it from the feedback with `reason`. */
async function answerAndReport(h: Harness, user: string, button: Button, reason: string, comment?: string) {
  const feedback = await clickAndWait(h.url, h.slack, user, button);
  const report = reportButtonOf(feedback.blocks);
  if (!report?.value) throw new Error('no report button on the feedback');
  const { view } = await openReport(h, user, report.value);
  const thanked = ephemeralsTo(h, user).length;
  const res = await submitReport(h, { user, metadata: view.private_metadata, reason, comment: comment ?? null });
  expect(res.status).toBe(200);
  await waitFor(() => ephemeralsTo(h, user).length > thanked, 5000, `thanks to ${user}`);
}

/** `/aws practice <topic>` as `user`: the id of the first question it asks in the DM. */
async function firstPracticeQuestion(h: Harness, user: string, topic: string): Promise<string> {
  const dm = `D${user.replace(/^U/, '')}`;
  await command(h.url, h.slack, `practice ${topic}`, { user });
  const call = await waitFor(() => postsIn(h, dm).at(-1), 5000, 'practice question');
  const blocks = call.args.blocks as Block[];
  const value = blocks.find((b) => b.block_id === 'practice')?.elements?.find((e) => e.value)?.value ?? '';
  return value.split(':')[1] ?? '';
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

/**
 * `npm run cli -- reports <args>` as its own process on the app's database file, as an operator runs
 * it beside the running app (and so its synchronous bank load never stalls the app under test).
 */
/** The command as an operator runs it against the app's database: its SQLite file, or its PostgreSQL URL when it runs on one. */
function cli(args: string[], databasePath: string, databaseUrl?: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', TSX, path.join(ROOT, 'src/cli.ts'), 'reports', ...args],
      // An empty folder: no .env of the developer's is read.
      {
        cwd: fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-cli-')),
        env: { PATH: process.env.PATH, DATABASE_PATH: databasePath, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, out: stdout.trimEnd(), err: stderr.trimEnd() });
      },
    );
  });
}

describe('report a problem', () => {
  it('opens the modal from the feedback, stores the report once, thanks privately and posts it to REPORTS_CHANNEL', async () => {
    const h = await start({ env: { REPORTS_CHANNEL: REPORTS } });
    const q = await postQuestion(h.url, h.slack);
    const questionId = await questionOfPost(h, q.postId);
    const [button] = q.buttons;
    if (!button) throw new Error('no button');
    const feedback = await clickAndWait(h.url, h.slack, 'U0ALICE', button);
    const report = reportButtonOf(feedback.blocks);
    expect(report?.value).toBe(`feedback:${questionId}`);

    const { trigger, view } = await openReport(h, 'U0ALICE', report?.value ?? '');
    expect(trigger).toMatch(/^trigger-/);
    expect(view.type).toBe('modal');
    expect(view.callback_id).toBe('report_problem');
    expect(JSON.parse(view.private_metadata)).toEqual({ q: questionId, s: 'feedback', c: 'C0QUIZ' });
    const reason = view.blocks.find((b) => b.block_id === 'reason');
    expect(reason?.element?.type).toBe('radio_buttons');
    expect(JSON.stringify(reason?.element?.options)).toMatch(/wrong_answer.*ambiguous.*outdated.*typo.*other/);
    const comment = view.blocks.find((b) => b.block_id === 'comment');
    expect(comment?.element).toMatchObject({ type: 'plain_text_input', max_length: 500 });

    const res = await submitReport(h, {
      user: 'U0ALICE',
      metadata: view.private_metadata,
      reason: 'wrong_answer',
      comment: '<!channel> B & C are *both* right',
    });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(
      await rowsOf(h.runtime.storage, 'reports', ['team_id', 'user_id', 'question_id', 'reason', 'comment', 'surface']),
    ).toEqual([
      {
        team_id: 'T0TEST',
        user_id: 'U0ALICE',
        question_id: questionId,
        reason: 'wrong_answer',
        comment: '<!channel> B & C are *both* right',
        surface: 'feedback',
      },
    ]);
    const thanks = await waitFor(() => ephemeralsTo(h, 'U0ALICE')[0], 5000, 'thanks');
    expect(thanks.args.channel).toBe('C0QUIZ');
    expect(String(thanks.args.text)).toMatch(/Thanks for reporting .*will look at it/);

    const posted = await waitFor(() => postsIn(h, REPORTS)[0], 5000, 'reports channel post');
    const text = JSON.stringify(posted.args.blocks);
    expect(text).toContain(questionId);
    expect(text).toContain('The answer is wrong');
    expect(text).toContain('&lt;!channel&gt; B &amp; C are *both* right');
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('<@U0ALICE>');

    // The same person again while the report is open: thanked, stored once, posted once.
    const again = await submitReport(h, { user: 'U0ALICE', metadata: view.private_metadata, reason: 'typo' });
    expect(again.status).toBe(200);
    const second = await waitFor(() => ephemeralsTo(h, 'U0ALICE')[1], 5000, 'second thanks');
    expect(String(second.args.text)).toMatch(/reported .* already/);
    await new Promise((r) => setTimeout(r, 100));
    expect(await countRows(h.runtime.storage, 'reports')).toBe(1);
    expect(postsIn(h, REPORTS)).toHaveLength(1);
  });

  it('puts the button on the reveal and on practice feedback, and reports each with its surface', async () => {
    const h = await start();
    const first = await postQuestion(h.url, h.slack);
    const firstId = await questionOfPost(h, first.postId);
    await postQuestion(h.url, h.slack);
    const reveal = await waitFor(() =>
      h.slack.callsOf('chat.update').find((c) => c.args.ts === first.ts && JSON.stringify(c.args.blocks).includes('Answer:')),
    );
    const fromReveal = reportButtonOf(reveal.args.blocks as unknown[]);
    expect(fromReveal?.value).toBe(`reveal:${firstId}`);
    const opened = await openReport(h, 'U0READER', fromReveal?.value ?? '');
    expect(JSON.parse(opened.view.private_metadata)).toMatchObject({ q: firstId, s: 'reveal' });

    const practiced = await firstPracticeQuestion(h, 'U0PAT', 'lambda');
    const question = bank.questionById.get(practiced);
    if (!question) throw new Error('no practice question');
    const call = postsIn(h, 'D0PAT').at(-1);
    const blocks = (call?.args.blocks ?? []) as Block[];
    const session = (blocks.find((b) => b.block_id === 'practice')?.elements?.[0]?.value ?? '').split(':')[0];
    const key = question.answer.includes(',') ? 'submit' : question.answer;
    const replyId = uniqueId('practice');
    await postSigned(
      h.url,
      actionBody({
        actionId: `practice_answer_${key}`,
        value: `${session}:${practiced}:${key}`,
        user: 'U0PAT',
        channel: 'D0PAT',
        responseUrl: h.slack.responseUrl(replyId),
      }),
    );
    const feedback = await waitFor(() => repliesTo(h.slack, replyId)[0], 5000, 'practice feedback');
    const fromPractice = reportButtonOf(feedback.blocks);
    expect(fromPractice?.value).toBe(`practice:${practiced}`);
    const { view } = await openReport(h, 'U0PAT', fromPractice?.value ?? '', 'D0PAT');
    await submitReport(h, { user: 'U0PAT', metadata: view.private_metadata, reason: 'outdated', comment: '  ' });
    const thanks = await waitFor(() => ephemeralsTo(h, 'U0PAT')[0], 5000, 'thanks in the DM');
    expect(thanks.args.channel).toBe('D0PAT');
    expect(await rowsOf(h.runtime.storage, 'reports', ['question_id', 'reason', 'comment', 'surface'])).toEqual([
      { question_id: practiced, reason: 'outdated', comment: null, surface: 'practice' },
    ]);
    // No REPORTS_CHANNEL set: the report is stored and thanked for, and posted nowhere else.
    expect(h.slack.callsOf('chat.postMessage').filter((c) => !['C0QUIZ', 'D0PAT'].includes(String(c.args.channel)))).toEqual([]);
  });

  it('refuses forged question ids politely, on the button and on submit, storing and opening nothing', async () => {
    const h = await start({ env: { REPORTS_CHANNEL: REPORTS } });
    for (const value of [
      'feedback:no-such-question',
      'reveal:../../etc',
      'lambda-max-timeout',
      `admin:${bank.questions[0]?.id}`,
    ]) {
      const { replyId, status } = await click(h.url, h.slack, 'U0EVE', { action_id: 'report_problem', value });
      expect(status).toBe(200);
      const reply = await waitFor(() => repliesTo(h.slack, replyId)[0], 5000, 'refusal');
      expect(reply.text).toMatch(/don't know that question.*Nothing was recorded/);
    }
    expect(h.slack.callsOf('views.open')).toEqual([]);

    const known = bank.questions[0]?.id ?? '';
    for (const metadata of [
      JSON.stringify({ q: 'no-such-question', s: 'feedback' }),
      JSON.stringify({ q: known, s: 'admin' }),
      JSON.stringify({ q: known, s: 'feedback', c: '<!channel>' }),
      'not json',
      '',
    ]) {
      const res = await submitReport(h, { user: 'U0EVE', metadata });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({
        response_action: 'errors',
        errors: { reason: expect.stringMatching(/don't know that question/) },
      });
    }
    const valid = JSON.stringify({ q: known, s: 'reveal' });
    expect((await submitReport(h, { user: 'U0EVE', metadata: valid, reason: 'spam' })).json).toEqual({
      response_action: 'errors',
      errors: { reason: 'Pick what is wrong, then send.' },
    });
    expect((await submitReport(h, { user: 'U0EVE', metadata: valid, reason: null })).json).toMatchObject({
      errors: { reason: expect.any(String) },
    });
    expect((await submitReport(h, { user: 'U0EVE', metadata: valid, comment: 'x'.repeat(501) })).json).toEqual({
      response_action: 'errors',
      errors: { comment: 'Please keep the comment to 500 characters.' },
    });
    expect(await countRows(h.runtime.storage, 'reports')).toBe(0);
    expect(h.slack.callsOf('chat.postEphemeral')).toEqual([]);
    expect(postsIn(h, REPORTS)).toEqual([]);
  });

  it('keeps the report when posting to REPORTS_CHANNEL fails, and logs the failure', async () => {
    const h = await start({ env: { REPORTS_CHANNEL: REPORTS } });
    const known = bank.questions[0]?.id ?? '';
    const { view } = await openReport(h, 'U0ALICE', `reveal:${known}`);
    h.slack.fail('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } });
    const res = await submitReport(h, { user: 'U0ALICE', metadata: view.private_metadata, reason: 'ambiguous' });
    expect(res.status).toBe(200);
    await waitFor(() => ephemeralsTo(h, 'U0ALICE')[0], 5000, 'thanks');
    const failure = await waitFor(() => h.logs.find((l) => l.includes('"event":"report.channel_post_failed"')), 5000, 'log');
    expect(failure).toContain('not_in_channel');
    expect(failure).toContain(`"channel":"${REPORTS}"`);
    expect(await countRows(h.runtime.storage, 'reports', { question_id: known, reason: 'ambiguous' })).toBe(1);
  });

  it('holds a question two people say is wrong out of the next daily choice and of practice, until `cli reports resolve`', async () => {
    const h = await start({ dbPath: tempDbPath() });
    // In a channel with no history the choice is this question (the harness's random source is 0).
    const expected = nextQuestionFor(bank, [], () => 0);
    if (!expected) throw new Error('empty bank');
    const q = await postQuestion(h.url, h.slack);
    expect(await questionOfPost(h, q.postId)).toBe(expected.id);
    const [button] = q.buttons;
    if (!button) throw new Error('no button');
    await answerAndReport(h, 'U0ALICE', button, 'wrong_answer', 'The docs say otherwise');
    await answerAndReport(h, 'U0CAROL', button, 'typo');
    // One wrong-answer report is not enough: a fresh channel still gets the question.
    const before = await postQuestion(h.url, h.slack, { channel: 'C0BEFORE' });
    expect(await questionOfPost(h, before.postId)).toBe(expected.id);

    await answerAndReport(h, 'U0BOB', button, 'wrong_answer');
    const held = await postQuestion(h.url, h.slack, { channel: 'C0OTHER' });
    expect(await questionOfPost(h, held.postId)).not.toBe(expected.id);
    const practised = await firstPracticeQuestion(h, 'U0PAT', expected.topic);
    expect(practised).toBeTruthy();
    expect(practised).not.toBe(expected.id);

    const listed = await cli([], h.config.databasePath, h.config.databaseUrl);
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(new RegExp(`${expected.id} \\(${expected.topic}\\) · 3 open · HELD OUT`));
    expect(listed.out).toContain('the answer is wrong: 2 · typo or wording: 1');
    expect(listed.out).toContain('"The docs say otherwise" (U0ALICE,');

    const resolved = await cli(
      ['resolve', expected.id, 'checked', 'against', 'the', 'docs', '--by', 'dana'],
      h.config.databasePath,
      h.config.databaseUrl,
    );
    expect(resolved).toMatchObject({ code: 0, out: expect.stringMatching(/^Resolved 3 open reports of /) });
    expect(await rowsOf(h.runtime.storage, 'reports', ['resolved_by', 'resolution_note'])).toEqual(
      Array(3).fill({ resolved_by: 'dana', resolution_note: 'checked against the docs' }),
    );
    expect((await cli([], h.config.databasePath, h.config.databaseUrl)).out).toBe('No open reports.');
    const again = await cli(['resolve', expected.id], h.config.databasePath, h.config.databaseUrl);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/No open reports of/);

    // Back in the rotation.
    const back = await postQuestion(h.url, h.slack, { channel: 'C0AFTER' });
    expect(await questionOfPost(h, back.postId)).toBe(expected.id);
    expect(await firstPracticeQuestion(h, 'U0PAT2', expected.topic)).toBe(expected.id);
  });

  it('cli reports says where it looked when there is no database, and how to use it', async () => {
    const missing = await cli([], '/nonexistent/tutor.db');
    expect(missing).toMatchObject({ code: 1, err: expect.stringMatching(/No database at \/nonexistent\/tutor.db/) });
    const h = await start();
    const wrong = await cli(['resolv', 'x'], h.config.databasePath, h.config.databaseUrl);
    expect(wrong).toMatchObject({ code: 1, err: expect.stringMatching(/Usage: npm run cli -- reports/) });
    expect((await cli(['resolve'], h.config.databasePath, h.config.databaseUrl)).err).toMatch(/Say which question/);
  });
});
