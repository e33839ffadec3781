/**
 * The install pages in a real browser: Debian's chromium driven by playwright-core, against the
 * app on loopback and the fake Slack's consent screen and oauth.v2.access. .ci/run installs
 * chromium first; without it this file is skipped and says why.
 */
import fs from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harnessPerTest } from './support/app-harness.ts';
import { countRows } from './support/database.ts';
import type { OAuthGrant } from './support/fake-slack.ts';
import { MULTI_WORKSPACE_ENV } from './support/install-flow.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `install-browser.test.ts skipped: no chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH).`,
  );
}

const ACME: OAuthGrant = { teamId: 'T0ACME', teamName: 'Acme', botToken: 'xoxb-acme-browser', installerUserId: 'U0ACMEINST' };
const start = harnessPerTest();
let browser: Browser | undefined;

beforeAll(async () => {
  if (!hasChromium) return;
  // Root in CI: chromium's sandbox needs an unprivileged user, so it is turned off for this test run.
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

function launched(): Browser {
  if (!browser) throw new Error('chromium did not start');
  return browser;
}

async function appWithConsent(o: { code?: string; state?: string }) {
  const h = await start({ env: MULTI_WORKSPACE_ENV });
  if (o.code) h.slack.grant(o.code, ACME);
  h.slack.consent = { redirectUrl: `${h.url}/slack/oauth_redirect`, ...o };
  return h;
}

describe.skipIf(!hasChromium)(`install pages in chromium (${CHROMIUM})`, () => {
  it('installs through Add to Slack and the consent screen, and lands on the success page', async () => {
    const h = await appWithConsent({ code: 'browser-code-1' });
    const context = await launched().newContext();
    const page = await context.newPage();
    await page.goto(`${h.url}/slack/install`);
    expect(await page.title()).toBe('Install AWS Serverless Tutor');
    await page.getByRole('link', { name: 'Add to Slack' }).click();
    await page.waitForURL(/\/slack\/oauth_redirect\?/);
    expect(await page.locator('#installed').textContent()).toBe('AWS Serverless Tutor is installed in Acme');
    expect(await page.locator('body').textContent()).toContain('/aws quiz here');
    expect(h.slack.callsOf('oauth.v2.access')).toHaveLength(1);
    expect(await countRows(h.runtime.storage, 'installations', { team_id: 'T0ACME' })).toBe(1);
    await context.close();
  });

  it('shows the failure page when the state that comes back is not the one given', async () => {
    const h = await appWithConsent({ code: 'browser-code-2', state: 'forged-state' });
    const context = await launched().newContext();
    const page = await context.newPage();
    await page.goto(`${h.url}/slack/install`);
    await page.getByRole('link', { name: 'Add to Slack' }).click();
    await page.waitForURL(/\/slack\/oauth_redirect\?/);
    expect(await page.locator('#not-installed').textContent()).toBe('AWS Serverless Tutor was not installed');
    expect(await page.locator('#reason').textContent()).toMatch(/expired or was started in another browser/);
    expect(h.slack.callsOf('oauth.v2.access')).toEqual([]);
    expect(await countRows(h.runtime.storage, 'installations')).toBe(0);
    // Its link goes back to a fresh install page.
    await page.getByRole('link', { name: 'Back to the install page' }).click();
    await page.waitForURL(/\/slack\/install$/);
    await context.close();
  });

  it('refuses to finish, in another browser, an install started in this one', async () => {
    const h = await appWithConsent({ code: 'browser-code-3' });
    const first = await launched().newContext();
    const page = await first.newPage();
    await page.goto(`${h.url}/slack/install`);
    const href = await page.getByRole('link', { name: 'Add to Slack' }).getAttribute('href');
    // The consent screen's redirect, opened in a browser that never saw the install page.
    const consent = await fetch(href ?? '', { redirect: 'manual' });
    const other = await launched().newContext();
    const elsewhere = await other.newPage();
    const response = await elsewhere.goto(consent.headers.get('location') ?? '');
    expect(response?.status()).toBe(400);
    expect(await elsewhere.locator('#reason').textContent()).toMatch(/started in another browser/);
    expect(await countRows(h.runtime.storage, 'installations')).toBe(0);
    await first.close();
    await other.close();
  });
});
