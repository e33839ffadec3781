import http from 'node:http';
import type { HTTPReceiver } from '@slack/bolt';
import type { Db } from './db/open.ts';
import type { Log } from './log.ts';

const REPLAY_WINDOW_MS = 5 * 60_000;
const REPLAY_CACHE_MAX = 50_000;

/**
 * Remembers request signatures for Slack's 5-minute timestamp window, so a captured request
 * cannot be sent again. Bolt already refuses stale timestamps and bad signatures.
 */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();
  constructor(private readonly now: () => number = Date.now) {}

  isReplay(signature: string): boolean {
    const t = this.now();
    if (this.seen.size >= REPLAY_CACHE_MAX) {
      for (const [sig, expires] of this.seen) if (expires <= t) this.seen.delete(sig);
      // Still full: the oldest entries go first (Map keeps insertion order).
      for (const sig of this.seen.keys()) {
        if (this.seen.size < REPLAY_CACHE_MAX) break;
        this.seen.delete(sig);
      }
    }
    const expires = this.seen.get(signature);
    if (expires !== undefined && expires > t) return true;
    this.seen.set(signature, t + REPLAY_WINDOW_MS);
    return false;
  }
}

export function isDatabaseHealthy(db: Db): boolean {
  try {
    return db.open && (db.prepare('SELECT 1 AS ok').get() as { ok: number }).ok === 1;
  } catch {
    return false;
  }
}

const send = (res: http.ServerResponse, status: number, body?: object) => {
  res.writeHead(status, body ? { 'content-type': 'application/json' } : {});
  res.end(body ? JSON.stringify(body) : undefined);
};

/** `/slack/events` (HTTP mode), `/healthz`, and 404 for everything else. */
export function createServer(o: { db: Db; receiver?: HTTPReceiver; log: Log; isStopping: () => boolean }): http.Server {
  const replays = new ReplayGuard();
  return http.createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    if (url === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      const healthy = !o.isStopping() && isDatabaseHealthy(o.db);
      send(res, healthy ? 200 : 503, { ok: healthy, database: healthy ? 'ok' : 'unavailable' });
      return;
    }
    if (url === '/slack/events' && o.receiver) {
      if (req.method !== 'POST') return send(res, 405);
      const length = Number(req.headers['content-length'] ?? 0);
      if (length > 1024 * 1024) {
        o.log.warn('http.too_large', { bytes: length });
        res.writeHead(413, { connection: 'close' });
        res.end();
        req.destroy();
        return;
      }
      const signature = req.headers['x-slack-signature'];
      if (typeof signature === 'string' && signature.length > 0 && replays.isReplay(signature)) {
        o.log.warn('http.replay_refused', {});
        return send(res, 401);
      }
      o.receiver.requestListener(req, res);
      return;
    }
    send(res, 404);
  });
}
