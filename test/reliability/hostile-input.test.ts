import http from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/app-harness.ts';
import { countRows } from '../support/database.ts';
import { postQuestion, repliesTo, uniqueId } from '../support/quiz-driver.ts';
import { actionBody, commandBody, postSigned, signatureHeaders } from '../support/slack-requests.ts';
import { STACK_TRACE } from '../support/stack-trace.ts';
import { waitFor } from '../support/wait.ts';

// Signed (so Slack could have sent them) but malformed or unexpected requests: each gets a 4xx or
// a polite private message, quickly, and never a 5xx, a hang, a stack trace or an unhandled rejection.

let h: Harness;
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);
beforeAll(() => {
  process.on('unhandledRejection', onRejection);
});
afterAll(() => {
  process.off('unhandledRejection', onRejection);
});
beforeEach(async () => {
  rejections.length = 0;
  h = await startHarness();
});
afterEach(async () => {
  // The app must still be healthy after every hostile request.
  expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
  expect(rejections).toEqual([]);
  expect(h.logs.filter((l) => l.includes('"event":"bolt.unhandled"'))).toEqual([]);
  await h.stop();
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

async function timed(body: string, contentType?: string) {
  const started = Date.now();
  const res = await postSigned(h.url, body, contentType ? { contentType } : {});
  return { ...res, ms: Date.now() - started };
}

describe('malformed interactive payloads', () => {
  it.each([
    ['payload that is not JSON', form({ payload: 'not-json' })],
    ['payload null', form({ payload: 'null' })],
    ['payload a JSON array', form({ payload: '[1,2,3]' })],
    ['payload a number', form({ payload: '42' })],
    ['payload a string', form({ payload: '"block_actions"' })],
    ['payload an empty object', form({ payload: '{}' })],
    [
      'block_actions without a user',
      form({ payload: JSON.stringify({ type: 'block_actions', actions: [{ action_id: 'answer_a', value: '1:a' }] }) }),
    ],
    ['block_actions without actions', form({ payload: JSON.stringify({ type: 'block_actions', user: { id: 'U0EVE' } }) })],
    [
      'block_actions with empty actions',
      form({ payload: JSON.stringify({ type: 'block_actions', user: { id: 'U0EVE' }, actions: [] }) }),
    ],
    [
      'block_actions with a null action',
      form({ payload: JSON.stringify({ type: 'block_actions', user: { id: 'U0EVE' }, actions: [null] }) }),
    ],
    [
      'block_actions with actions as a string',
      form({ payload: JSON.stringify({ type: 'block_actions', user: { id: 'U0EVE' }, actions: 'answer_a' }) }),
    ],
    [
      'block_actions with a numeric user id',
      form({ payload: JSON.stringify({ type: 'block_actions', user: { id: 7 }, actions: [{ action_id: 'answer_a' }] }) }),
    ],
    [
      'a view submission without a callback_id',
      form({ payload: JSON.stringify({ type: 'view_submission', user: { id: 'U0EVE' }, view: { id: 'V1' } }) }),
    ],
    [
      'a view submission whose state is not an object of blocks',
      form({
        payload: JSON.stringify({
          type: 'view_submission',
          user: { id: 'U0EVE' },
          view: { id: 'V1', callback_id: 'x', state: { values: { b: 'text' } } },
        }),
      }),
    ],
    [
      'a view submission with a null view',
      form({ payload: JSON.stringify({ type: 'view_submission', user: { id: 'U0EVE' }, view: null }) }),
    ],
    [
      'a global shortcut (the app has none)',
      form({ payload: JSON.stringify({ type: 'shortcut', callback_id: 'x', user: { id: 'U0EVE' } }) }),
    ],
    ['a form with neither payload nor command', form({ hello: 'world' })],
    ['a command repeated twice in one form', 'command=%2Faws&command=%2Faws&team_id=T0TEST&user_id=U0EVE&text=help'],
  ])('refuses %s with 400 at once', async (_name, body) => {
    const res = await timed(body);
    expect(res.status).toBe(400);
    expect(res.ms).toBeLessThan(1000);
    expect(res.text).not.toMatch(STACK_TRACE);
  });

  it.each([
    ['JSON that does not parse', '{{{'],
    ['a JSON array', '[1,2]'],
    ['JSON null', 'null'],
    ['an event without an event', JSON.stringify({ type: 'event_callback', team_id: 'T0TEST' })],
  ])('refuses a JSON body that is %s with 400', async (_name, body) => {
    const res = await timed(body, 'application/json');
    expect(res.status).toBe(400);
    expect(res.ms).toBeLessThan(1000);
  });

  it('acknowledges an event type it does not handle without doing anything', async () => {
    const body = JSON.stringify({ type: 'event_callback', team_id: 'T0TEST', event: { type: 'something_new', user: 'U0EVE' } });
    const res = await timed(body, 'application/json');
    expect(res.status).toBe(200);
    // Bolt may ask auth.test who the bot is; nothing is posted or published.
    expect(h.slack.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  });

  it('answers a button it does not know politely, at once, and records nothing', async () => {
    const id = uniqueId('unknown');
    const res = await timed(
      actionBody({ actionId: 'launch_rockets', value: '1:a', user: 'U0EVE', responseUrl: h.slack.responseUrl(id) }),
    );
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(1000);
    const reply = await waitFor(() => repliesTo(h.slack, id)[0]);
    expect(reply.text).toMatch(/doesn't do anything/);
    expect(reply.response_type).toBe('ephemeral');
    expect(await countRows(h.runtime.storage, 'answers')).toBe(0);
  });

  it('closes a modal submission it does not know at once, calling nothing and recording nothing', async () => {
    const payload = {
      type: 'view_submission',
      user: { id: 'U0EVE' },
      team: { id: 'T0TEST' },
      view: { id: 'V1', callback_id: 'launch_rockets', private_metadata: '', state: { values: {} } },
    };
    const res = await timed(form({ payload: JSON.stringify(payload) }));
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(1000);
    expect(res.text).toBe('');
    expect(h.slack.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
    expect(await countRows(h.runtime.storage, 'answers')).toBe(0);
  });

  it('refuses oversized button values politely without logging them', async () => {
    const q = await postQuestion(h.url, h.slack);
    const huge = `${q.postId}:a${'9'.repeat(100_000)}`;
    for (const actionId of ['answer_a', 'share_card']) {
      const id = uniqueId('huge');
      const res = await timed(actionBody({ actionId, value: huge, user: 'U0EVE', responseUrl: h.slack.responseUrl(id) }));
      expect(res.status).toBe(200);
      const reply = await waitFor(() => repliesTo(h.slack, id)[0]);
      expect(reply.text).toMatch(/doesn't match a question|no longer available/);
    }
    expect(await countRows(h.runtime.storage, 'answers')).toBe(0);
    expect(await countRows(h.runtime.storage, 'shares')).toBe(0);
    expect(h.logs.every((l) => l.length < 2000)).toBe(true);
  });

  it('treats a button value of the wrong type as tampered', async () => {
    for (const value of [12, null, { post: 1 }, ['1:a']]) {
      const id = uniqueId('typed');
      const payload = {
        type: 'block_actions',
        team: { id: 'T0TEST' },
        user: { id: 'U0EVE' },
        channel: { id: 'C0QUIZ' },
        response_url: h.slack.responseUrl(id),
        actions: [{ type: 'button', action_id: 'answer_a', value, action_ts: '1' }],
      };
      const res = await timed(form({ payload: JSON.stringify(payload) }));
      expect(res.status).toBe(200);
      expect((await waitFor(() => repliesTo(h.slack, id)[0])).text).toMatch(/doesn't match a question/);
    }
  });
});

describe('hostile command text', () => {
  type Reply = { response_type?: string; text?: string; blocks?: unknown[] };

  it('answers a slash command it does not own politely, at once', async () => {
    const body = commandBody({ text: 'hello' }).replace('command=%2Faws', 'command=%2Fdeploy');
    const res = await timed(body);
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(1000);
    const reply = res.json as Reply;
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toMatch(/only answer `\/aws`/);
  });

  it('answers a command without text with the help', async () => {
    const res = await timed(form({ command: '/aws', team_id: 'T0TEST', user_id: 'U0EVE', channel_id: 'C0QUIZ' }));
    expect(res.status).toBe(200);
    expect((res.json as Reply).text).toMatch(/commands/);
  });

  it.each([
    ['NUL bytes', 'lambda\u0000\u0000limits\u0000'],
    ['only control characters', '\u0000\u0001\u001f\u007f'],
    ['10 KB of words', 'lambda timeout '.repeat(700)],
    ['10 KB without a space', 'x'.repeat(10_240)],
    ['mrkdwn and mentions', '<!channel> <@U0ADMIN> *bold* `code` <https://evil.example|click>'],
    ['right-to-left and combining marks', '\u202Eemag\u202C e\u0301\u0301\u0301 \u{1F600}'],
    ['lone surrogates', 'lambda \uD800 \uDFFF'],
    ['a quiz command with junk', 'quiz here \u0000 99 99 99 99 99 Not/AZone'],
  ])('answers text with %s privately and safely', async (_name, text) => {
    const res = await timed(commandBody({ text, user: 'U0EVE' }));
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(2000);
    const reply = res.json as Reply | undefined;
    // Quiz commands answer later through response_url; everything else answers in the response.
    if (reply) {
      expect(reply.response_type).toBe('ephemeral');
      const shown = JSON.stringify(reply);
      expect(shown).not.toMatch(STACK_TRACE);
      expect(shown).not.toContain('<!channel>');
      expect(shown.length).toBeLessThan(40_000);
    }
  });

  it.each([
    ['invalid UTF-8, percent-encoded', '%FF%FE%C3%28lambda%ED%A0%80'],
    ['invalid UTF-8, raw bytes', Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x6c, 0x61, 0x6d]).toString('latin1')],
  ])('answers command text that is %s', async (_name, encodedText) => {
    const prefix = commandBody({ text: '', user: 'U0EVE' });
    const raw = Buffer.from(`${prefix}${encodedText}`, 'latin1');
    const res = await fetch(`${h.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...signatureHeaders(raw.toString('utf8')) },
      body: raw,
    });
    expect(res.status).toBe(200);
    expect((await res.json()) as Reply).toMatchObject({ response_type: 'ephemeral' });
  });
});

describe('request framing', () => {
  it('refuses a signed request dated in the future (it would outlive the replay window)', async () => {
    const future = Math.floor(Date.now() / 1000) + 60 * 60;
    const res = await postSigned(h.url, commandBody({ text: 'help' }), { timestamp: future });
    expect(res.status).toBe(401);
  });

  it('refuses a malformed timestamp header', async () => {
    const body = commandBody({ text: 'help' });
    const res = await postSigned(h.url, body, { headers: { 'x-slack-request-timestamp': '1e3' } });
    expect(res.status).toBe(401);
  });

  it('refuses a chunked body over 1 MB that announces no length', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        `${h.url}/slack/events`,
        { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', (err) => (/ECONNRESET|EPIPE/.test(String(err)) ? resolve(413) : reject(err)));
      const chunk = 'x'.repeat(64 * 1024);
      for (let i = 0; i < 20; i++) req.write(chunk);
      req.end();
    });
    expect(status).toBe(413);
  });

  it('does not let unsigned requests fill the replay cache: a forged signature is never remembered', async () => {
    const body = commandBody({ text: 'help' });
    const headers = signatureHeaders(body);
    // An attacker who saw a signature (not the secret) sends it first with a different body.
    const forged = await fetch(`${h.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: `${body}&extra=1`,
    });
    expect(forged.status).toBe(401);
    // The genuine request still goes through once.
    const genuine = await fetch(`${h.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body,
    });
    expect(genuine.status).toBe(200);
  });
});
