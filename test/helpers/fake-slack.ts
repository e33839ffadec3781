import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  result?: Record<string, unknown>;
}

export interface FaultResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Hold the response this long (ms); beyond the client's timeout it is a timeout. */
  delayMs?: number;
}

/** A token bucket: `burst` calls at once, refilled at `perSecond`. */
export interface Bucket {
  burst: number;
  perSecond: number;
}

/**
 * Slack's rate limits, off unless asked for: chat.postMessage allows about one message per second
 * per channel with short bursts, and a workspace has its own ceiling; past either, a 429 with
 * Retry-After in whole seconds, and nothing is posted.
 */
export interface RateLimits {
  perChannel?: Bucket;
  perWorkspace?: Bucket;
  /** Methods the limits apply to; chat.postMessage unless given. */
  methods?: string[];
  /** The workspace a call counts against; the bot token unless given (one token per installed workspace). */
  workspaceOf?: (args: Record<string, unknown>, token: string) => string;
}

/** One call answered while rate limits are on: what, for whom, when (ms since the epoch), and whether it was refused. */
export interface TimedCall {
  method: string;
  channel: string;
  workspace: string;
  at: number;
  limited: boolean;
  args: Record<string, unknown>;
}

class Buckets {
  private readonly state = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly bucket: Bucket) {}

  /** Seconds to wait before a token is free; 0 when one is (it is not taken yet). */
  waitFor(key: string, now: number): number {
    const s = this.refill(key, now);
    return s.tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - s.tokens) / this.bucket.perSecond));
  }

  take(key: string, now: number): void {
    this.refill(key, now).tokens -= 1;
  }

  private refill(key: string, now: number) {
    const s = this.state.get(key) ?? { tokens: this.bucket.burst, at: now };
    s.tokens = Math.min(this.bucket.burst, s.tokens + ((now - s.at) / 1000) * this.bucket.perSecond);
    s.at = now;
    this.state.set(key, s);
    return s;
  }
}

/**
 * A local stand-in for Slack's Web API and response_url endpoints. Every call is recorded;
 * faults can be queued per method (429 with Retry-After, 500, ok:false, slow answers).
 */
export class FakeSlack {
  readonly calls: SlackCall[] = [];
  readonly responses: { path: string; body: Record<string, unknown> }[] = [];
  /** Methods in the order their requests arrived, before any fault delay. */
  readonly arrived: string[] = [];
  readonly admins = new Set<string>();
  teamId = 'T0TEST';
  private faults = new Map<string, FaultResponse[]>();
  private readonly delays = new Set<() => void>();
  private server?: http.Server;
  private ts = 1_700_000_000;
  private limits?: { o: RateLimits; channels?: Buckets; workspaces?: Buckets };
  /** With rate limits on: every limited method's call, answered or refused, in order. */
  readonly timeline: TimedCall[] = [];
  url = '';

  /** Queues responses for the next calls of a method ('response_url' for response URLs). */
  fail(method: string, ...responses: FaultResponse[]): void {
    this.faults.set(method, [...(this.faults.get(method) ?? []), ...responses]);
  }

  /** Turns Slack's rate limits on (see RateLimits); the default fake has none. */
  rateLimit(o: RateLimits): void {
    this.limits = {
      o,
      ...(o.perChannel ? { channels: new Buckets(o.perChannel) } : {}),
      ...(o.perWorkspace ? { workspaces: new Buckets(o.perWorkspace) } : {}),
    };
  }

  callsOf(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  responseUrl(id: string): string {
    return `${this.url}response/${id}`;
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => void this.handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}/`;
    return `${this.url}api/`;
  }

  async stop(): Promise<void> {
    // Held (slow) answers end now rather than keep the test process alive.
    for (const release of this.delays) release();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private parse(req: http.IncomingMessage, raw: string): Record<string, unknown> {
    const type = req.headers['content-type'] ?? '';
    if (type.includes('application/json')) {
      try {
        return JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return {};
      }
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of new URLSearchParams(raw)) {
      try {
        out[k] = k === 'blocks' || k === 'view' || k === 'attachments' ? JSON.parse(v) : v;
      } catch {
        out[k] = v;
      }
    }
    return out;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse, raw: string) {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const args = this.parse(req, raw);
    const method = path.startsWith('/api/') ? path.slice(5) : path.startsWith('/response/') ? 'response_url' : path;
    this.arrived.push(method);
    const fault = this.faults.get(method)?.shift();
    if (fault?.delayMs) {
      const ms = fault.delayMs;
      await new Promise<void>((resolve) => {
        const release = () => {
          clearTimeout(timer);
          this.delays.delete(release);
          resolve();
        };
        const timer = setTimeout(release, ms);
        this.delays.add(release);
      });
    }
    if (fault) {
      this.calls.push({ method: `${method}#fault`, args });
      res.writeHead(fault.status ?? 200, { 'content-type': 'application/json', ...fault.headers });
      res.end(JSON.stringify(fault.body ?? { ok: false, error: 'fatal_error' }));
      return;
    }
    const retryAfter = this.limited(method, args, String(req.headers.authorization ?? '').replace(/^Bearer /, ''));
    if (retryAfter) {
      this.calls.push({ method: `${method}#limited`, args });
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(retryAfter) });
      res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    const call: SlackCall = { method, args };
    this.calls.push(call);
    if (method === 'response_url') {
      this.responses.push({ path, body: args });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return;
    }
    call.result = this.answer(method, args);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(call.result));
  }

  /** Seconds of Retry-After when this call is over a limit (nothing taken then); 0 when it may go. */
  private limited(method: string, args: Record<string, unknown>, token: string): number {
    const l = this.limits;
    if (!l || !(l.o.methods ?? ['chat.postMessage']).includes(method)) return 0;
    const now = Date.now();
    const channel = String(args.channel ?? '');
    const workspace = l.o.workspaceOf ? l.o.workspaceOf(args, token) : token;
    const wait = Math.max(l.channels?.waitFor(channel, now) ?? 0, l.workspaces?.waitFor(workspace, now) ?? 0);
    if (wait === 0) {
      l.channels?.take(channel, now);
      l.workspaces?.take(workspace, now);
    }
    this.timeline.push({ method, channel, workspace, at: now, limited: wait > 0, args });
    return wait;
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, team_id: this.teamId, user_id: 'UBOT', bot_id: 'BBOT', team: 'Test', user: 'tutor' };
      case 'chat.postMessage':
        return { ok: true, channel: args.channel, ts: `${this.ts++}.000100`, message: {} };
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${this.ts++}.000200` };
      case 'users.info': {
        const id = String(args.user);
        return { ok: true, user: { id, is_admin: this.admins.has(id), is_owner: false } };
      }
      case 'views.publish':
        return { ok: true, view: { id: 'V1' } };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users ?? '').replace(/^U/, '')}` } };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}
