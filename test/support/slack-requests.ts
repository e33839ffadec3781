import { createHmac } from 'node:crypto';

// 32 hex characters, the shape of Slack's signing secrets.
export const TEST_SIGNING_SECRET = '5e1f7a2b9c4d6e8f0a1b2c3d4e5f6a7b';
export const TEST_BOT_TOKEN = 'xoxb-000000000-test-token-value';

export function signatureHeaders(body: string, secret = TEST_SIGNING_SECRET, timestamp = Math.floor(Date.now() / 1000)) {
  const base = `v0:${timestamp}:${body}`;
  return {
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': `v0=${createHmac('sha256', secret).update(base).digest('hex')}`,
  };
}

// Each request carries a distinct timestamp-salted body so the replay guard sees distinct signatures.
let counter = 0;

export async function postSigned(
  baseUrl: string,
  body: string,
  opts: { secret?: string; timestamp?: number; contentType?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; text: string; json?: unknown }> {
  const res = await fetch(`${baseUrl}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': opts.contentType ?? 'application/x-www-form-urlencoded',
      ...signatureHeaders(body, opts.secret, opts.timestamp),
      ...opts.headers,
    },
    body,
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}

export interface CommandOptions {
  text: string;
  user?: string;
  team?: string;
  channel?: string;
  responseUrl?: string;
}

export function commandBody(o: CommandOptions): string {
  return new URLSearchParams({
    token: 'legacy-unused',
    team_id: o.team ?? 'T0TEST',
    team_domain: 'test',
    channel_id: o.channel ?? 'C0QUIZ',
    channel_name: 'quiz',
    user_id: o.user ?? 'U0ALICE',
    user_name: 'alice',
    command: '/aws',
    text: o.text,
    api_app_id: 'A0TEST',
    response_url: o.responseUrl ?? 'http://127.0.0.1:9/unused',
    trigger_id: `trigger-${++counter}`,
  }).toString();
}

export function sendCommand(baseUrl: string, o: CommandOptions) {
  return postSigned(baseUrl, commandBody(o));
}

export interface ButtonOptions {
  actionId: string;
  value: string;
  user?: string;
  team?: string;
  channel?: string;
  messageTs?: string;
  responseUrl: string;
}

export function actionBody(o: ButtonOptions): string {
  const payload = {
    type: 'block_actions',
    team: { id: o.team ?? 'T0TEST', domain: 'test' },
    user: { id: o.user ?? 'U0ALICE', username: 'alice', team_id: o.team ?? 'T0TEST' },
    api_app_id: 'A0TEST',
    token: 'legacy-unused',
    container: {
      type: 'message',
      message_ts: o.messageTs ?? '1700000000.000100',
      channel_id: o.channel ?? 'C0QUIZ',
      is_ephemeral: false,
    },
    trigger_id: `trigger-${++counter}`,
    channel: { id: o.channel ?? 'C0QUIZ', name: 'quiz' },
    message: { type: 'message', ts: o.messageTs ?? '1700000000.000100', text: 'q' },
    response_url: o.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: o.actionId,
        block_id: 'answer',
        text: { type: 'plain_text', text: 'A' },
        value: o.value,
        action_ts: `${Date.now() / 1000}${++counter}`,
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export function clickButton(baseUrl: string, o: ButtonOptions) {
  return postSigned(baseUrl, actionBody(o));
}

export interface ViewSubmissionOptions {
  callbackId: string;
  /** view.state.values: block id -> action id -> the element's state. */
  values: Record<string, Record<string, unknown>>;
  user?: string;
  team?: string;
}

/** A modal's Save, as Slack sends it: a form with one `payload` field. */
export function viewSubmissionBody(o: ViewSubmissionOptions): string {
  const payload = {
    type: 'view_submission',
    team: { id: o.team ?? 'T0TEST', domain: 'test' },
    user: { id: o.user ?? 'U0ALICE', username: 'alice', team_id: o.team ?? 'T0TEST' },
    api_app_id: 'A0TEST',
    token: 'legacy-unused',
    trigger_id: `trigger-${++counter}`,
    view: {
      id: `V${++counter}`,
      type: 'modal',
      callback_id: o.callbackId,
      private_metadata: '',
      state: { values: o.values },
    },
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export function submitView(baseUrl: string, o: ViewSubmissionOptions) {
  return postSigned(baseUrl, viewSubmissionBody(o));
}
