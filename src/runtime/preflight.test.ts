import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Log } from '../log.ts';
import {
  type AuthTestResult,
  checkToken,
  classifyAuthTest,
  refusalMessage,
  slackAuthTest,
  verifySlackToken,
} from './preflight.ts';

function recordingLog() {
  const lines: { level: string; event: string; fields: Record<string, unknown> }[] = [];
  const at =
    (level: string) =>
    (event: string, fields: Record<string, unknown> = {}) =>
      lines.push({ level, event, fields });
  const log: Log = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { log, lines };
}

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
});

async function slackAnswering(body: Record<string, unknown>): Promise<string> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
}

describe('classifyAuthTest', () => {
  it.each(['invalid_auth', 'token_revoked', 'account_inactive', 'not_authed'])('refuses %s with one sentence', (error) => {
    const c = classifyAuthTest({ result: { ok: false, error } });
    expect(c).toEqual({ kind: 'refused', error, message: refusalMessage(error) });
    if (c.kind !== 'refused') return;
    expect(c.message).toContain(`(${error})`);
    expect(c.message).toMatch(/SLACK_BOT_TOKEN\.$/);
    expect(c.message.split('. ').length).toBe(1);
  });

  it('reads the platform error @slack/web-api throws', () => {
    const thrown = Object.assign(new Error('An API error occurred: invalid_auth'), {
      code: 'slack_webapi_platform_error',
      data: { ok: false, error: 'invalid_auth' },
    });
    expect(classifyAuthTest({ thrown })).toMatchObject({ kind: 'refused', error: 'invalid_auth' });
  });

  it('treats network failures and Slack-side trouble as unreachable, and unknown errors as unverified', () => {
    const network = Object.assign(new Error('connect ECONNREFUSED'), {
      code: 'slack_webapi_request_error',
      original: { code: 'ECONNREFUSED' },
    });
    expect(classifyAuthTest({ thrown: network })).toEqual({ kind: 'unreachable', error: 'ECONNREFUSED' });
    expect(classifyAuthTest({ result: { ok: false, error: 'ratelimited' } })).toMatchObject({ kind: 'unreachable' });
    expect(classifyAuthTest({ result: { ok: false, error: 'something_new' } })).toEqual({
      kind: 'unverified',
      error: 'something_new',
    });
    expect(classifyAuthTest({ result: { ok: true, team: 'Acme', team_id: 'T1', user: 'tutor' } })).toEqual({
      kind: 'ok',
      team: 'Acme',
      teamId: 'T1',
      user: 'tutor',
    });
  });
});

describe('slackAuthTest', () => {
  it('asks auth.test at SLACK_API_URL and reports a revoked token', async () => {
    const url = await slackAnswering({ ok: false, error: 'token_revoked' });
    const check = await checkToken(slackAuthTest({ token: 'xoxb-1', slackApiUrl: url }));
    expect(check).toMatchObject({ kind: 'refused', error: 'token_revoked' });
  });

  it('reports a Slack that does not answer as unreachable, at once', async () => {
    const url = await slackAnswering({ ok: true });
    await new Promise((resolve) => servers.pop()?.close(resolve)); // nothing listens there now
    const started = Date.now();
    expect(await checkToken(slackAuthTest({ token: 'xoxb-1', slackApiUrl: url }))).toMatchObject({ kind: 'unreachable' });
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('verifySlackToken', () => {
  const noRefusal = () => {
    throw new Error('not refused');
  };

  it('logs who the token belongs to when it works', async () => {
    const { log, lines } = recordingLog();
    const v = verifySlackToken({ authTest: async () => ({ ok: true, team: 'Acme', user: 'tutor' }), log, onRefused: noRefusal });
    expect(await v.first).toMatchObject({ kind: 'ok' });
    expect(lines).toEqual([
      expect.objectContaining({ event: 'slack.authenticated', fields: expect.objectContaining({ team: 'Acme' }) }),
    ]);
    expect(lines[0]?.fields.message).toBe('SLACK_BOT_TOKEN works for workspace Acme as @tutor.');
  });

  it('names the workspace by id, and no bot user, when auth.test leaves the names out', async () => {
    const { log, lines } = recordingLog();
    const v = verifySlackToken({ authTest: async () => ({ ok: true, team_id: 'T0ACME' }), log, onRefused: noRefusal });
    expect(await v.first).toMatchObject({ kind: 'ok' });
    expect(lines[0]?.fields.message).toBe('SLACK_BOT_TOKEN works for workspace T0ACME.');
  });

  it('returns a refusal at once without retrying', async () => {
    let calls = 0;
    const v = verifySlackToken({
      authTest: async () => {
        calls++;
        return { ok: false, error: 'invalid_auth' };
      },
      log: recordingLog().log,
      onRefused: noRefusal,
      retryFirstMs: 1,
    });
    expect(await v.first).toMatchObject({ kind: 'refused', error: 'invalid_auth' });
    await new Promise((r) => setTimeout(r, 30));
    expect(calls).toBe(1);
  });

  it('starts while Slack is unreachable, logs that once, retries with backoff and logs when it gets through', async () => {
    const answers: (AuthTestResult | Error)[] = [
      new Error('down'),
      new Error('down'),
      new Error('down'),
      { ok: true, team: 'Acme' },
    ];
    const at: number[] = [];
    const { log, lines } = recordingLog();
    const v = verifySlackToken({
      authTest: async () => {
        at.push(Date.now());
        const a = answers.shift();
        if (a instanceof Error) throw a;
        return a ?? { ok: true };
      },
      log,
      onRefused: noRefusal,
      retryFirstMs: 10,
      retryMaxMs: 1000,
    });
    expect(await v.first).toMatchObject({ kind: 'unreachable', error: 'down' });
    for (let i = 0; i < 100 && !lines.some((l) => l.event === 'slack.reachable'); i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(lines.map((l) => l.event)).toEqual(['slack.unreachable', 'slack.reachable']);
    expect(lines[0]?.fields.message).toMatch(/starting anyway and checking again in the background/);
    expect(at).toHaveLength(4);
    const gaps = at.slice(1).map((t, i) => t - (at[i] as number));
    expect(gaps[2] as number).toBeGreaterThan(gaps[0] as number); // 10, 20, 40 ms
    v.stop();
  });

  it('hands a refusal that only arrives after the start to onRefused', async () => {
    const answers: (AuthTestResult | Error)[] = [new Error('down'), { ok: false, error: 'token_revoked' }];
    const refused = new Promise<string>((resolve) => {
      verifySlackToken({
        authTest: async () => {
          const a = answers.shift();
          if (a instanceof Error) throw a;
          return a ?? { ok: true };
        },
        log: recordingLog().log,
        onRefused: (c) => resolve(c.message),
        retryFirstMs: 5,
      });
    });
    expect(await refused).toMatch(/^Slack refused SLACK_BOT_TOKEN \(token_revoked\)/);
  });

  it('stops retrying on stop()', async () => {
    let calls = 0;
    const v = verifySlackToken({
      authTest: async () => {
        calls++;
        throw new Error('down');
      },
      log: recordingLog().log,
      onRefused: noRefusal,
      retryFirstMs: 5,
    });
    await v.first;
    v.stop();
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toBe(1);
  });
});
