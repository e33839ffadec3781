import { randomBytes } from 'node:crypto';
import type { Harness } from './app-harness.ts';
import type { OAuthGrant } from './fake-slack.ts';
import { signatureHeaders } from './slack-requests.ts';

/** The settings that turn on multi-workspace mode, for startHarness's env. */
export const MULTI_WORKSPACE_ENV = {
  SLACK_CLIENT_ID: '1111111111.2222222222',
  SLACK_CLIENT_SECRET: 'c0ffee00c0ffee00c0ffee00c0ffee00',
  SLACK_STATE_SECRET: 'state-secret-for-the-tests',
  TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
};

export interface InstallResult {
  status: number;
  html: string;
  /** Where the consent screen sent the browser back (the app's redirect with code and state). */
  redirect: string;
}

let codes = 0;

/**
 * A browser's install, over plain HTTP: the install page, its Add to Slack link to the fake
 * consent screen, and the redirect back with the state cookie the install page set. `grant` is
 * the installation Slack hands over; `tamper` changes the redirect's state, cookie or error first.
 */
export async function installOverHttp(
  h: Harness,
  grant: OAuthGrant | undefined,
  tamper: { state?: string; cookie?: string; error?: string } = {},
): Promise<InstallResult> {
  const code = grant ? `code-${++codes}` : undefined;
  if (grant && code) h.slack.grant(code, grant);
  h.slack.consent = { redirectUrl: `${h.url}/slack/oauth_redirect`, ...(code ? { code } : {}) };
  const page = await fetch(`${h.url}/slack/install`);
  const html = await page.text();
  const href = /id="add-to-slack" href="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
  if (!href) throw new Error(`no Add to Slack link on the install page (${page.status})`);
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const consent = await fetch(href, { redirect: 'manual' });
  const location = new URL(consent.headers.get('location') ?? '');
  if (tamper.state !== undefined) location.searchParams.set('state', tamper.state);
  if (tamper.error !== undefined) {
    location.searchParams.delete('code');
    location.searchParams.set('error', tamper.error);
  }
  const back = await fetch(location, { headers: { cookie: tamper.cookie ?? cookie }, redirect: 'manual' });
  return { status: back.status, html: await back.text(), redirect: location.toString() };
}

/** A signed Events API callback from a workspace, as Slack sends app_uninstalled or tokens_revoked. */
export async function sendEvent(h: Harness, teamId: string, event: Record<string, unknown>): Promise<number> {
  const body = JSON.stringify({
    token: 'legacy-unused',
    team_id: teamId,
    api_app_id: 'A0TEST',
    type: 'event_callback',
    event_id: `Ev${randomBytes(6).toString('hex')}`,
    event_time: Math.floor(Date.now() / 1000),
    event: { event_ts: `${Date.now() / 1000}`, ...event },
  });
  const res = await fetch(`${h.url}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signatureHeaders(body) },
    body,
  });
  await res.text();
  return res.status;
}
