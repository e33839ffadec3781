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

/** A file sent to the upload URL that files.getUploadURLExternal handed out. */
export interface FakeUpload {
  fileId: string;
  filename: string;
  /** The length announced to files.getUploadURLExternal. */
  length: number;
  bytes: Buffer;
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
    const call: SlackCall = { method, args };
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
        return { ok: true, user: { id, is_admin: this.admins.has(id), is_owner: false } };
      }
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
