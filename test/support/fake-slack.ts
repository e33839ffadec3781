import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  result?: Record<string, unknown>;
  /** The token the call was made with (its Authorization: Bearer header, or a token field). */
  token?: string;
}

/** What oauth.v2.access hands over for a code: one workspace's installation. */
export interface OAuthGrant {
  teamId: string;
  teamName?: string;
  enterpriseId?: string;
  /** An Enterprise Grid org-wide install: no team, the organization instead. */
  isEnterpriseInstall?: boolean;
  botToken: string;
  botUserId?: string;
  botId?: string;
  installerUserId: string;
  scope?: string;
}

export interface FaultResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Hold the response this long (ms); beyond the client's timeout it is a timeout. */
  delayMs?: number;
}

/** A file sent to the upload URL that files.getUploadURLExternal handed out. */
export interface FakeUpload {
  fileId: string;
  filename: string;
  /** The length announced to files.getUploadURLExternal. */
  length: number;
  bytes: Buffer;
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
 * files.uploadV2 works as in Slack: files.getUploadURLExternal hands out an upload URL on this
 * fake ('file_upload' is the POST to it, the bytes kept in `uploads`), then
 * files.completeUploadExternal shares the file.
 */
export class FakeSlack {
  readonly calls: SlackCall[] = [];
  readonly responses: { path: string; body: Record<string, unknown> }[] = [];
  /** Methods in the order their requests arrived, before any fault delay. */
  readonly arrived: string[] = [];
  readonly admins = new Set<string>();
  /** Files received at upload URLs, by file id. */
  readonly uploads = new Map<string, FakeUpload>();
  private readonly uploadUrls = new Map<string, { filename: string; length: number }>();
  private fileSeq = 0;
  /** Profile time zones users.info reports (`tz`), by user id; users not listed have none. */
  readonly zones = new Map<string, string>();
  /** The same map under the name the practice tests use. */
  get timezones(): Map<string, string> {
    return this.zones;
  }
  /**
   * What conversations.info says about a channel, by id: fields over a public channel the bot is
   * in (a D… id is a DM), or an error code such as channel_not_found.
   */
  readonly conversations = new Map<string, Record<string, unknown> | string>();
  teamId = 'T0TEST';
  /**
   * Slack's consent screen (GET /oauth/v2/authorize): it sends the browser back to `redirectUrl`
   * (the app's configured Redirect URL) with `code` and the state it was given, or with
   * error=access_denied when `code` is undefined (the person pressed Cancel). `state`, when set,
   * replaces the state it was given (a forged or mixed-up redirect).
   */
  consent: { redirectUrl: string; code?: string; state?: string } = { redirectUrl: '' };
  private readonly grants = new Map<string, OAuthGrant>();
  /** Bot tokens handed out by oauth.v2.access, to the grant they came from (auth.test answers for them). */
  private readonly granted = new Map<string, OAuthGrant>();
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

