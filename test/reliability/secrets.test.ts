import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness, tempDbPath } from '../support/app-harness.ts';
import { type AppProcess, freePort, spawnApp } from '../support/app-process.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { click, command, postQuestion, repliesTo, uniqueId } from '../support/quiz-driver.ts';
import {
  clickButton,
  commandBody,
  postSigned,
  sendCommand,
  TEST_BOT_TOKEN,
  TEST_SIGNING_SECRET,
} from '../support/slack-requests.ts';
import { waitFor } from '../support/wait.ts';

// Tokens and the signing secret never reach a log line at any level, even when Slack's answers
// echo them back inside error messages. Every line is captured at LOG_LEVEL=debug and searched.

const APP_TOKEN = 'xapp-1-A0TEST-1234567890-0123456789abcdef0123456789abcdef';
const ECHO = `invalid_auth token=${TEST_BOT_TOKEN} secret=${TEST_SIGNING_SECRET} app=${APP_TOKEN}`;
const SECRETS = [TEST_BOT_TOKEN, TEST_SIGNING_SECRET, APP_TOKEN];
// A secret might be cut short or escaped on its way into a line; its distinctive middle must not appear either.
const FRAGMENTS = [...SECRETS, '000000000-test-token', '5e1f7a2b9c4d6e8f0a1b', 'A0TEST-1234567890-0123'];

function leaks(lines: string[]): string[] {
  return lines.filter((l) => FRAGMENTS.some((s) => l.includes(s)));
}

let h: Harness | undefined;
const running: AppProcess[] = [];
const fakes: FakeSlack[] = [];
afterEach(async () => {
  await h?.stop();
  h = undefined;
  for (const p of running.splice(0)) {
    p.kill('SIGKILL');
    await p.exited;
  }
  for (const f of fakes.splice(0)) await f.stop();
});

