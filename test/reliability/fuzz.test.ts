import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/app-harness.ts';
import { consistencyProblems, postQuestion, uniqueId } from '../support/quiz-driver.ts';
import { signatureHeaders } from '../support/slack-requests.ts';
import { STACK_TRACE } from '../support/stack-trace.ts';

// Property-based: random command text and random interactive payloads, all correctly signed, thrown
// at the running app over HTTP. Whatever arrives, the app answers promptly with a non-5xx status,
// shows no stack trace, leaves no unhandled rejection and stays healthy with consistent data.

let h: Harness;
let validValue = '1:a';
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  h = await startHarness();
  const q = await postQuestion(h.url, h.slack);
  validValue = q.buttons[0]?.value ?? validValue;
});
afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  await h.stop();
});

/** FUZZ_RUNS=20 npx vitest run test/reliability/fuzz.test.ts searches twenty times deeper. */
const depth = Math.max(1, Number(process.env.FUZZ_RUNS ?? 1));
const RESPONSE_URL = '{{response_url}}';

let sent = 0;
/** Signs and posts raw bytes; every request gets a distinct timestamp so the replay guard stays out of the way. */
async function post(body: Buffer, contentType: string) {
  const started = Date.now();
  const timestamp = Math.floor(Date.now() / 1000) - (sent++ % 200);
  const res = await fetch(`${h.url}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...signatureHeaders(body.toString('utf8'), undefined, timestamp) },
    body: new Uint8Array(body),
  });
  const text = await res.text();
  return { status: res.status, text, ms: Date.now() - started };
}

function expectSafe(r: { status: number; text: string; ms: number }) {
  expect(r.status).toBeLessThan(500);
  expect([200, 400, 401]).toContain(r.status);
  expect(r.text).not.toMatch(STACK_TRACE);
  // Bolt answers an unhandled request with 404 after 3 s; nothing may fall through to that.
  expect(r.ms).toBeLessThan(2500);
}

const words = fc.constantFrom(
  'quiz',
  'now',
  'here',
  'off',
  'pause',
  'resume',
  'status',
  'start',
  'stop',
  'leaderboard',
  'top',
  'week',
  'month',
  'all',
  'streak',
  'me',
  'help',
  'topics',
  'lambda',
  'fargate',
  'vs',
  '0',
  '9',
  '*',
  '*/0',
  '1-5',
  '61',
  'Europe/Berlin',
  'UTC',
  'Mars/Base',
  '"',
  '“',
  '?',
  '<!channel>',
  '`',
  '\u0000',
  '\u202E',
);
const commandText = fc.oneof(
  fc.array(words, { maxLength: 10 }).map((ws) => ws.join(' ')),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary-ascii', minLength: 2000, maxLength: 10_240 }),
);
const user = fc.constantFrom('U0ADMIN', 'U0EVE', 'U0BOB', 'W0GRID', '');
const team = fc.constantFrom('T0TEST', 'T0OTHER', '');
const channel = fc.constantFrom('C0QUIZ', 'C0OTHER', 'D0DM', '');

const percentEncode = (bytes: Uint8Array) => Array.from(bytes, (b) => `%${b.toString(16).padStart(2, '0')}`).join('');

describe('random slash command text', () => {
  it('never gets a 5xx, a stack trace or a slow answer', async () => {
    const property = fc.asyncProperty(
      fc.oneof(
        commandText.map((t) => ({ encoded: encodeURIComponent(t) })),
        // Bytes that are not UTF-8 at all.
        fc.uint8Array({ maxLength: 300 }).map((b) => ({ encoded: percentEncode(b) })),
      ),
      user,
      team,
      channel,
      fc.constantFrom('/aws', '/aws', '/aws', '/other'),
      // Fields a slash command never has, which would change how Bolt reads the form.
      fc.option(fc.constantFrom('event', 'actions', 'name', 'text', 'ssl_check', 'payload'), { nil: undefined }),
      async (text, userId, teamId, channelId, cmd, extra) => {
        const fields = new URLSearchParams({
          token: 'legacy-unused',
          team_id: teamId,
          channel_id: channelId,
          user_id: userId,
          command: cmd,
          response_url: h.slack.responseUrl(uniqueId('fuzz')),
          trigger_id: uniqueId('trigger'),
        }).toString();
        const body = Buffer.from(`${fields}&text=${text.encoded}${extra ? `&${extra}=x` : ''}`, 'latin1');
        expectSafe(await post(body, 'application/x-www-form-urlencoded'));
      },
    );
    await fc.assert(property, { numRuns: 150 * depth });
  });
});

describe('random interactive payloads', () => {
  const actionId = fc.oneof(
    fc.constantFrom('answer_a', 'answer_b', 'answer_c', 'answer_d', 'answer_e', 'share_card', 'answer_z', 'answer_'),
    fc.string({ maxLength: 30 }),
  );
  const value = fc.oneof(
    fc.constant('{{valid}}'),
    fc.constantFrom('lambda-limits', 'lambda-vs-fargate'),
    fc.nat({ max: 20 }).map((n) => `${n}:${'abcde'[n % 5]}`),
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.string({ minLength: 2000, maxLength: 4000 }),
    fc.jsonValue({ maxDepth: 2 }),
  );
  const action = fc.record(
    {
      type: fc.constantFrom('button', 'static_select', 'overflow'),
      action_id: actionId,
      block_id: fc.string({ maxLength: 10 }),
      value,
      action_ts: fc.string({ maxLength: 20 }),
    },
    { requiredKeys: [] },
  );
  const blockActions = fc.record(
    {
      type: fc.constantFrom(
        'block_actions',
        'block_actions',
        'view_submission',
        'shortcut',
        'message_action',
        'block_suggestion',
      ),
      team: fc.oneof(fc.record({ id: team }), fc.constant(null), fc.jsonValue({ maxDepth: 1 })),
      user: fc.oneof(fc.record({ id: user, team_id: team }), fc.jsonValue({ maxDepth: 1 })),
      channel: fc.oneof(fc.record({ id: channel }), fc.constant(null), fc.jsonValue({ maxDepth: 1 })),
      enterprise: fc.oneof(fc.constant(null), fc.record({ id: fc.string({ maxLength: 5 }) }), fc.jsonValue({ maxDepth: 1 })),
      container: fc.oneof(
        fc.record({ type: fc.constant('message'), message_ts: fc.string({ maxLength: 20 }) }),
        fc.jsonValue({ maxDepth: 1 }),
      ),
      message: fc.jsonValue({ maxDepth: 1 }),
      name: fc.string({ maxLength: 5 }),
      event: fc.jsonValue({ maxDepth: 1 }),
      actions: fc.oneof(fc.array(action, { minLength: 1, maxLength: 3 }), fc.jsonValue({ maxDepth: 2 })),
      // Slack always sends its own response_url; a broken one must only cost the reply.
      response_url: fc.constantFrom(RESPONSE_URL, RESPONSE_URL, 'not a url', 'http://127.0.0.1:9/refused'),
      trigger_id: fc.string({ maxLength: 20 }),
    },
    { requiredKeys: ['type'] },
  );
  const payload = fc.oneof(blockActions, fc.jsonValue({ maxDepth: 3 }));

  it('never gets a 5xx, a stack trace or a slow answer', async () => {
    const property = fc.asyncProperty(payload, async (p) => {
      const json = JSON.stringify(p ?? null)
        .replaceAll(`"${RESPONSE_URL}"`, JSON.stringify(h.slack.responseUrl(uniqueId('fuzz-action'))))
        .replaceAll('"{{valid}}"', JSON.stringify(validValue));
      const body = Buffer.from(new URLSearchParams({ payload: json }).toString());
      expectSafe(await post(body, 'application/x-www-form-urlencoded'));
    });
    await fc.assert(property, { numRuns: 200 * depth });
  });

  it('never gets a 5xx from random JSON event bodies', async () => {
    const event = fc.record(
      {
        type: fc.constantFrom('event_callback', 'url_verification', 'app_rate_limited', 'nonsense'),
        team_id: team,
        challenge: fc.string({ maxLength: 20 }),
        event: fc.oneof(
          fc.record(
            {
              type: fc.constantFrom('app_home_opened', 'message', 'app_mention', 'x'),
              user: fc.oneof(user, fc.jsonValue({ maxDepth: 1 })),
              tab: fc.constantFrom('home', 'messages'),
              channel: fc.oneof(channel, fc.jsonValue({ maxDepth: 1 })),
              item: fc.jsonValue({ maxDepth: 1 }),
              subteam: fc.jsonValue({ maxDepth: 1 }),
            },
            { requiredKeys: [] },
          ),
          fc.jsonValue({ maxDepth: 2 }),
        ),
        event_id: fc.string({ maxLength: 10 }),
        authorizations: fc.oneof(fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 2 }), fc.jsonValue({ maxDepth: 1 })),
      },
      { requiredKeys: [] },
    );
    const property = fc.asyncProperty(fc.oneof(event, fc.jsonValue({ maxDepth: 2 })), async (e) => {
      expectSafe(await post(Buffer.from(JSON.stringify(e ?? null)), 'application/json'));
    });
    await fc.assert(property, { numRuns: 100 * depth });
  });
});

describe('after the storm', () => {
  it('is healthy, left no unhandled rejection, and its data is consistent', async () => {
    // Let replies and live-count updates that were started by the requests above finish.
    await new Promise((r) => setTimeout(r, 500));
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    expect(rejections).toEqual([]);
    expect(h.logs.filter((l) => l.includes('"event":"bolt.unhandled"'))).toEqual([]);
    expect(await consistencyProblems(h.runtime.storage)).toEqual([]);
    for (const r of h.slack.responses) expect(JSON.stringify(r.body)).not.toMatch(STACK_TRACE);
  });
});
