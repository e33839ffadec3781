/**
 * The pages a person installing the app sees in a browser: the install page with its "Add to
 * Slack" button, and the page Slack's redirect lands on. Plain HTML of our own, every value
 * escaped, no script and nothing loaded from elsewhere (server.ts sends a CSP that forbids it).
 */

const APP_NAME = 'AWS Serverless Tutor';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1d1c1d;line-height:1.5}
h1{font-size:1.5rem}code{background:#f4f4f4;padding:0 .25rem;border-radius:3px}
.add{display:inline-block;padding:.6rem 1.2rem;border-radius:6px;background:#4a154b;color:#fff;font-weight:600;text-decoration:none}
.add:hover{background:#611f69}.fail{color:#b00020}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** What each bot scope is for, in the words the install page uses. */
const SCOPE_PURPOSES: Record<string, string> = {
  commands: 'answer the /aws command',
  'chat:write': 'post the daily question and update it with the count and the answer',
  'chat:write.public': 'post the daily question in a public channel it has not been invited to',
  'users:read': 'check who is a workspace admin, and read time zones for the setup form and reminders',
  'im:write': 'open the direct message a practice session runs in, and tell the admin when posting fails',
  'files:write': "upload the weekly recap's chart into the quiz channel",
  'channels:read': 'check at setup that it can post in a public channel',
  'groups:read': 'check at setup that it can post in a private channel it was invited to',
};

/** GET /slack/install: what the app does, what it asks for, and the button to Slack's consent screen. */
export function renderInstallPage(authorizeUrl: string, scopes: readonly string[]): string {
  const asks = scopes
    .map((s) => `<li><code>${escapeHtml(s)}</code>: ${escapeHtml(SCOPE_PURPOSES[s] ?? 'used by the app')}</li>`)
    .join('\n');
  return page(
    `Install ${APP_NAME}`,
    `<h1>Install ${APP_NAME}</h1>
<p>A daily AWS serverless question in a channel of your choice, private feedback on every answer, <code>/aws</code> lookups, streaks and a leaderboard.</p>
<p>Slack will ask you to allow the app to:</p>
<ul>
${asks}
</ul>
<p><a class="add" id="add-to-slack" href="${escapeHtml(authorizeUrl)}">Add to Slack</a></p>
<p>You become the first quiz admin of your workspace; its admins and owners are quiz admins too.</p>`,
  );
}

/** Slack's redirect after a good install. */
export function renderInstallSuccess(teamName: string | undefined): string {
  const where = teamName ? ` in <strong>${escapeHtml(teamName)}</strong>` : '';
  return page(
    `${APP_NAME} is installed`,
    `<h1 id="installed">${APP_NAME} is installed${where}</h1>
<p>Next, in Slack: invite the app to a channel (<code>/invite @${APP_NAME}</code>) and type <code>/aws quiz here</code> there to start the daily question. <code>/aws help</code> lists the rest.</p>
<p>You can close this page.</p>`,
  );
}

export type InstallFailureReason = 'state' | 'denied' | 'slack_refused' | 'org_install' | 'unknown';

/** Why an install did not finish, and what to do: a sentence for each way it fails. */
export function installFailureText(reason: InstallFailureReason, slackError?: string): string {
  switch (reason) {
    case 'state':
      return 'This install link has expired or was started in another browser, so it cannot be finished here. Nothing was installed. Start again from the install page, in this browser, and finish within ten minutes.';
    case 'denied':
      return 'The install was cancelled in Slack, so nothing was installed. Start again from the install page when you are ready.';
    case 'slack_refused':
      return `Slack did not complete the install (${slackError ?? 'unknown error'}). Nothing was installed. Start again from the install page; if it keeps failing, check the app's Client ID, Client Secret and Redirect URL.`;
    case 'org_install':
      return 'This app is installed one workspace at a time and does not support org-wide installs on Enterprise Grid, so nothing was installed. Install it from the install page into each workspace that wants it.';
    default:
      return 'Something went wrong finishing the install. Nothing was installed. Please start again from the install page in a moment.';
  }
}

export function renderInstallFailure(reason: InstallFailureReason, installPath: string, slackError?: string): string {
  return page(
    `${APP_NAME} was not installed`,
    `<h1 id="not-installed" class="fail">${APP_NAME} was not installed</h1>
<p id="reason">${escapeHtml(installFailureText(reason, slackError))}</p>
<p><a href="${escapeHtml(installPath)}">Back to the install page</a></p>`,
  );
}
