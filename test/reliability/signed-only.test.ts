/**
 * The rule of src/server.ts `admit`: nothing reaches a listener without a verified signature.
 *
 * Every kind of Slack input is sent unsigned, wrongly signed, stale, from the future, replayed,
 * and smuggled inside an unsigned ssl_check body. For each: the status code, no listener ran (Bolt
 * dispatched nothing), no database row changed, no Web API call and no reply was made, and no
 * connection left the process except the test's own request to the app.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/app-harness.ts';
import { databaseSnapshot } from '../support/database.ts';
import { postQuestion } from '../support/quiz-driver.ts';
import { actionBody, commandBody, TEST_SIGNING_SECRET } from '../support/slack-requests.ts';
import { waitFor } from '../support/wait.ts';

/** A server that is not Slack: a smuggled response_url points here. Nothing may ever reach it. */
const attacker = { hits: [] as string[], server: undefined as http.Server | undefined, url: '' };

/** Every TCP connection the process opens: only the test's own requests to the app are allowed. */
const connections: { port: number | undefined; host: string | undefined }[] = [];
const originalConnect = net.Socket.prototype.connect;

beforeAll(async () => {
  attacker.server = http.createServer((req, res) => {
    attacker.hits.push(`${req.method} ${req.url}`);
    res.end('ok');
  });
  await new Promise<void>((resolve) => attacker.server?.listen(0, '127.0.0.1', resolve));
  attacker.url = `http://127.0.0.1:${(attacker.server.address() as AddressInfo).port}/steal`;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    const [first, second] = args;
    if (typeof first === 'object' && first !== null) {
      const o = first as { port?: number | string; host?: string };
      connections.push({ port: o.port === undefined ? undefined : Number(o.port), host: o.host });
    } else if (typeof first === 'number' || typeof first === 'string') {
      connections.push({ port: Number(first), host: typeof second === 'string' ? second : undefined });
    }
    return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof net.Socket.prototype.connect;
});

afterAll(async () => {
  net.Socket.prototype.connect = originalConnect;
  await new Promise<void>((resolve) => attacker.server?.close(() => resolve()));
});

let h: Harness;
let button: { action_id: string; value: string };

beforeEach(async () => {
  attacker.hits.length = 0;
  h = await startHarness();
  // A live question, so a forged click would have something to answer.
  const q = await postQuestion(h.url, h.slack);
  const first = q.buttons[0];
  if (!first) throw new Error('no buttons');
  button = first;
});

