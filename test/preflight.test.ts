import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDbPath } from './support/app-harness.ts';
import { type AppProcess, freePort, spawnApp } from './support/app-process.ts';
import { FakeSlack } from './support/fake-slack.ts';
import { TEST_BOT_TOKEN } from './support/slack-requests.ts';
import { waitFor } from './support/wait.ts';

// The real process checks SLACK_BOT_TOKEN with auth.test before it opens anything: a refused
// token stops it with one sentence; a Slack it cannot reach does not stop it.

const running: AppProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const app of running.splice(0)) {
    app.kill('SIGKILL');
    await app.exited;
  }
  for (const c of cleanups.splice(0)) await c();
});

/** A Slack whose auth.test answers ok:false with this error. */
async function refusingSlack(error: string): Promise<string> {
  const server = http.createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(req.url?.startsWith('/api/auth.test') ? { ok: false, error } : { ok: false, error: 'unknown_method' }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
}

function start(env: Record<string, string>, port?: number): AppProcess {
  const app = spawnApp({ port, env: { DATABASE_PATH: tempDbPath(), ...env } });
  running.push(app);
  return app;
}

describe('the token check at start', () => {
  it.each(['token_revoked', 'invalid_auth'])('exits 1 with what to do when Slack answers %s', async (error) => {
    const app = start({ SLACK_API_URL: await refusingSlack(error) });
    const { code } = await app.exited;
    expect(code).toBe(1);
    const stderr = app.stderr.join('\n');
    expect(stderr).toMatch(
      new RegExp(`^Slack refused SLACK_BOT_TOKEN \\(${error}\\): .*OAuth & Permissions.*SLACK_BOT_TOKEN\\.$`),
    );
    expect(stderr.split('\n')).toHaveLength(1);
    const all = app.output.join('\n');
    expect(all).not.toContain('app.started');
    expect(all).not.toContain(TEST_BOT_TOKEN);
    expect(all).not.toMatch(/\n\s+at /);
  });

  it('starts anyway when Slack cannot be reached, and says so once', async () => {
    const closed = await freePort(); // nothing listens there
    const port = await freePort();
    const app = start({ SLACK_API_URL: `http://127.0.0.1:${closed}/api/` }, port);
    await app.ready();
    const unreachable = app.stdout.filter((l) => l.includes('"event":"slack.unreachable"'));
    expect(unreachable).toHaveLength(1);
    expect(unreachable[0]).toMatch(/starting anyway and checking again in the background/);
    await new Promise((r) => setTimeout(r, 2500)); // two retries later: still one line
    expect(app.stdout.filter((l) => l.includes('slack.unreachable'))).toHaveLength(1);
    app.kill('SIGTERM');
    expect((await app.exited).code).toBe(0);
  });

  it('says where it listens, who the token belongs to, and warns about a misspelt variable', async () => {
    const slack = new FakeSlack();
    const api = await slack.start();
    cleanups.push(() => slack.stop());
    const port = await freePort();
    const app = start({ SLACK_API_URL: api, QUIZ_TIMEZON: 'Europe/Berlin' }, port);
    await app.ready();
    const out = app.stdout.join('\n');
    expect(out).toContain(`Listening for Slack at POST /slack/events on port ${port}`);
    expect(out).toMatch(/"event":"slack.authenticated".*SLACK_BOT_TOKEN works for workspace Test as @tutor/);
    expect(out).toMatch(/"level":"warn","event":"config.warning".*QUIZ_TIMEZON is not a setting.*did you mean QUIZ_TIMEZONE\?/);
    expect(slack.callsOf('auth.test').length).toBeGreaterThanOrEqual(1);
    app.kill('SIGTERM');
    expect((await app.exited).code).toBe(0);
  });

  it('says Socket Mode is connecting', async () => {
    const slack = new FakeSlack();
    const api = await slack.start();
    cleanups.push(() => slack.stop());
    const port = await freePort();
    const app = start({ SLACK_API_URL: api, SLACK_APP_TOKEN: 'xapp-1-A0TEST-1-socketmodetesttoken' }, port);
    await app.ready();
    await waitFor(() => app.stdout.some((l) => l.includes('Socket Mode is connecting to Slack')), 5000, 'socket mode line');
    app.kill('SIGTERM');
    expect((await app.exited).code).toBe(0);
  });

  it('names a misspelt variable beside the configuration error it causes', async () => {
    const app = start({ SLACK_BOT_TOKEN: '', SLACK_BOT_TOKN: TEST_BOT_TOKEN });
    expect((await app.exited).code).toBe(1);
    const stderr = app.stderr.join('\n');
    expect(stderr).toMatch(/SLACK_BOT_TOKEN must be a bot token/);
    expect(stderr).toMatch(
      /Also check:\n {2}- SLACK_BOT_TOKN is not a setting this app reads, so it is ignored; did you mean SLACK_BOT_TOKEN\?/,
    );
    expect(stderr).not.toContain(TEST_BOT_TOKEN);
  });
});
