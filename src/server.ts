import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import querystring from 'node:querystring';
import type { HTTPReceiver } from '@slack/bolt';
import { z } from 'zod';
import type { Log } from './log.ts';
import { REPLAY_SWEEP_MS } from './runtime/timings.ts';
import { memoryReplayStore, type ReplayStore } from './services/replay-store.ts';

const REPLAY_WINDOW_MS = 5 * 60_000;
/** Slack's request body is a few KB; anything near this is not Slack. */
export const BODY_LIMIT = 1024 * 1024;

const send = (res: http.ServerResponse, status: number, body?: object) => {
  res.writeHead(status, body ? { 'content-type': 'application/json' } : {});
  res.end(body ? JSON.stringify(body) : undefined);
};

const tooLarge = (res: http.ServerResponse) => {
  res.setHeader('connection', 'close');
  send(res, 413, { ok: false, error: 'body_too_large', limit_bytes: BODY_LIMIT });
};

const refuseMethod = (res: http.ServerResponse, allow: string) => {
  res.setHeader('allow', allow);
  send(res, 405, { ok: false, error: 'method_not_allowed' });
};

const NO_INSTALL_PAGE = `This app serves one workspace (SLACK_BOT_TOKEN), so it has no install page.
To install it in many workspaces, set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET and
TOKEN_ENCRYPTION_KEY and restart it (see "Multi-workspace install (OAuth)" in the README).
`;

/** Reads the whole body, or undefined once it passes `limit` (a chunked body has no content-length). */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Slack signs `v0:<timestamp>:<body>` with the signing secret. Bolt checks this too, but only that
 * the timestamp is not too old: a timestamp far in the future would outlive the replay window.
 */