afterEach(async () => {
  await h.stop();
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const json = (value: unknown) => JSON.stringify(value);
const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

interface Input {
  kind: string;
  contentType: string;
  /** The body as Slack would send it. */
  body(): string;
  /** The same input smuggled beside ssl_check=1 (form fields are kept; JSON goes into `payload`). */
  smuggled(): string;
  headers?: Record<string, string>;
}

/** A click on the live question's first button, from a message or the App Home, replying to the attacker. */
const click = (container: object): string => {
  const body = actionBody({ actionId: button.action_id, value: button.value, user: 'U0EVE', responseUrl: attacker.url });
  return json({ ...JSON.parse(new URLSearchParams(body).get('payload') ?? '{}'), container });
};

const INPUTS: Input[] = [
  {
    kind: 'slash command (/aws quiz now, as an admin)',
    contentType: FORM,
    body: () => commandBody({ text: 'quiz now', user: 'U0ADMIN', channel: 'C0ELSEWHERE', responseUrl: attacker.url }),
    smuggled: () =>
      `ssl_check=1&${commandBody({ text: 'quiz now', user: 'U0ADMIN', channel: 'C0ELSEWHERE', responseUrl: attacker.url })}`,
  },
  {
    kind: 'block_actions from a message (an answer click)',
    contentType: FORM,
    body: () => form({ payload: click({ type: 'message', message_ts: '1.1', channel_id: 'C0QUIZ' }) }),
    smuggled: () => form({ ssl_check: '1', payload: click({ type: 'message', message_ts: '1.1', channel_id: 'C0QUIZ' }) }),
  },
  {
    kind: 'block_actions from the App Home',
    contentType: FORM,
    body: () => form({ payload: click({ type: 'view', view_id: 'V0HOME' }) }),
    smuggled: () => form({ ssl_check: '1', payload: click({ type: 'view', view_id: 'V0HOME' }) }),
  },
  {
    kind: 'view_submission',
    contentType: FORM,
    body: () => form({ payload: viewSubmission() }),
    smuggled: () => form({ ssl_check: '1', payload: viewSubmission() }),
  },
  {
    kind: 'event_callback app_home_opened, a retry',
    contentType: JSON_TYPE,
    headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    body: () => homeOpened(),
    smuggled: () => form({ ssl_check: '1', payload: homeOpened() }),
  },
  {
    kind: 'url_verification',
    contentType: JSON_TYPE,
    body: () => json({ type: 'url_verification', token: 'x', challenge: 'echo-me-if-you-can' }),
    smuggled: () => form({ ssl_check: '1', payload: json({ type: 'url_verification', challenge: 'echo-me-if-you-can' }) }),
  },
];

function viewSubmission(): string {
  return json({
    type: 'view_submission',
    team: { id: 'T0TEST' },
    user: { id: 'U0EVE', team_id: 'T0TEST' },
    view: { id: 'V1', callback_id: 'quiz_setup', state: { values: {} } },
    response_urls: [{ response_url: attacker.url }],
  });
}

function homeOpened(): string {
  return json({
    type: 'event_callback',
    team_id: 'T0TEST',
    api_app_id: 'A0TEST',
    event_id: `Ev${Date.now()}`,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: 'app_home_opened', user: 'U0EVE', channel: 'D0EVE', tab: 'home' },
  });
}

const sign = (body: string, timestamp: number, secret = TEST_SIGNING_SECRET) => ({
  'x-slack-request-timestamp': String(timestamp),
  'x-slack-signature': `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`,
});
const nowSeconds = () => Math.floor(Date.now() / 1000);

async function send(body: string, contentType: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${h.url}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...headers },
    body,
  });
  return { status: res.status, text: await res.text() };
}

/** Everything a forged request could change or cause, at one moment. */
async function observe() {
  return {
    rows: await databaseSnapshot(h.runtime.storage),
    webApi: h.slack.calls.length,
    replies: h.slack.responses.length,
    dispatched: h.logs.filter((l) => l.includes('"event":"slack.dispatched"')).length,
  };
}

/** What a refused request is told: a short code, nothing of what it sent. */
const refused = (error: 'invalid_signature' | 'replayed_request') => JSON.stringify({ ok: false, error });

/** Sends a hostile request and checks that it was told `body` and that nothing happened, even a moment later. */
async function expectNothingHappens(request: () => Promise<{ status: number; text: string }>, status: number, body = '') {
  const before = await observe();
  const appPort = h.runtime.port;
  connections.length = 0;
  const res = await request();
  expect(res.status).toBe(status);
  expect(res.text).toBe(body);
  // Listeners run after the ack; give anything that slipped through the time to show itself.
  await new Promise((resolve) => setTimeout(resolve, 150));
  expect(await observe()).toEqual(before);
  expect(attacker.hits).toEqual([]);
  expect(connections.filter((c) => c.port !== appPort)).toEqual([]);
}

