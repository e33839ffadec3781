import { describe, expect, it } from 'vitest';
import { type Harness, harnessPerTest } from './support/app-harness.ts';
import { countRows, rowsOf } from './support/database.ts';
import type { OAuthGrant } from './support/fake-slack.ts';
import { installOverHttp, MULTI_WORKSPACE_ENV, sendEvent } from './support/install-flow.ts';
import { sendCommand } from './support/slack-requests.ts';
import { waitFor } from './support/wait.ts';

const start = harnessPerTest();
// A Monday: the default schedule (09:00 UTC on weekdays) fires at 09:00.
const MONDAY_EARLY = new Date('2026-11-23T08:00:00Z');
const at = (iso: string) => new Date(iso);

const ACME: OAuthGrant = { teamId: 'T0ACME', teamName: 'Acme & <Sons>', botToken: 'xoxb-acme-1', installerUserId: 'U0ACMEINST' };
const GLOBEX: OAuthGrant = { teamId: 'T0GLOBEX', teamName: 'Globex', botToken: 'xoxb-globex-1', installerUserId: 'U0GLOBINST' };

const startMulti = (now = MONDAY_EARLY) => start({ env: MULTI_WORKSPACE_ENV, now });

let n = 0;
/** A /aws command from a person in a workspace; resolves to the private reply it got. */
async function command(h: Harness, team: string, user: string, text: string, channel: string) {
  const id = `install-${++n}`;
  const res = await sendCommand(h.url, { text, team, user, channel, responseUrl: h.slack.responseUrl(id) });
  expect(res.status).toBe(200);
  const reply = await waitFor(() => h.slack.responses.find((r) => r.path === `/response/${id}`), 5000, text);
  return (reply.body as { text: string }).text;
}

const postsIn = (h: Harness, channel: string) => h.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === channel);

