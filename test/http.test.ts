import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/app-harness.ts';
import { commandBody, postSigned, sendCommand } from './support/slack-requests.ts';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

type Reply = { response_type?: string; text?: string; blocks?: unknown[] };

describe('HTTP interface', () => {
  it('answers /healthz with 200 while the database answers', async () => {
    const res = await fetch(`${h.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, database: 'ok' });
  });

  it('answers /healthz with 503 when the database is gone', async () => {
    await h.runtime.storage.close();
    const res = await fetch(`${h.url}/healthz`);
    expect(res.status).toBe(503);
  });

  it('refuses a forged signature with 401 and runs nothing', async () => {
    const res = await postSigned(h.url, commandBody({ text: 'help' }), { secret: 'not-the-secret' });
    expect(res.status).toBe(401);
    expect(res.text).not.toMatch(/AWS Serverless Tutor/);
  });

  it('refuses a request without a signature', async () => {
    const res = await fetch(`${h.url}/slack/events`, { method: 'POST', body: commandBody({ text: 'help' }) });
    expect(res.status).toBe(401);
  });

  it('refuses a stale timestamp with 401', async () => {
    const res = await postSigned(h.url, commandBody({ text: 'help' }), { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 });
    expect(res.status).toBe(401);
  });

  it('refuses a replayed request with 401', async () => {
    const body = commandBody({ text: 'help' });
    const ts = Math.floor(Date.now() / 1000);
    expect((await postSigned(h.url, body, { timestamp: ts })).status).toBe(200);
    expect((await postSigned(h.url, body, { timestamp: ts })).status).toBe(401);
  });

  it('refuses a body over 1 MB before parsing it', async () => {
    const res = await postSigned(h.url, `payload=${'x'.repeat(1024 * 1024 + 10)}`);
    expect(res.status).toBe(413);
    expect(res.json).toEqual({ ok: false, error: 'body_too_large', limit_bytes: 1024 * 1024 });
  });

  it('returns 404 for unknown paths and 405 for a GET of the events endpoint, each saying so', async () => {
    const missing = await fetch(`${h.url}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ ok: false, error: 'not_found' });
    const get = await fetch(`${h.url}/slack/events`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(await get.json()).toEqual({ ok: false, error: 'method_not_allowed' });
  });

  it('lists every command on /aws help, privately, to an admin', async () => {
    const res = await sendCommand(h.url, { text: 'help', user: 'U0ADMIN' });
    expect(res.status).toBe(200);
    const reply = res.json as Reply;
    expect(reply.response_type).toBe('ephemeral');
    const text = JSON.stringify(reply.blocks);
    for (const word of ['quiz now', 'quiz here', 'leaderboard', 'streak', 'topics', 'lambda limits'])
      expect(text).toContain(word);
  });

  it('answers an empty /aws with the help', async () => {
    const reply = (await sendCommand(h.url, { text: '   ' })).json as Reply;
    expect(JSON.stringify(reply.blocks)).toContain('leaderboard');
  });

  it('answers an unknown word with a hint, not silence', async () => {
    const reply = (await sendCommand(h.url, { text: 'zzqxv' })).json as Reply;
    expect(reply.response_type).toBe('ephemeral');
    expect(JSON.stringify(reply.blocks)).toMatch(/Not covered yet: no card matches/);
    expect(JSON.stringify(reply.blocks)).toMatch(/topics/);
  });

  it('says an out-of-scope question is not covered yet, and links the AWS documentation search for it', async () => {
    const reply = (await sendCommand(h.url, { text: 'azure functions pricing' })).json as Reply;
    const blocks = JSON.stringify(reply.blocks);
    expect(blocks).toMatch(/Not covered yet/);
    expect(blocks).toContain(
      'https://docs.aws.amazon.com/search/doc-search.html?searchPath=documentation&searchQuery=azure%20functions%20pricing|',
    );
  });

  it('lists topics with counts', async () => {
    const reply = (await sendCommand(h.url, { text: 'topics' })).json as Reply;
    expect(JSON.stringify(reply.blocks)).toMatch(/AWS Lambda\*? \(`lambda`\): \d+ cards, \d+ questions/);
  });

  it('returns the Lambda limits card for /aws lambda limits', async () => {
    const reply = (await sendCommand(h.url, { text: 'lambda limits' })).json as Reply;
    const text = JSON.stringify(reply.blocks);
    expect(text).toContain('Lambda limits and quotas');
    expect(text).toContain('15 minutes (900 seconds)');
    expect(text).toContain('10,240 MB');
    expect(text).toContain('share_card');
  });
});