export function hasValidSignature(secret: string, headers: http.IncomingHttpHeaders, body: string, nowMs: number): boolean {
  const signature = headers['x-slack-signature'];
  const timestamp = headers['x-slack-request-timestamp'];
  if (typeof signature !== 'string' || typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > REPLAY_WINDOW_MS / 1000) return false;
  const expected = Buffer.from(`v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

// The shapes this app answers. Bolt trusts a signed body's shape: a null where it expects an object
// (`"channel": null`), or a field that makes it take a command for an event, crashes it (500, or an
// unhandled rejection and a request that never ends), and a shape no listener takes waits 3 s for a
// 404. So the body is checked here, and anything else is refused at once with a 400.
const absent = z.never().optional();
const slashCommand = z.object({
  command: z.string().min(1),
  team_id: z.string(),
  user_id: z.string().min(1),
  channel_id: z.string().optional(),
  text: z.string().optional(),
  trigger_id: z.string().optional(),
  response_url: z.string().optional(),
  // Bolt would read these first and treat the command as an event.
  event: absent,
});
const blockActions = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: z.string().min(1), team_id: z.string().optional() }),
  team: z.object({ id: z.string() }).nullish(),
  enterprise: z.object({ id: z.string() }).nullish(),
  channel: z.object({ id: z.string() }).optional(),
  actions: z.array(z.object({ action_id: z.string().min(1), block_id: z.string().optional() })).min(1),
  response_url: z.string().optional(),
  event: absent,
  command: absent,
  name: absent,
});
// A modal's submission: Bolt routes it by view.callback_id and reads the inputs from view.state.values.
const viewSubmission = z.object({
  type: z.literal('view_submission'),
  user: z.object({ id: z.string().min(1), team_id: z.string().optional() }),
  team: z.object({ id: z.string() }).nullish(),
  enterprise: z.object({ id: z.string() }).nullish(),
  view: z.object({
    id: z.string().min(1),
    callback_id: z.string().min(1),
    private_metadata: z.string().optional(),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), z.object({}).passthrough())) }),
  }),
  event: absent,
  command: absent,
  actions: absent,
});
const eventCallback = z.object({
  type: z.literal('event_callback'),
  team_id: z.string().optional(),
  enterprise_id: z.string().nullish(),
  authorizations: z.array(z.object({ team_id: z.string().nullish() })).optional(),
  event: z.object({
    type: z.string(),
    user: z.string().optional(),
    channel: z.union([z.string(), z.object({ id: z.string() })]).optional(),
    channel_id: z.string().optional(),
    item: z.object({}).optional(),
    subteam: z.object({}).optional(),
    // tokens_revoked: the user and bot user ids whose tokens went (multi-workspace mode drops the install).
    tokens: z.object({ oauth: z.array(z.string()).optional(), bot: z.array(z.string()).optional() }).optional(),
  }),
});
const urlVerification = z.object({ type: z.literal('url_verification'), challenge: z.string() });

export type BodyVerdict =
  | { ok: true }
  /** A signed callback Slack sends without a subscription (app_rate_limited): answered 200, logged. */
  | { ok: false; reason: 'unsubscribed'; type: string; teamId?: string }
  | { ok: false; reason: 'malformed' | 'unsupported' };

/** Callbacks Slack sends to every app without a subscription; a non-200 answer counts against the app. */
const unsubscribed = z.object({ type: z.literal('app_rate_limited'), team_id: z.string().optional() });

/** Parses a signed body the way Bolt will, and says whether it is something this app handles. */
export function checkSlackBody(raw: string, contentType: string | undefined): BodyVerdict {
  let body: unknown;
  try {
    // Bolt compares the content type exactly, so this does too.
    if (contentType === 'application/x-www-form-urlencoded') {
      const form = querystring.parse(raw);
      if (typeof form.payload === 'string') body = JSON.parse(form.payload);
      // A repeated field arrives as an array where every listener expects a string.
      else if (Object.values(form).every((v) => typeof v === 'string')) body = form;
      else return { ok: false, reason: 'malformed' };
    } else {
      body = JSON.parse(raw);
    }
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, reason: 'malformed' };
  const notice = unsubscribed.safeParse(body);
  if (notice.success) {
    return {
      ok: false,
      reason: 'unsubscribed',
      type: notice.data.type,
      ...(notice.data.team_id ? { teamId: notice.data.team_id } : {}),
    };
  }
  const shape = shapeFor(body as Record<string, unknown>);
  return shape?.safeParse(body).success ? { ok: true } : { ok: false, reason: 'unsupported' };
}

/**
 * The one shape a body can be, picked the way Bolt tells them apart (its receiver answers
 * url_verification first; then an event wins over a command, a command over an action), so each
 * request is checked once, against the schema Bolt will treat it as.
 */
function shapeFor(body: Record<string, unknown>): z.ZodType | undefined {
  if (body.type === 'url_verification') return urlVerification;
  if (body.event !== undefined) return eventCallback;
  if (body.command !== undefined) return slashCommand;
  if (body.type === 'block_actions') return blockActions;
  if (body.type === 'view_submission') return viewSubmission;
  return undefined;
}

/**
 * Slack's SSL certificate check: a form POST with `ssl_check=1`, sent unsigned. It is answered
 * here, whatever else the body carries, and never handed on.
 */
export function isSslCheck(text: string, contentType: string | undefined): boolean {
  return (
    contentType?.split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded' &&
    text.includes('ssl_check') &&
    querystring.parse(text).ssl_check === '1'
  );
}

declare const verifiedBrand: unique symbol;
/** A request body whose signature, timestamp and freshness were checked. Only `admit` makes one. */
export type VerifiedBody = Buffer & { readonly [verifiedBrand]: true };

/** What the front door does with one request to /slack/events. */
export type Admission =
  | { kind: 'ssl_check' }
  /** `error` is what the caller is told: a short code, never more than the log says. */
  | { kind: 'refused'; status: 400 | 401 | 503; event: string; error: string }
  | { kind: 'noted'; type: string; teamId?: string }
  | { kind: 'verified'; body: VerifiedBody };

/**
 * THE RULE: nothing reaches a listener without a verified signature.
 *
 * Every request to /slack/events passes through here, and only a `verified` admission is handed
 * to Bolt (whose own signature check is off, so this is the only one). The unsigned ssl_check is
 * answered without reaching Bolt; everything else must carry a valid HMAC over a timestamp inside
 * Slack's 5-minute window and a signature not seen before, checked before the body is parsed.
 */
export async function admit(
  raw: Buffer,
  headers: http.IncomingHttpHeaders,
  gate: { signingSecret: string; replays: ReplayStore; nowMs: number },
): Promise<Admission> {
  const text = raw.toString('utf8');
  const contentType = headers['content-type'];
  if (isSslCheck(text, contentType)) return { kind: 'ssl_check' };
  if (!hasValidSignature(gate.signingSecret, headers, text, gate.nowMs)) {
    return { kind: 'refused', status: 401, event: 'http.bad_signature', error: 'invalid_signature' };
  }
  // Only verified signatures are remembered, so forged requests cannot flush the cache. A signature
  // stays valid until its timestamp leaves the window (a timestamp may lie ahead of this clock).
  const expiresAt = new Date(Number(headers['x-slack-request-timestamp']) * 1000 + REPLAY_WINDOW_MS);
  let fresh: boolean;
  try {
    fresh = await gate.replays.firstSeen(String(headers['x-slack-signature']), expiresAt);
  } catch {
    // A request that cannot be checked is not admitted; Slack retries a 503.
    return { kind: 'refused', status: 503, event: 'http.replay_check_failed', error: 'try_again' };
  }
  if (!fresh) return { kind: 'refused', status: 401, event: 'http.replay_refused', error: 'replayed_request' };
  const verdict = checkSlackBody(text, contentType);
  if (verdict.ok) return { kind: 'verified', body: raw as VerifiedBody };
  if (verdict.reason === 'unsubscribed') {
    return { kind: 'noted', type: verdict.type, ...(verdict.teamId ? { teamId: verdict.teamId } : {}) };
  }
  return { kind: 'refused', status: 400, event: 'http.bad_request', error: verdict.reason };
}

export interface ServerOptions {
  /** Whether the database answers, for /healthz. */
  isHealthy: () => Promise<boolean>;
  receiver?: HTTPReceiver;
  /** Required with a receiver: requests are verified here before Bolt sees them. */
  signingSecret?: string;
  /** Multi-workspace mode: the receiver's installer serves GET /slack/install and /slack/oauth_redirect. */
  servesInstall?: boolean;
  log: Log;
  isStopping: () => boolean;
  now?: () => number;
  /** Signatures already admitted; in memory unless several instances share them (REPLAY_GUARD=database). */
  replays?: ReplayStore;
}

/** The browser pages of the OAuth install, served by Bolt's installer (src/slack/install.ts). */
const INSTALL_PATHS = new Set(['/slack/install', '/slack/oauth_redirect']);

/**
 * What a browser may do with an install page: show it, with its inline style, and follow its
 * links; no script, nothing loaded from elsewhere, no framing, and the OAuth code in the redirect's
 * URL never sent on as a Referer.
 */
const INSTALL_PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** 404; an install page asked of an app that serves one workspace says how to turn it on. */
function notFound(res: http.ServerResponse, url: string, servesInstall: boolean): void {
  if (INSTALL_PATHS.has(url) && !servesInstall) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(NO_INSTALL_PAGE);
  } else {
    send(res, 404, { ok: false, error: 'not_found' });
  }
}

/**
 * `/slack/events` (HTTP mode), `/healthz`, the install pages (multi-workspace mode), and 404 for
 * everything else.
 */
export function createServer(o: ServerOptions): http.Server {
  const now = o.now ?? Date.now;
  const replays = o.replays ?? memoryReplayStore(now);
  const handleEvent = async (req: http.IncomingMessage, res: http.ServerResponse, receiver: HTTPReceiver) => {
    const raw = await readBody(req, BODY_LIMIT);
    if (raw === undefined) {
      o.log.warn('http.too_large', { bytes: 'chunked' });
      // Stop reading a body that may never end, once the answer is out.
      res.on('finish', () => req.destroy());
      tooLarge(res);
      return;
    }
    const admission = await admit(raw, req.headers, { signingSecret: o.signingSecret ?? '', replays, nowMs: now() });
    switch (admission.kind) {
      case 'ssl_check':
        return send(res, 200);
      case 'refused':
        o.log.warn(admission.event, admission.status === 400 ? { reason: admission.error, bytes: raw.length } : {});
        return send(res, admission.status, { ok: false, error: admission.error });
      case 'noted':
        o.log.warn('slack.notice', { type: admission.type, team: admission.teamId });
        return send(res, 200);
      case 'verified':
        // Bolt reads a body that is already buffered from here instead of the consumed stream.
        (req as http.IncomingMessage & { rawBody?: Buffer }).rawBody = admission.body;
        receiver.requestListener(req, res);
    }
  };

  const server = http.createServer((req, res) => {
    // Shutting down: requests already on a kept-alive connection are still served in full, but the
    // connection closes after each, so the drain ends as soon as they do rather than at the deadline.
    if (o.isStopping()) res.setHeader('connection', 'close');
    const url = (req.url ?? '/').split('?')[0];
    if (url === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      const answer = (healthy: boolean) =>
        send(res, healthy ? 200 : 503, { ok: healthy, database: healthy ? 'ok' : 'unavailable' });
      if (o.isStopping()) return answer(false);
      o.isHealthy().then(answer, () => answer(false));
      return;
    }
    // A browser's GET, unsigned by nature: Bolt's installer protects the flow with its state (signed
    // with SLACK_STATE_SECRET, and matched against the cookie it set in this browser). Nothing here
    // reaches a listener, so `admit` stays the only way to one.
    if (o.servesInstall && o.receiver && INSTALL_PATHS.has(url ?? '')) {
      if (req.method !== 'GET') return refuseMethod(res, 'GET');
      for (const [name, value] of Object.entries(INSTALL_PAGE_HEADERS)) res.setHeader(name, value);
      o.receiver.requestListener(req, res);
      return;
    }
    if (url === '/slack/events' && o.receiver) {
      if (req.method !== 'POST') return refuseMethod(res, 'POST');
      const length = Number(req.headers['content-length'] ?? 0);
      if (length > BODY_LIMIT) {
        o.log.warn('http.too_large', { bytes: length });
        tooLarge(res);
        req.destroy();
        return;
      }
      handleEvent(req, res, o.receiver).catch((err: unknown) => {
        // The client went away mid-body, or the socket broke: nothing to answer.
        o.log.warn('http.request_failed', { error: (err as Error).message });
        if (!res.headersSent) send(res, 400, { ok: false, error: 'bad_request' });
      });
      return;
    }
    notFound(res, url ?? '', Boolean(o.servesInstall));
  });
  const sweeper = setInterval(() => {
    replays
      .sweep(new Date(now()))
      .catch((err: unknown) => o.log.warn('http.replay_sweep_failed', { error: (err as Error).message }));
  }, REPLAY_SWEEP_MS);
  sweeper.unref();
  server.on('close', () => clearInterval(sweeper));
  return server;
}
