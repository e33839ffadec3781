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
  /** users.info `tz` per user id; users not listed have no zone in their profile. */
  readonly timezones = new Map<string, string>();
  teamId = 'T0TEST';
  private faults = new Map<string, FaultResponse[]>();
  private readonly delays = new Set<() => void>();
  private server?: http.Server;
  private ts = 1_700_000_000;
  url = '';

  /** Queues responses for the next calls of a method ('response_url' for response URLs). */
  fail(method: string, ...responses: FaultResponse[]): void {
    this.faults.set(method, [...(this.faults.get(method) ?? []), ...responses]);
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
        const tz = this.timezones.get(id);
        return { ok: true, user: { id, is_admin: this.admins.has(id), is_owner: false, ...(tz ? { tz } : {}) } };
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
