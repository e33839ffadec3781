import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDbPath } from './support/app-harness.ts';
import { type AppProcess, freePort, spawnApp } from './support/app-process.ts';
import { MULTI_WORKSPACE_ENV } from './support/install-flow.ts';

// The real entry point in multi-workspace mode: no bot token of its own to check at start, and
// no start at all without the whole set of OAuth settings and the encryption key.

const running: AppProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const app of running.splice(0)) {
    app.kill('SIGKILL');
    await app.exited;
  }
  for (const c of cleanups.splice(0)) await c();
});

/** A Slack that refuses every token: a start that asked auth.test would stop. */
async function refusingSlack(): Promise<{ url: string; paths: string[] }> {
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    paths.push(req.url ?? '');
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: false, error: 'invalid_auth' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`, paths };
}

function start(env: Record<string, string>, port?: number): AppProcess {
  // SLACK_BOT_TOKEN empty: spawnApp gives one by default, and this mode must not need it.
  const app = spawnApp({ port, env: { DATABASE_PATH: tempDbPath(), SLACK_BOT_TOKEN: '', ADMIN_USER_IDS: '', ...env } });
  running.push(app);
  return app;
}

describe('npm start in multi-workspace mode', () => {
  it('starts without SLACK_BOT_TOKEN, asks Slack nothing, and serves the install page', async () => {
    const slack = await refusingSlack();
    const app = start({ ...MULTI_WORKSPACE_ENV, SLACK_API_URL: slack.url }, await freePort());
    await app.ready();
    const page = await fetch(`${app.url}/slack/install`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Add to Slack');
    expect(app.stdout.join('\n')).toContain('workspaces install the app at GET /slack/install');
    expect(slack.paths).toEqual([]);
    const all = app.output.join('\n');
    expect(all).not.toContain(MULTI_WORKSPACE_ENV.SLACK_CLIENT_SECRET);
    expect(all).not.toContain(MULTI_WORKSPACE_ENV.TOKEN_ENCRYPTION_KEY);
  });

  it('refuses to start without TOKEN_ENCRYPTION_KEY, saying what it takes', async () => {
    const { TOKEN_ENCRYPTION_KEY: _, ...env } = MULTI_WORKSPACE_ENV;
    const app = start(env);
    expect((await app.exited).code).toBe(1);
    const stderr = app.stderr.join('\n');
    expect(stderr).toMatch(
      /TOKEN_ENCRYPTION_KEY is required in multi-workspace mode: 32 random bytes as base64 or 64 hexadecimal/,
    );
    expect(stderr).not.toContain(MULTI_WORKSPACE_ENV.SLACK_CLIENT_SECRET);
  });

  it('refuses a partial set of the OAuth settings, naming the missing ones', async () => {
    const app = start({ SLACK_CLIENT_ID: MULTI_WORKSPACE_ENV.SLACK_CLIENT_ID });
    expect((await app.exited).code).toBe(1);
    expect(app.stderr.join('\n')).toMatch(/SLACK_CLIENT_SECRET and SLACK_STATE_SECRET are missing/);
  });
});