  /** Makes `code` redeemable once at oauth.v2.access, for this installation. */
  grant(code: string, grant: OAuthGrant): void {
    this.grants.set(code, grant);
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
      req.on('end', () => void this.handle(req, res, Buffer.concat(chunks)));
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
        out[k] = k === 'blocks' || k === 'view' || k === 'attachments' || k === 'files' ? JSON.parse(v) : v;
      } catch {
        out[k] = v;
      }
    }
    return out;
  }

  /** The consent screen: straight back to the app, as if the person pressed Allow (or Cancel). */
  private authorizePage(req: http.IncomingMessage, res: http.ServerResponse) {
    const query = new URL(req.url ?? '/', 'http://fake').searchParams;
    this.calls.push({ method: 'oauth/v2/authorize', args: Object.fromEntries(query) });
    const back = new URL(this.consent.redirectUrl);
    if (this.consent.code) back.searchParams.set('code', this.consent.code);
    else back.searchParams.set('error', 'access_denied');
    back.searchParams.set('state', this.consent.state ?? query.get('state') ?? '');
    res.writeHead(302, { location: back.toString() });
    res.end();
  }

  /** The file of a multipart upload POST (the WebClient sends it as a form field). */
  private async uploaded(req: http.IncomingMessage, raw: Buffer): Promise<Record<string, unknown>> {
    const fileId = (req.url ?? '').split('?')[0]?.slice('/upload/'.length) ?? '';
    const form = await new Request('http://fake/upload', {
      method: 'POST',
      headers: { 'content-type': req.headers['content-type'] ?? '' },
      body: new Uint8Array(raw),
    })
      .formData()
      .catch(() => undefined);
    const file = [...(form?.values() ?? [])].find((v): v is File => typeof v !== 'string');
    return { fileId, bytes: file ? Buffer.from(await file.arrayBuffer()) : raw };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (path === '/oauth/v2/authorize') return this.authorizePage(req, res);
    const isUpload = path.startsWith('/upload/');
    const args = isUpload ? await this.uploaded(req, body) : this.parse(req, body.toString('utf8'));
    const method = path.startsWith('/api/')
      ? path.slice(5)
      : path.startsWith('/response/')
        ? 'response_url'
        : isUpload
          ? 'file_upload'
          : path;
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
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? (typeof args.token === 'string' ? args.token : undefined);
    const retryAfter = this.limited(method, args, token ?? '');
    if (retryAfter) {
      this.calls.push({ method: `${method}#limited`, args });
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(retryAfter) });
      res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    const call: SlackCall = { method, args, ...(token ? { token } : {}) };
    this.calls.push(call);
    if (method === 'response_url') {
      this.responses.push({ path, body: args });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return;
    }
    if (method === 'file_upload') {
      const fileId = String(args.fileId);
      const expected = this.uploadUrls.get(fileId);
      if (!expected) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('no such upload');
        return;
      }
      this.uploads.set(fileId, { fileId, ...expected, bytes: args.bytes as Buffer });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`OK - ${(args.bytes as Buffer).length}`);
      return;
    }
    call.result = this.answer(method, args, token);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(call.result));
  }

  /** oauth.v2.access: a code redeems once, for the installation it was granted with. */
  private exchange(args: Record<string, unknown>): Record<string, unknown> {
    const g = this.grants.get(String(args.code));
    if (!g) return { ok: false, error: 'invalid_code' };
    this.grants.delete(String(args.code));
    this.granted.set(g.botToken, g);
    const enterprise = g.enterpriseId ? { id: g.enterpriseId, name: 'Grid' } : null;
    return {
      ok: true,
      app_id: 'A0TEST',
      authed_user: { id: g.installerUserId },
      scope: g.scope ?? 'commands,chat:write,chat:write.public,users:read,im:write',
      token_type: 'bot',
      access_token: g.botToken,
      bot_user_id: g.botUserId ?? `U${g.teamId}BOT`,
      team: g.isEnterpriseInstall ? null : { id: g.teamId, name: g.teamName ?? g.teamId },
      enterprise,
      is_enterprise_install: Boolean(g.isEnterpriseInstall),
    };
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

  private answer(method: string, args: Record<string, unknown>, token?: string): Record<string, unknown> {
    const installed = token ? this.granted.get(token) : undefined;
    switch (method) {
      case 'auth.test':
        if (installed) {
          return {
            ok: true,
            team_id: installed.teamId,
            user_id: installed.botUserId ?? `U${installed.teamId}BOT`,
            bot_id: installed.botId ?? `B${installed.teamId}`,
            team: installed.teamName ?? installed.teamId,
            user: 'tutor',
            url: 'https://grid.example.slack.com/',
          };
        }
        return { ok: true, team_id: this.teamId, user_id: 'UBOT', bot_id: 'BBOT', team: 'Test', user: 'tutor' };
      case 'oauth.v2.access':
        return this.exchange(args);
      case 'auth.revoke':
        if (token) this.granted.delete(token);
        return { ok: true, revoked: true };
      case 'chat.postMessage':
        return { ok: true, channel: args.channel, ts: `${this.ts++}.000100`, message: {} };
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${this.ts++}.000200` };
      case 'users.info': {
        const id = String(args.user);
        const tz = this.zones.get(id);
        return { ok: true, user: { id, is_admin: this.admins.has(id), is_owner: false, ...(tz ? { tz } : {}) } };
      }
      case 'conversations.info': {
        const id = String(args.channel);
        const known = this.conversations.get(id);
        if (typeof known === 'string') return { ok: false, error: known };
        const isIm = id.startsWith('D');
        const channel = { id, name: 'quiz', is_channel: !isIm, is_im: isIm, is_mpim: false, is_private: false };
        return { ok: true, channel: { ...channel, is_archived: false, is_member: true, ...known } };
      }
      case 'views.open':
        return { ok: true, view: { id: `V${this.ts++}` } };
      case 'views.publish':
        return { ok: true, view: { id: 'V1' } };
      case 'files.getUploadURLExternal': {
        const fileId = `F${String(++this.fileSeq).padStart(6, '0')}`;
        this.uploadUrls.set(fileId, { filename: String(args.filename), length: Number(args.length) });
        return { ok: true, upload_url: `${this.url}upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = (Array.isArray(args.files) ? args.files : []) as { id: string; title?: string }[];
        const missing = files.find((f) => !this.uploads.has(f.id));
        if (missing || files.length === 0) return { ok: false, error: 'file_not_found' };
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title, name: this.uploads.get(f.id)?.filename })) };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users ?? '').replace(/^U/, '')}` } };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}