describe('in-process, every log line at debug', () => {
  it('redacts tokens and the signing secret that Slack echoes in errors, everywhere they could surface', async () => {
    h = await startHarness({ slackClient: { timeoutMs: 400, minRetryMs: 10 } });
    const hh = h;
    const slack = hh.slack;
    const platformError = { body: { ok: false, error: ECHO } };
    const httpError = {
      status: 500,
      body: { ok: false, error: ECHO, echoed_headers: { authorization: `Bearer ${TEST_BOT_TOKEN}` } },
    };

    // Posting fails with echoes, then succeeds on the retry.
    slack.fail('chat.postMessage', platformError);
    expect((await command(hh.url, slack, 'quiz now')).text).toMatch(/did not accept/);
    hh.clock.now = new Date(hh.clock.now.getTime() + 60_000);
    await hh.runtime.tick();
    const q = await waitFor(() => slack.callsOf('chat.postMessage')[0], 5000, 'the retried post');
    const blocks = q.args.blocks as { type: string; elements?: { action_id: string; value: string }[] }[];
    const button = blocks.find((b) => b.type === 'actions')?.elements?.[0];
    if (!button) throw new Error('no button');

    // The private reply fails both ways, with echoes; so does the live-count update.
    slack.fail('response_url', { status: 500, body: ECHO });
    slack.fail('chat.postEphemeral', ...Array.from({ length: 4 }, () => httpError));
    slack.fail('chat.update', platformError);
    await click(hh.url, slack, 'U0ALICE', button);
    await waitFor(() => hh.logs.some((l) => l.includes('"event":"quiz.count_update_failed"')), 5000, 'count update failure');
    await waitFor(() => hh.logs.some((l) => l.includes('"via":"chat.postEphemeral"')), 5000, 'reply failure');

    // users.info fails for a possible admin; the App Home cannot be published; a card share fails.
    slack.fail('users.info', platformError);
    await command(hh.url, slack, 'quiz status', { user: 'U0MAYBE' });
    slack.fail('views.publish', platformError);
    const home = JSON.stringify({
      type: 'event_callback',
      team_id: 'T0TEST',
      event: { type: 'app_home_opened', user: 'U0ALICE', tab: 'home', channel: 'D1' },
      event_id: 'Ev1',
    });
    await postSigned(hh.url, home, { contentType: 'application/json' });
    await waitFor(() => hh.logs.some((l) => l.includes('"event":"home.publish_failed"')));
    slack.fail('response_url', { status: 500, body: ECHO });
    const shareId = uniqueId('share');
    await clickButton(hh.url, { actionId: 'share_card', value: 'lambda-limits', responseUrl: slack.responseUrl(shareId) });
    await waitFor(() => hh.logs.some((l) => l.includes('"event":"card.share_failed"')));

    // Requests that are refused: a forged signature, a malformed body, and a replay.
    await postSigned(hh.url, commandBody({ text: `help ${TEST_BOT_TOKEN}` }), { secret: 'wrong-secret' });
    await postSigned(hh.url, `payload=${encodeURIComponent(`{"token":"${TEST_BOT_TOKEN}"`)}`);
    const body = commandBody({ text: 'help' });
    const ts = Math.floor(Date.now() / 1000);
    await postSigned(hh.url, body, { timestamp: ts });
    await postSigned(hh.url, body, { timestamp: ts });
    // A person pastes a token into a lookup.
    await sendCommand(hh.url, { text: `lookup ${APP_TOKEN}` });
    await hh.runtime.tick();

    expect(hh.logs.length).toBeGreaterThan(50);
    expect(leaks(hh.logs)).toEqual([]);
    // The echoes did reach the log, redacted: the scan above is not vacuous.
    expect(hh.logs.filter((l) => l.includes('[redacted]')).length).toBeGreaterThanOrEqual(5);
    for (const event of ['quiz.post_failed', 'quiz.count_update_failed', 'command.failed', 'home.publish_failed'])
      expect(
        hh.logs.find((l) => l.includes(`"event":"${event}"`)),
        event,
      ).toContain('[redacted]');
    expect(repliesTo(slack, shareId)).toEqual([]);
  });
});

describe('the real process, stdout and stderr at LOG_LEVEL=debug', () => {
  async function fake() {
    const slack = new FakeSlack();
    const apiUrl = await slack.start();
    fakes.push(slack);
    return { slack, apiUrl };
  }

  it('keeps secrets out of everything the process prints in HTTP mode', async () => {
    const { slack, apiUrl } = await fake();
    const port = await freePort();
    const app = spawnApp({ port, env: { SLACK_API_URL: apiUrl, DATABASE_PATH: tempDbPath(), LOG_LEVEL: 'debug' } });
    running.push(app);
    await app.ready();
    slack.fail('chat.postMessage', { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: ECHO } });
    const q = await postQuestion(app.url, slack);
    const [button] = q.buttons;
    if (!button) throw new Error('no button');
    slack.fail('response_url', { status: 500, body: ECHO });
    slack.fail('chat.postEphemeral', { body: { ok: false, error: ECHO } });
    await click(app.url, slack, 'U0ALICE', button);
    await waitFor(() => app.stdout.some((l) => l.includes('"via":"chat.postEphemeral"')), 10_000, 'reply failure');
    await postSigned(app.url, commandBody({ text: 'help' }), { secret: 'wrong-secret' });
    app.kill('SIGTERM');
    expect(await app.exited).toMatchObject({ code: 0 });

    expect(app.output.length).toBeGreaterThan(20);
    expect(leaks(app.output)).toEqual([]);
    expect(app.output.some((l) => l.includes('[redacted]'))).toBe(true);
  });

  it('keeps the app token out of Socket Mode connection errors', async () => {
    const { slack, apiUrl } = await fake();
    slack.fail('apps.connections.open', { body: { ok: false, error: ECHO } });
    const app = spawnApp({
      port: await freePort(),
      env: { SLACK_API_URL: apiUrl, SLACK_APP_TOKEN: APP_TOKEN, DATABASE_PATH: tempDbPath(), LOG_LEVEL: 'debug' },
    });
    running.push(app);
    await waitFor(() => app.stdout.some((l) => l.includes('Failed to retrieve a new WSS URL')), 15_000, 'the connection error');
    app.kill('SIGTERM');
    await app.exited;
    expect(leaks(app.output)).toEqual([]);
    expect(app.output.some((l) => l.includes('invalid_auth') && l.includes('[redacted]'))).toBe(true);
  });

  it('names bad variables without printing their values', async () => {
    const app = spawnApp({
      env: {
        SLACK_BOT_TOKEN: `${TEST_BOT_TOKEN}!`,
        SLACK_SIGNING_SECRET: `${TEST_SIGNING_SECRET}-`,
        SLACK_APP_TOKEN: `${APP_TOKEN}?`,
        DATABASE_PATH: tempDbPath(),
      },
    });
    running.push(app);
    expect(await app.exited).toMatchObject({ code: 1 });
    const printed = app.output.join('\n');
    for (const name of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN']) expect(printed).toContain(name);
    expect(leaks(app.output)).toEqual([]);
  });
});