describe('multi-workspace install (OAuth)', () => {
  it('installs a workspace: the token is stored sealed and the success page names the workspace', async () => {
    const h = await startMulti();
    const result = await installOverHttp(h, ACME);
    expect(result.status).toBe(200);
    expect(result.html).toContain('AWS Serverless Tutor is installed in <strong>Acme &amp; &lt;Sons&gt;</strong>');
    const [exchange] = h.slack.callsOf('oauth.v2.access');
    expect(exchange?.args).toMatchObject({
      client_id: MULTI_WORKSPACE_ENV.SLACK_CLIENT_ID,
      client_secret: MULTI_WORKSPACE_ENV.SLACK_CLIENT_SECRET,
    });
    const [authorize] = h.slack.callsOf('oauth/v2/authorize');
    expect(String(authorize?.args.scope).split(',').sort()).toEqual([
      'channels:read',
      'chat:write',
      'chat:write.public',
      'commands',
      'files:write',
      'groups:read',
      'im:write',
      'users:read',
    ]);
    const rows = await rowsOf<{ team_id: string; installer_user_id: string; bot_token_sealed: string }>(
      h.runtime.storage,
      'installations',
      ['team_id', 'installer_user_id', 'installed_at', 'bot_token_sealed'],
    );
    expect(rows).toEqual([
      {
        team_id: 'T0ACME',
        installer_user_id: 'U0ACMEINST',
        installed_at: MONDAY_EARLY.toISOString(),
        bot_token_sealed: expect.stringMatching(/^v1:/),
      },
    ]);
    expect(JSON.stringify(rows)).not.toContain('xoxb-acme-1');
    expect(h.logs.join('\n')).not.toContain('xoxb-acme-1');
  });

  it("answers a workspace's slash command with that workspace's token, and its installer is a quiz admin", async () => {
    const h = await startMulti();
    await installOverHttp(h, ACME);
    // Someone else: the admin check asks Slack (users.info) with Acme's token.
    expect(await command(h, 'T0ACME', 'U0ACMEBOB', 'quiz here', 'C0ACME')).toMatch(/Only quiz admins/);
    expect(h.slack.callsOf('users.info').map((c) => c.token)).toEqual(['xoxb-acme-1']);
    // The installer is an admin without asking Slack.
    expect(await command(h, 'T0ACME', 'U0ACMEINST', 'quiz here', 'C0ACME')).toMatch(/daily quiz runs in this channel/);
    expect(h.slack.callsOf('users.info')).toHaveLength(1);
  });

  it("posts each workspace's scheduled question with its own token, never another's", async () => {
    const h = await startMulti();
    await installOverHttp(h, ACME);
    await installOverHttp(h, GLOBEX);
    await command(h, 'T0ACME', 'U0ACMEINST', 'quiz here', 'C0ACME');
    await command(h, 'T0GLOBEX', 'U0GLOBINST', 'quiz here', 'C0GLOBEX');
    // Globex's installer is nobody's admin in Acme: Acme's token asks about them.
    expect(await command(h, 'T0ACME', 'U0GLOBINST', 'quiz here', 'C0ACME2')).toMatch(/Only quiz admins/);
    expect(h.slack.callsOf('users.info').at(-1)?.token).toBe('xoxb-acme-1');

    h.clock.now = at('2026-11-23T09:00:30Z');
    await h.runtime.tick();
    expect(postsIn(h, 'C0ACME').map((c) => c.token)).toEqual(['xoxb-acme-1']);
    expect(postsIn(h, 'C0GLOBEX').map((c) => c.token)).toEqual(['xoxb-globex-1']);
    const untokened = h.slack.calls.filter((c) => c.token === undefined && c.method !== 'oauth.v2.access');
    expect(untokened.filter((c) => c.method.includes('.'))).toEqual([]);
  });

  it('stops posting in a workspace that uninstalls, and resumes when it installs again', async () => {
    const h = await startMulti();
    await installOverHttp(h, ACME);
    await installOverHttp(h, GLOBEX);
    await command(h, 'T0ACME', 'U0ACMEINST', 'quiz here', 'C0ACME');
    await command(h, 'T0GLOBEX', 'U0GLOBINST', 'quiz here', 'C0GLOBEX');

    expect(await sendEvent(h, 'T0ACME', { type: 'app_uninstalled' })).toBe(200);
    await waitFor(
      async () => (await countRows(h.runtime.storage, 'installations', { team_id: 'T0ACME' })) === 0,
      5000,
      'uninstall',
    );
    await waitFor(
      async () => (await countRows(h.runtime.storage, 'quiz_channels', { team_id: 'T0ACME', state: 'paused' })) === 1,
      5000,
      'pause',
    );

    h.clock.now = at('2026-11-23T09:00:30Z');
    await h.runtime.tick();
    expect(postsIn(h, 'C0ACME')).toEqual([]);
    expect(postsIn(h, 'C0GLOBEX').map((c) => c.token)).toEqual(['xoxb-globex-1']);

    // Back on Tuesday with a new token: the paused channel runs again (Monday is not made up).
    h.clock.now = at('2026-11-24T08:00:00Z');
    expect((await installOverHttp(h, { ...ACME, botToken: 'xoxb-acme-2' })).status).toBe(200);
    expect(await countRows(h.runtime.storage, 'quiz_channels', { team_id: 'T0ACME', state: 'active' })).toBe(1);
    await h.runtime.tick();
    expect(postsIn(h, 'C0ACME')).toEqual([]);
    h.clock.now = at('2026-11-24T09:00:30Z');
    await h.runtime.tick();
    expect(postsIn(h, 'C0ACME').map((c) => c.token)).toEqual(['xoxb-acme-2']);
  });

  it('drops the install when the bot token is revoked, but not for a revoked user token', async () => {
    const h = await startMulti();
    await installOverHttp(h, ACME);
    await command(h, 'T0ACME', 'U0ACMEINST', 'quiz here', 'C0ACME');
    expect(await sendEvent(h, 'T0ACME', { type: 'tokens_revoked', tokens: { oauth: ['U0ACMEINST'] } })).toBe(200);
    expect(await sendEvent(h, 'T0ACME', { type: 'tokens_revoked', tokens: { bot: ['U0ACMEBOT'] } })).toBe(200);
    await waitFor(async () => (await countRows(h.runtime.storage, 'installations')) === 0, 5000, 'revoked');
    await waitFor(async () => (await countRows(h.runtime.storage, 'quiz_channels', { state: 'paused' })) === 1, 5000, 'pause');
    const removed = h.logs.filter((l) => l.includes('install.removed'));
    expect(removed).toHaveLength(1);
    expect(removed[0]).toContain('tokens_revoked');
  });

  it('keeps a workspace that uninstalled from getting answers with its old token', async () => {
    const h = await startMulti();
    await installOverHttp(h, ACME);
    await sendEvent(h, 'T0ACME', { type: 'app_uninstalled' });
    await waitFor(async () => (await countRows(h.runtime.storage, 'installations')) === 0, 5000, 'uninstall');
    const res = await sendCommand(h.url, {
      text: 'quiz here',
      team: 'T0ACME',
      user: 'U0ACMEBOB',
      responseUrl: h.slack.responseUrl('gone'),
    });
    expect(res.status).toBe(200);
    // Bolt's authorize finds no installation for the team, so no listener runs.
    await waitFor(() => h.logs.some((l) => l.includes('slack_bolt_authorization_error')), 5000, 'authorization refused');
    expect(h.slack.responses).toEqual([]);
    expect(h.slack.calls.filter((c) => c.token === 'xoxb-acme-1' && c.method === 'users.info')).toEqual([]);
  });
});

