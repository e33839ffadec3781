import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isSlackReplyUrl, ResponseUrlError, responseUrlPoster } from './response-url.ts';

interface Received {
  path: string;
  contentType: string | undefined;
  body: unknown;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/**
 * A local response_url endpoint; `answer` decides each reply, holds it (undefined), or closes the
 * connection without one ('reset').
 */
async function endpoint(
  answer: (n: number) => { status: number; body?: string } | 'reset' | undefined,
  o: { keepAliveTimeoutMs?: number } = {},
) {
  const received: Received[] = [];
  let connections = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        contentType: req.headers['content-type'],
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      const a = answer(received.length);
      if (!a) return;
      if (a === 'reset') {
        req.socket.destroy();
        return;
      }
      res.writeHead(a.status, { 'content-type': 'text/plain' });
      res.end(a.body ?? 'ok');
    });
  });
  server.on('connection', () => connections++);
  if (o.keepAliveTimeoutMs) server.keepAliveTimeout = o.keepAliveTimeoutMs;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/response/`;
  endpointOrigins.push(new URL(url).origin);
  return { url, received, connections: () => connections };
}

/** The local endpoints stand in for Slack, as the fake Slack does through SLACK_API_URL. */
const endpointOrigins: string[] = [];

function poster(timeoutMs = 2000, onRefused?: (where: { origin: string; path: string }) => void) {
  const p = responseUrlPoster({ timeoutMs, extraOrigins: [...endpointOrigins], ...(onRefused ? { onRefused } : {}) });
  cleanups.push(() => p.close());
  return p;
}

describe('responseUrlPoster', () => {
  it('posts the message as JSON, and sends later posts over the same connection', async () => {
    const slack = await endpoint(() => ({ status: 200 }));
    const { post } = poster();
    for (let i = 0; i < 5; i++) await post(`${slack.url}r${i}`, { response_type: 'ephemeral', text: `reply ${i}` });
    expect(slack.received.map((r) => r.path)).toEqual([
      '/response/r0',
      '/response/r1',
      '/response/r2',
      '/response/r3',
      '/response/r4',
    ]);
    expect(slack.received[4]).toMatchObject({
      contentType: 'application/json',
      body: { response_type: 'ephemeral', text: 'reply 4' },
    });
    expect(slack.connections()).toBe(1);
  });

  it('sends once more on a new connection when a kept-alive one is closed as it is reused', async () => {
    const slack = await endpoint((n) => (n === 2 ? 'reset' : { status: 200 }));
    const { post } = poster();
    await post(`${slack.url}first`, { text: 'one' });
    await post(`${slack.url}second`, { text: 'two' });
    expect(slack.received.map((r) => r.path)).toEqual(['/response/first', '/response/second', '/response/second']);
    expect(slack.connections()).toBe(2);
  });

  it('never sends a message for the whole channel twice', async () => {
    const slack = await endpoint((n) => (n === 2 ? 'reset' : { status: 200 }));
    const { post } = poster();
    await post(`${slack.url}first`, { text: 'one' });
    await expect(post(`${slack.url}shared`, { response_type: 'in_channel', text: 'card' })).rejects.toMatchObject({
      code: 'ECONNRESET',
    });
    expect(slack.received.map((r) => r.path)).toEqual(['/response/first', '/response/shared']);
  });

  it("closes an idle connection before the server's announced Keep-Alive timeout", async () => {
    // The server announces `Keep-Alive: timeout=2`: the poster drops the connection after 1 s idle.
    const slack = await endpoint(() => ({ status: 200 }), { keepAliveTimeoutMs: 2000 });
    const { post } = poster();
    await post(`${slack.url}a`, { text: 'a' });
    await post(`${slack.url}b`, { text: 'b' });
    expect(slack.connections()).toBe(1);
    await new Promise((r) => setTimeout(r, 1400));
    await post(`${slack.url}c`, { text: 'c' });
    expect(slack.connections()).toBe(2);
  });

  it('does not send again when a fresh connection fails', async () => {
    const slack = await endpoint(() => 'reset');
    const { post } = poster();
    await expect(post(`${slack.url}once`, { text: 'x' })).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(slack.received).toHaveLength(1);
  });

  it("rejects with Slack's status when the post is refused (an expired response_url)", async () => {
    const slack = await endpoint(() => ({ status: 404, body: 'expired_url' }));
    const { post } = poster();
    const err = await post(`${slack.url}old`, { text: 'late' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseUrlError);
    expect(err).toMatchObject({ code: 'http_404' });
  });

  it('gives up on a response_url that never answers, after the timeout', async () => {
    const slack = await endpoint(() => undefined);
    const { post } = poster(150);
    const began = performance.now();
    const err = await post(`${slack.url}hang`, { text: 'anyone?' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'timeout' });
    expect(performance.now() - began).toBeGreaterThanOrEqual(140);
    expect(slack.received).toHaveLength(1);
  });

  it('refuses what is not an http(s) URL without sending anything', async () => {
    const { post } = poster();
    await expect(post('file:///etc/passwd', { text: 'x' })).rejects.toMatchObject({ code: 'response_url_refused' });
    await expect(post('not a url', { text: 'x' })).rejects.toMatchObject({ code: 'invalid_response_url' });
  });

  it('rejects when nothing listens at the response_url', async () => {
    const slack = await endpoint(() => ({ status: 200 }));
    const closedUrl = slack.url;
    await cleanups.pop()?.();
    const { post } = poster();
    await expect(post(`${closedUrl}gone`, { text: 'x' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('sends nothing to a URL outside Slack, and reports it without the query string', async () => {
    const elsewhere = await endpoint(() => ({ status: 200 }));
    endpointOrigins.pop();
    const refused: { origin: string; path: string }[] = [];
    const { post } = poster(2000, (where) => refused.push(where));
    const err = await post(`${elsewhere.url}steal?token=secret-value`, { text: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseUrlError);
    expect((err as ResponseUrlError).code).toBe('response_url_refused');
    await expect(post('https://hooks.slack.com.evil.example/actions/T1/1/x', { text: 'x' })).rejects.toMatchObject({
      code: 'response_url_refused',
    });
    await expect(post('http://hooks.slack.com/actions/T1/1/x', { text: 'x' })).rejects.toMatchObject({
      code: 'response_url_refused',
    });
    expect(elsewhere.received).toHaveLength(0);
    expect(elsewhere.connections()).toBe(0);
    expect(refused[0]).toEqual({ origin: new URL(elsewhere.url).origin, path: '/response/steal' });
    expect(JSON.stringify(refused)).not.toContain('secret-value');
  });

  it("allows Slack's response_url hosts and the configured API origin, nothing else", () => {
    const allowed = ['http://127.0.0.1:4000'];
    expect(isSlackReplyUrl(new URL('https://hooks.slack.com/actions/T1/1/abc'), allowed)).toBe(true);
    expect(isSlackReplyUrl(new URL('https://hooks.slack-gov.com/commands/T1/1/abc'), allowed)).toBe(true);
    expect(isSlackReplyUrl(new URL('http://127.0.0.1:4000/response/1'), allowed)).toBe(true);
    for (const url of [
      'http://hooks.slack.com/actions/T1/1/abc',
      'https://hooks.slack.com:8443/actions/T1/1/abc',
      'https://evil.example/hooks.slack.com',
      'https://user@hooks.slack.com.evil.example/',
      'http://127.0.0.1:4001/response/1',
      'https://slack.com/api/chat.postMessage',
    ]) {
      expect(isSlackReplyUrl(new URL(url), allowed), url).toBe(false);
    }
  });
});
