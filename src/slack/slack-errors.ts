/**
 * Slack's error codes in people's words: what went wrong and what fixes it, in one table. Used for
 * the DM a quiz admin gets when posting fails, and for the checks at setup. `where` is how the
 * channel is named in the text (a `<#C…>` mention renders as its name).
 */

export interface SlackErrorText {
  /** What went wrong: "I was removed from #aws-study". */
  problem: string;
  /** What fixes it: "invite me again with `/invite @AWS Serverless Tutor`". */
  fix: string;
  /** True when the app retries by itself and nobody needs to act. */
  passes?: true;
}

const INVITE = 'invite me with `/invite @AWS Serverless Tutor` in that channel';
const REINSTALL =
  'a workspace admin reinstalls the app (api.slack.com/apps → your app → OAuth & Permissions → Reinstall to Workspace) so it gets the scopes manifest.yml lists';
const NEW_TOKEN = 'reinstall the app, put its new bot token in `SLACK_BOT_TOKEN` and restart it';

type Entry = (where: string, needed: string) => SlackErrorText;

const TOKEN_REFUSED: Entry = () => ({
  problem: "Slack refuses the app's token (revoked, or the app was uninstalled)",
  fix: NEW_TOKEN,
});
const SLACK_DOWN: Entry = () => ({
  problem: 'Slack had a problem on its side',
  fix: "there is nothing to do, I'll keep retrying",
  passes: true,
});
const UNREACHABLE: Entry = () => ({
  problem: "I couldn't reach Slack",
  fix: "there is nothing to do, I'll keep retrying",
  passes: true,
});

const TABLE: Readonly<Record<string, Entry>> = {
  not_in_channel: (where) => ({
    problem: `I was removed from ${where} (or never invited)`,
    fix: 'invite me again with `/invite @AWS Serverless Tutor` in that channel',
  }),
  channel_not_found: (where) => ({
    problem: `I can't see ${where} any more (it was deleted, or it is private and I am not in it)`,
    fix: `${INVITE}, or move the quiz to another channel with \`/aws quiz setup\``,
  }),
  is_archived: (where) => ({
    problem: `${where} is archived`,
    fix: 'unarchive it, or move the quiz to another channel with `/aws quiz setup`',
  }),
  restricted_action: (where) => ({
    problem: `the workspace's settings don't let me post in ${where}`,
    fix: 'ask a workspace admin to let apps post there (channel posting permissions)',
  }),
  missing_scope: (_where, needed) => ({
    problem: `the app lacks the Slack permission ${needed
      .split(',')
      .map((scope) => `\`${scope}\``)
      .join(' and ')}`,
    fix: REINSTALL,
  }),
  not_allowed_token_type: () => ({
    problem: 'the app is using the wrong kind of token',
    fix: 'use the bot token (`xoxb-…`) in `SLACK_BOT_TOKEN`',
  }),
  invalid_auth: TOKEN_REFUSED,
  not_authed: TOKEN_REFUSED,
  token_revoked: TOKEN_REFUSED,
  token_expired: TOKEN_REFUSED,
  account_inactive: TOKEN_REFUSED,
  ratelimited: () => ({
    problem: 'Slack is rate-limiting the app',
    fix: "there is nothing to do, I'll retry in a moment",
    passes: true,
  }),
  fatal_error: SLACK_DOWN,
  internal_error: SLACK_DOWN,
  service_unavailable: SLACK_DOWN,
  request_timeout: SLACK_DOWN,
  slack_webapi_request_error: UNREACHABLE,
  ETIMEDOUT: UNREACHABLE,
  ECONNREFUSED: UNREACHABLE,
  ECONNRESET: UNREACHABLE,
  ENOTFOUND: UNREACHABLE,
  EAI_AGAIN: UNREACHABLE,
};

/**
 * Translates an error code; `needed` names the scopes a missing_scope is about, comma-separated
 * (posting needs chat:write).
 */
export function explainSlackError(code: string, where: string, needed = 'chat:write'): SlackErrorText {
  const entry = Object.hasOwn(TABLE, code) ? TABLE[code] : undefined;
  if (entry) return entry(where, needed);
  return {
    problem: `Slack did not accept the question in ${where} (\`${code.replace(/[^\w.:-]/g, '').slice(0, 60)}\`)`,
    fix: "I'll keep retrying; `/aws quiz status` in that channel shows the last error",
  };
}