describe('install failures', () => {
  it('refuses a redirect whose state is not the one this browser was given', async () => {
    const h = await startMulti();
    const result = await installOverHttp(h, ACME, { state: 'forged-state' });
    expect(result.status).toBe(400);
    expect(result.html).toContain('This install link has expired or was started in another browser');
    expect(h.slack.callsOf('oauth.v2.access')).toEqual([]);
    expect(await countRows(h.runtime.storage, 'installations')).toBe(0);
  });

  it('refuses a redirect that arrives without the state cookie (another browser)', async () => {
    const h = await startMulti();
    const result = await installOverHttp(h, ACME, { cookie: '' });
    expect(result.status).toBe(400);
    expect(result.html).toContain('started in another browser');
    expect(await countRows(h.runtime.storage, 'installations')).toBe(0);
  });

  it('says the install was cancelled when the person pressed Cancel in Slack', async () => {
    const h = await startMulti();
    const result = await installOverHttp(h, undefined);
    expect(result.status).toBe(400);
    expect(result.html).toContain('The install was cancelled in Slack');
  });

  it("shows Slack's error when oauth.v2.access refuses the code", async () => {
    const h = await startMulti();
    h.slack.fail('oauth.v2.access', { body: { ok: false, error: 'invalid_code' } });
    const result = await installOverHttp(h, ACME);
    expect(result.status).toBe(400);
    expect(result.html).toContain('Slack did not complete the install (invalid_code)');
    expect(await countRows(h.runtime.storage, 'installations')).toBe(0);
  });

  it('shows the error Slack put on the redirect instead of a code', async () => {
    const h = await startMulti();
    const result = await installOverHttp(h, ACME, { error: 'invalid_team_for_non_distributed_app' });
    expect(result.status).toBe(400);
    expect(result.html).toContain('Slack did not complete the install (invalid_team_for_non_distributed_app)');
    expect(h.slack.callsOf('oauth.v2.access')).toEqual([]);
  });

  it('refuses an Enterprise Grid org-wide install with a clear page, and gives the token back', async () => {
    const h = await startMulti();
    const result = await installOverHttp(h, { ...ACME, enterpriseId: 'E0GRID', isEnterpriseInstall: true });
    expect(result.status).toBe(403);
    expect(result.html).toContain('does not support org-wide installs on Enterprise Grid');
    expect(await countRows(h.runtime.storage, 'installations')).toBe(0);
    expect(h.slack.callsOf('auth.revoke').map((c) => c.token)).toEqual(['xoxb-acme-1']);
  });

  it('stores a workspace inside an Enterprise Grid organization under its organization', async () => {
    const h = await startMulti();
    expect((await installOverHttp(h, { ...ACME, enterpriseId: 'E0GRID' })).status).toBe(200);
    expect(await rowsOf(h.runtime.storage, 'installations', ['enterprise_id', 'team_id'])).toEqual([
      { enterprise_id: 'E0GRID', team_id: 'T0ACME' },
    ]);
  });
});

describe('install pages at the front door', () => {
  it('serves the install page with its own HTML only, and nothing but GET', async () => {
    const h = await startMulti();
    const page = await fetch(`${h.url}/slack/install`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(page.headers.get('set-cookie')).toMatch(/^slack-app-oauth-state=[^;]+;.*HttpOnly/);
    const html = await page.text();
    expect(html).toMatch(/<a class="add" id="add-to-slack" href="http:\/\/127\.0\.0\.1:\d+\/oauth\/v2\/authorize\?/);
    expect(html).not.toMatch(/<script|<img|<link|https:\/\/(?!slack)/);
    const post = await fetch(`${h.url}/slack/install`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
    expect(await post.json()).toEqual({ ok: false, error: 'method_not_allowed' });
    // The install pages open no door beside admit: an unsigned event is still refused.
    const unsigned = await fetch(`${h.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'event_callback', team_id: 'T0ACME', event: { type: 'app_uninstalled' } }),
    });
    expect(unsigned.status).toBe(401);
  });

  it('has no install pages in single-workspace mode', async () => {
    const h = await start();
    for (const page of ['/slack/install', '/slack/oauth_redirect?code=x&state=y']) {
      const res = await fetch(`${h.url}${page}`);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain(
        'set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET and\nTOKEN_ENCRYPTION_KEY',
      );
    }
  });
});
