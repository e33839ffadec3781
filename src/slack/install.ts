/**
 * Multi-workspace mode through Bolt's built-in installer (@slack/oauth InstallProvider, run by the
 * HTTPReceiver): GET /slack/install, GET /slack/oauth_redirect, and the InstallationStore Bolt's
 * authorize asks for each request's bot token. This file adapts our installation service to it
 * and renders its pages; the OAuth exchange itself (state, oauth.v2.access) is Bolt's.
 */
import type http from 'node:http';
import type { HTTPReceiverOptions, Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { webApi } from '@slack/bolt';
import type { OAuthConfig } from '../config.ts';
import { errorCode } from '../errors.ts';
import type { Log } from '../log.ts';
import type { WorkspaceInstallation } from '../services/installation-store.ts';
import type { InstallationService } from '../services/installations.ts';
import { type InstallFailureReason, renderInstallFailure, renderInstallPage, renderInstallSuccess } from './install-pages.ts';

export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

/** The bot scopes the install asks for: manifest.yml's, checked by test/manifest.test.ts. */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'chat:write.public',
  'users:read',
  'im:write',
  'files:write',
  'channels:read',
  'groups:read',
] as const;

/** Slack's consent screen, or the same path on SLACK_API_URL's host (the fake Slack in tests). */
export function authorizationUrlFor(slackApiUrl: string | undefined): string {
  return new URL('../oauth/v2/authorize', slackApiUrl ?? 'https://slack.com/api/').toString();
}

/** Bolt's installation, as this app keeps it; throws for what it does not keep. */
export function toWorkspaceInstallation(i: Installation): Omit<WorkspaceInstallation, 'installedAt'> {
  if (i.isEnterpriseInstall) throw new Error('org-wide installs are not supported');
  if (!i.team?.id || !i.bot?.token) throw new Error('the installation has no workspace or no bot token');
  return {
    teamId: i.team.id,
    enterpriseId: i.enterprise?.id ?? null,
    isEnterpriseInstall: false,
    botToken: i.bot.token,
    botUserId: i.bot.userId,
    botId: i.bot.id,
    scopes: i.bot.scopes,
    installerUserId: i.user.id,
  };
}

function toBoltInstallation(w: WorkspaceInstallation): Installation<'v2', false> {
  return {
    team: { id: w.teamId },
    enterprise: w.enterpriseId ? { id: w.enterpriseId } : undefined,
    user: { id: w.installerUserId, token: undefined, scopes: undefined },
    bot: { token: w.botToken, userId: w.botUserId, id: w.botId, scopes: w.scopes },
    tokenType: 'bot',
    isEnterpriseInstall: false,
    authVersion: 'v2',
  };
}

/** Bolt's InstallationStore over the installation service (its cache included). */
export function boltInstallationStore(service: InstallationService): InstallationStore {
  const queryOf = (q: InstallationQuery<boolean>) => ({
    teamId: q.teamId ?? '',
    ...(q.enterpriseId ? { enterpriseId: q.enterpriseId } : {}),
  });
  return {
    async storeInstallation(installation) {
      await service.installed(toWorkspaceInstallation(installation as Installation));
    },
    async fetchInstallation(query) {
      if (query.isEnterpriseInstall || !query.teamId) throw new Error('org-wide installs are not supported');
      const found = await service.find(queryOf(query));
      if (!found) throw new Error('this workspace has not installed the app');
      return toBoltInstallation(found);
    },
    async deleteInstallation(query) {
      if (query.teamId) await service.uninstalled(queryOf(query), 'deleted');
    },
  };
}

/**
 * Which failure page an installer error gets, and Slack's own error code when there is one: from
 * oauth.v2.access, or the `error` Slack put on the redirect (access_denied: the person cancelled).
 */
export function failureOf(
  error: { code?: string; data?: { error?: string } },
  req: http.IncomingMessage,
): { reason: InstallFailureReason; slackError?: string } {
  const onRedirect = new URL(req.url ?? '/', 'http://localhost').searchParams.get('error');
  if (onRedirect === 'access_denied') return { reason: 'denied' };
  if (onRedirect) return { reason: 'slack_refused', slackError: onRedirect };
  switch (error.code) {
    case 'slack_oauth_invalid_state':
    case 'slack_oauth_missing_state':
      return { reason: 'state' };
    case 'slack_webapi_platform_error':
      return { reason: 'slack_refused', ...(error.data?.error ? { slackError: error.data.error } : {}) };
    default:
      return { reason: 'unknown' };
  }
}

function sendPage(res: http.ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

type ReceiverInstallOptions = Pick<
  HTTPReceiverOptions,
  'clientId' | 'clientSecret' | 'stateSecret' | 'scopes' | 'installationStore' | 'installerOptions'
>;

/** The HTTPReceiver options that turn on the installer, its pages and its store. */
export function installOptions(o: {
  oauth: OAuthConfig;
  service: InstallationService;
  clientOptions: webApi.WebClientOptions;
  slackApiUrl: string | undefined;
  log: Log;
}): ReceiverInstallOptions {
  const { log } = o;
  return {
    clientId: o.oauth.clientId,
    clientSecret: o.oauth.clientSecret,
    stateSecret: o.oauth.stateSecret,
    scopes: [...BOT_SCOPES],
    installationStore: boltInstallationStore(o.service),
    installerOptions: {
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      directInstall: false,
      authorizationUrl: authorizationUrlFor(o.slackApiUrl),
      clientOptions: o.clientOptions,
      renderHtmlForInstallPath: (url) => renderInstallPage(url, BOT_SCOPES),
      callbackOptions: {
        afterInstallation: async (installation, _options, _req, res) => {
          if (!installation.isEnterpriseInstall) return true;
          log.warn('install.refused', { enterprise: installation.enterprise?.id, reason: 'org_install' });
          await revokeQuietly(installation.bot?.token, o.clientOptions);
          sendPage(res, 403, renderInstallFailure('org_install', INSTALL_PATH));
          return false;
        },
        success: (installation, _options, _req, res) => {
          sendPage(res, 200, renderInstallSuccess(installation.team?.name));
        },
        failure: (error, _options, req, res) => {
          const { reason, slackError } = failureOf(error as { code?: string; data?: { error?: string } }, req);
          log.warn('install.failed', { reason, error: slackError ?? errorCode(error) });
          sendPage(res, reason === 'unknown' ? 500 : 400, renderInstallFailure(reason, INSTALL_PATH, slackError));
        },
      },
    },
  };
}

/** An org-wide install we refuse should not leave a working token behind at Slack. */
async function revokeQuietly(token: string | undefined, clientOptions: webApi.WebClientOptions): Promise<void> {
  if (!token) return;
  try {
    await new webApi.WebClient(token, { ...clientOptions, retryConfig: { retries: 0 } }).auth.revoke();
  } catch {
    // Best effort: the page still says nothing was installed, and Slack shows the app in the org.
  }
}
