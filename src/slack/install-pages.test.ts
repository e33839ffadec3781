import { describe, expect, it } from 'vitest';
import { authorizationUrlFor, BOT_SCOPES } from './install.ts';
import { installFailureText, renderInstallFailure, renderInstallPage, renderInstallSuccess } from './install-pages.ts';

describe('install pages', () => {
  it('links Add to Slack to the authorize URL, escaped, and explains every scope asked for', () => {
    const html = renderInstallPage('https://slack.com/oauth/v2/authorize?scope=a,b&state="x"<y>', BOT_SCOPES);
    expect(html).toContain(
      'href="https://slack.com/oauth/v2/authorize?scope=a,b&amp;state=&quot;x&quot;&lt;y&gt;">Add to Slack</a>',
    );
    for (const scope of BOT_SCOPES)
      expect(html).toMatch(new RegExp(`<code>${scope.replace('.', '\\.')}</code>: (?!used by the app)`));
    expect(html).not.toMatch(/<script|<img|<link|src=/);
  });

  it('escapes the workspace name on the success page', () => {
    expect(renderInstallSuccess('<b>Acme</b> & "Co"')).toContain(
      'installed in <strong>&lt;b&gt;Acme&lt;/b&gt; &amp; &quot;Co&quot;</strong>',
    );
    expect(renderInstallSuccess(undefined)).toContain('AWS Serverless Tutor is installed</h1>');
  });

  it("says what went wrong and what to do, with Slack's error escaped", () => {
    const html = renderInstallFailure('slack_refused', '/slack/install', '<bad_code>');
    expect(html).toContain('Slack did not complete the install (&lt;bad_code&gt;)');
    expect(html).toContain('<a href="/slack/install">');
    for (const reason of ['state', 'denied', 'slack_refused', 'org_install', 'unknown'] as const) {
      expect(installFailureText(reason)).toMatch(/Nothing was installed|nothing was installed/);
    }
  });

  it("puts the consent screen on SLACK_API_URL's host when set, and on slack.com otherwise", () => {
    expect(authorizationUrlFor(undefined)).toBe('https://slack.com/oauth/v2/authorize');
    expect(authorizationUrlFor('http://127.0.0.1:4567/api/')).toBe('http://127.0.0.1:4567/oauth/v2/authorize');
  });
});