describe('nothing reaches a listener without a verified signature', () => {
  describe.each(INPUTS)('$kind', (input) => {
    const headers = input.headers ?? {};

    it('unsigned: 401, nothing happens', async () => {
      await expectNothingHappens(() => send(input.body(), input.contentType, headers), 401, refused('invalid_signature'));
    });

    it('signed with the wrong secret: 401, nothing happens', async () => {
      const body = input.body();
      await expectNothingHappens(
        () => send(body, input.contentType, { ...headers, ...sign(body, nowSeconds(), 'f'.repeat(32)) }),
        401,
        refused('invalid_signature'),
      );
    });

    it('signed, but with a timestamp outside the 5-minute window (stale or future): 401, nothing happens', async () => {
      const stale = input.body();
      await expectNothingHappens(
        () => send(stale, input.contentType, { ...headers, ...sign(stale, nowSeconds() - 6 * 60) }),
        401,
        refused('invalid_signature'),
      );
      const future = input.body();
      await expectNothingHappens(
        () => send(future, input.contentType, { ...headers, ...sign(future, nowSeconds() + 6 * 60) }),
        401,
        refused('invalid_signature'),
      );
    });

    it('a signed request replayed: the copy gets 401 and changes nothing', async () => {
      const body = input.body();
      const signed = { ...headers, ...sign(body, nowSeconds()) };
      const first = await send(body, input.contentType, signed);
      expect(first.status).toBeLessThan(500);
      // Let the genuine request finish everything it causes before the copy arrives.
      // (the live answer count is pushed every 200 ms, so quiet means quiet for longer than that).
      await waitFor(
        async () => {
          const a = JSON.stringify(await observe());
          await new Promise((resolve) => setTimeout(resolve, 500));
          return a === JSON.stringify(await observe());
        },
        10_000,
        'the first request to settle',
      );
      await expectNothingHappens(() => send(body, input.contentType, signed), 401, refused('replayed_request'));
    });

    it('smuggled inside an unsigned ssl_check body: 200, empty, nothing happens', async () => {
      await expectNothingHappens(() => send(input.smuggled(), FORM, headers), 200);
    });

    it('smuggled inside an ssl_check body with a forged signature: 200, empty, nothing happens', async () => {
      const body = input.smuggled();
      await expectNothingHappens(() => send(body, FORM, { ...headers, ...sign(body, nowSeconds(), 'f'.repeat(32)) }), 200);
    });
  });

  it('answers a plain ssl_check with 200 and an empty body', async () => {
    await expectNothingHappens(() => send('ssl_check=1&token=legacy', FORM), 200);
  });

  it('sees a genuine signed click through, so the checks above can tell', async () => {
    const body = form({ payload: click({ type: 'message', message_ts: '1.1', channel_id: 'C0QUIZ' }) });
    const before = await observe();
    const res = await send(body, FORM, sign(body, nowSeconds()));
    expect(res.status).toBe(200);
    await waitFor(async () => (await observe()).dispatched > before.dispatched, 5000, 'dispatch');
    await waitFor(async () => JSON.stringify((await observe()).rows) !== JSON.stringify(before.rows), 5000, 'the answer stored');
    // Its response_url is not Slack's: the reply is refused, and the attacker's server hears nothing.
    await waitFor(() => h.logs.some((l) => l.includes('"event":"response_url.refused"')), 5000, 'refusal logged');
    expect(attacker.hits).toEqual([]);
    expect(h.logs.find((l) => l.includes('response_url.refused'))).not.toContain('?');
  });

  it('answers app_rate_limited (sent without a subscription) with 200 and logs it', async () => {
    const body = json({
      token: 'x',
      team_id: 'T0TEST',
      minute_rate_limited: 1518467820,
      api_app_id: 'A0TEST',
      type: 'app_rate_limited',
    });
    const before = await observe();
    const res = await send(body, JSON_TYPE, sign(body, nowSeconds()));
    expect(res.status).toBe(200);
    // An admitted request's signature is all it may leave behind: in the replay guard's table when
    // the guard is shared through the database (the default on PostgreSQL), nowhere else.
    const { replay_guard: guardAfter = [], ...after } = (await observe()).rows;
    const { replay_guard: guardBefore = [], ...was } = before.rows;
    expect(after).toEqual(was);
    expect(guardAfter.length - guardBefore.length).toBe(h.runtime.storage.kind === 'postgres' ? 1 : 0);
    expect(await observe()).toMatchObject({ webApi: before.webApi, replies: before.replies, dispatched: before.dispatched });
    expect(h.logs.some((l) => l.includes('"event":"slack.notice"') && l.includes('app_rate_limited'))).toBe(true);
  });
});
