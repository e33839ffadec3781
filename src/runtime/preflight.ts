/**
 * Asks Slack at start whether SLACK_BOT_TOKEN is good. Bolt is told not to check (see app.ts), so
 * without this a copied-wrong or revoked token starts "fine" and every post fails for hours before
 * anyone reads the log. A refused token stops the start with one sentence saying what to do; a
 * Slack that cannot be reached does not: the app starts and checks again in the background.
 */
import { type Logger, LogLevel, webApi } from '@slack/bolt';
import type { Log } from '../log.ts';

/** What auth.test answers (the fields used here). */
export interface AuthTestResult {
  ok?: boolean;
  error?: string;
  team?: string;
  team_id?: string;
  user?: string;
  user_id?: string;
}

export type AuthTest = () => Promise<AuthTestResult>;

export type TokenCheck =
  | { kind: 'ok'; team?: string; teamId?: string; user?: string }
  /** Slack refused the token: starting would only fail later. */
  | { kind: 'refused'; error: string; message: string }
  /** Network, HTTP or rate-limit failure, or Slack having a bad moment: worth asking again. */
  | { kind: 'unreachable'; error: string }
  /** Slack answered with an error this app does not know: start, and say so once. */
  | { kind: 'unverified'; error: string };

const FROM_OAUTH_PAGE = "copy the Bot User OAuth Token (xoxb-…) from your app's OAuth & Permissions page into SLACK_BOT_TOKEN";

const REFUSALS: Record<string, string> = {
  invalid_auth: `Slack refused SLACK_BOT_TOKEN (invalid_auth): ${FROM_OAUTH_PAGE}.`,
  not_authed: `Slack received no token (not_authed): ${FROM_OAUTH_PAGE}.`,
  token_revoked: `Slack refused SLACK_BOT_TOKEN (token_revoked): the app was uninstalled or its token revoked; reinstall it from your app's OAuth & Permissions page and copy the new Bot User OAuth Token (xoxb-…) into SLACK_BOT_TOKEN.`,
  account_inactive: `Slack refused SLACK_BOT_TOKEN (account_inactive): the workspace or the app's bot user behind this token has been deactivated; reinstall the app in an active workspace and copy the new Bot User OAuth Token (xoxb-…) into SLACK_BOT_TOKEN.`,
};

/** Errors that come from Slack's side and pass: asking again later is right. */
const TRANSIENT = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/** The sentence for an auth.test error that means the token will never work, if it is one. */
export function refusalMessage(error: string): string | undefined {
  return Object.hasOwn(REFUSALS, error) ? REFUSALS[error] : undefined;
}

function fromError(error: string): TokenCheck {
  const message = refusalMessage(error);
  if (message) return { kind: 'refused', error, message };
  return TRANSIENT.has(error) ? { kind: 'unreachable', error } : { kind: 'unverified', error };
}

/** What an auth.test answer, or the error it threw, means for the start. */
export function classifyAuthTest(outcome: { result: AuthTestResult } | { thrown: unknown }): TokenCheck {
  if ('result' in outcome) {
    const r = outcome.result;
    if (r.ok) return { kind: 'ok', team: r.team, teamId: r.team_id, user: r.user };
    return fromError(r.error ?? 'unknown_error');
  }
  const e = outcome.thrown as { code?: string; data?: { error?: string }; original?: { code?: string }; message?: string };
  // @slack/web-api throws ok:false answers as platform errors, with Slack's code in data.error.
  if (e?.code === 'slack_webapi_platform_error' && e.data?.error) return fromError(e.data.error);
  return { kind: 'unreachable', error: e?.original?.code ?? e?.code ?? e?.message ?? String(outcome.thrown) };
}

/** One auth.test, never throwing. */
export async function checkToken(authTest: AuthTest): Promise<TokenCheck> {
  try {
    return classifyAuthTest({ result: await authTest() });
  } catch (thrown) {
    return classifyAuthTest({ thrown });
  }
}

const quiet: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};

/** Per attempt: long enough for a slow link, short enough not to hold up a start for long. */
export const AUTH_TEST_TIMEOUT_MS = 5000;
/** Later checks after 1 s, doubling, at most five minutes apart. */
export const AUTH_RETRY_FIRST_MS = 1000;
export const AUTH_RETRY_MAX_MS = 5 * 60_000;

/** auth.test through @slack/web-api, at SLACK_API_URL when set. One try per call: retries are ours. */
export function slackAuthTest(o: { token: string; slackApiUrl?: string; timeoutMs?: number }): AuthTest {
  const client = new webApi.WebClient(o.token, {
    ...(o.slackApiUrl ? { slackApiUrl: o.slackApiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: o.timeoutMs ?? AUTH_TEST_TIMEOUT_MS,
    // Failures come back to verifySlackToken, which logs them once and redacted.
    logger: quiet,
  });
  return () => client.auth.test();
}

export interface TokenVerification {
  /** The first check's verdict; main stops on 'refused' and starts on anything else. */
  first: Promise<TokenCheck>;
  /** Ends the background checks (shutdown). */
  stop(): void;
}

/**
 * Checks the token now and, while Slack cannot be reached, again with backoff in the background.
 * The first failure to reach Slack is logged once; reaching it later is logged once too. A refusal
 * that only arrives later goes to `onRefused` (main stops the app).
 */
export function verifySlackToken(o: {
  authTest: AuthTest;
  log: Log;
  onRefused: (check: Extract<TokenCheck, { kind: 'refused' }>) => void;
  retryFirstMs?: number;
  retryMaxMs?: number;
}): TokenVerification {
  const firstMs = o.retryFirstMs ?? AUTH_RETRY_FIRST_MS;
  const maxMs = o.retryMaxMs ?? AUTH_RETRY_MAX_MS;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const report = (check: TokenCheck, later: boolean) => {
    if (check.kind === 'ok') {
      o.log.info(later ? 'slack.reachable' : 'slack.authenticated', {
        team: check.team,
        teamId: check.teamId,
        user: check.user,
        message: `${later ? 'Reached Slack: ' : ''}SLACK_BOT_TOKEN works for workspace ${check.team ?? check.teamId ?? '?'}${check.user ? ` as @${check.user}` : ''}.`,
      });
    } else if (check.kind === 'unverified') {
      o.log.warn('slack.auth_unverified', {
        error: check.error,
        message: `Slack answered auth.test with ${check.error}; starting anyway. If posts fail, check SLACK_BOT_TOKEN.`,
      });
    } else if (check.kind === 'refused' && later) {
      o.log.error('slack.token_refused', { error: check.error, message: check.message });
      o.onRefused(check);
    }
  };

  const retry = (attempt: number) => {
    const delay = Math.min(maxMs, firstMs * 2 ** attempt);
    timer = setTimeout(async () => {
      if (stopped) return;
      const check = await checkToken(o.authTest);
      if (stopped) return;
      if (check.kind === 'unreachable') retry(attempt + 1);
      else report(check, true);
    }, delay);
    timer.unref();
  };

  const first = checkToken(o.authTest).then((check) => {
    if (check.kind === 'unreachable') {
      o.log.warn('slack.unreachable', {
        error: check.error,
        message: `Could not reach Slack to check SLACK_BOT_TOKEN (${check.error}); starting anyway and checking again in the background.`,
      });
      if (!stopped) retry(0);
    } else {
      report(check, false);
    }
    return check;
  });

  return {
    first,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
