import type { LogLevel } from '@slack/bolt';
import { App, HTTPReceiver, webApi } from '@slack/bolt';
import type { Config } from './config.ts';
import { errorCode } from './errors.ts';
import type { Log } from './log.ts';
import { FAN_OUT_MAX_IN_FLIGHT } from './runtime/timings.ts';
import { BODY_LIMIT } from './server.ts';
import type { InstallationService } from './services/installations.ts';
import { AdminCheck } from './slack/admin.ts';
import type { AppContext } from './slack/context.ts';
import { installOptions } from './slack/install.ts';
import { registerActions } from './slack/listeners/actions/index.ts';
import { registerCommands } from './slack/listeners/commands/index.ts';
import { registerEvents } from './slack/listeners/events/index.ts';
import { registerViews } from './slack/listeners/views/index.ts';

export interface BuiltApp {
  app: App;
  /** The scheduler's client for posting questions: a 429 comes back as an error instead of pausing every call. */
  posting: webApi.WebClient;
  /** HTTP mode only: Bolt's handler for /slack/events. */
  receiver?: HTTPReceiver;
}

/** How patient the Web API client is; tests shorten it rather than wait 10 s for a timeout. */
export interface SlackClientTuning {
  /** Per attempt, for Web API calls and response_url replies alike. */
  timeoutMs?: number;
  retries?: number;
  minRetryMs?: number;
}

/**
 * Bolt asks auth.test for the bot's ids either once at start (tokenVerificationEnabled: true; if
 * Slack is unreachable then, every later request fails) or, with false, before every request: its
 * authorize does not keep the answer, so each click cost a Web API round trip and failed while the
 * Web API was down. Given the ids, it never asks. They serve only ignoreSelf (dropping the bot's
 * own events), and no listener here receives any, so commands and clicks make no Web API call.
 */
const WITHOUT_AUTH_TEST = { tokenVerificationEnabled: false, ignoreSelf: false, botId: '', botUserId: '' };

/**
 * Bolt's default conversation store looks up every request's channel in a map and, when it finds
 * nothing (always, here: no listener keeps conversation state), builds and throws an Error, stack
 * and all: one of the larger costs of a click in the benchmark's profile.
 */
const BOLT_OPTIONS = { ...WITHOUT_AUTH_TEST, convoStore: false as const };

/** Per attempt, for Web API calls and response_url posts alike. */
export const SLACK_TIMEOUT_MS = 10_000;

/** Builds the Bolt app; no I/O happens here (no listening, no Web API calls). */
export function buildApp(
  config: Config,
  log: Log & { bolt: import('@slack/bolt').Logger },
  tuning: SlackClientTuning = {},
  /** Multi-workspace mode (config.oauth): where installations and their tokens live. */
  installations?: InstallationService,
): BuiltApp {
  const timeoutMs = tuning.timeoutMs ?? SLACK_TIMEOUT_MS;
  const minRetryMs = tuning.minRetryMs ?? 300;
  const clientOptions = {
    ...(config.slackApiUrl ? { slackApiUrl: config.slackApiUrl } : {}),
    // Slack's 3-second world: a few quick retries, honouring Retry-After on 429, then give up and
    // let the quiz scheduler retry later with its own backoff.
    retryConfig: {
      retries: tuning.retries ?? 3,
      factor: 2,
      minTimeout: minRetryMs,
      maxTimeout: minRetryMs * 10,
      randomize: true,
    },
    timeout: timeoutMs,
  };
  if (config.appToken) {
    const app = new App({
      token: config.botToken,
      appToken: config.appToken,
      socketMode: true,
      ...BOLT_OPTIONS,
      logger: log.bolt,
      logLevel: log.bolt.getLevel() as LogLevel,
      clientOptions,
    });
    return { app, posting: postingClient(config, { ...clientOptions, logger: log.bolt }) };
  }
  const receiver = new HTTPReceiver({
    signingSecret: config.signingSecret ?? '',
    endpoints: '/slack/events',
    logger: log.bolt,
    bodyLimit: BODY_LIMIT,
    // src/server.ts `admit` verifies signature, timestamp and replay before any request reaches
    // Bolt, and hands Bolt nothing else (the rule written there); a second HMAC here would only
    // cost CPU on every click.
    signatureVerification: false,
    // Multi-workspace mode: Bolt's installer serves the install pages (server.ts routes the two
    // GETs here) and its authorize looks up each request's workspace token in our store.
    ...(config.oauth && installations
      ? installOptions({
          oauth: config.oauth,
          service: installations,
          clientOptions,
          slackApiUrl: config.slackApiUrl,
          log,
        })
      : {}),
  });
  const app = new App({
    ...(config.oauth ? {} : { token: config.botToken }),
    receiver,
    logger: log.bolt,
    clientOptions,
    ...BOLT_OPTIONS,
  });
  return { app, receiver, posting: postingClient(config, { ...clientOptions, logger: log.bolt }) };
}

/**
 * Bolt's client waits out a 429 by pausing its whole request queue: one workspace's limit would hold
 * every workspace's question. This one hands the 429 back, and the fan-out pauses that workspace.
 * In multi-workspace mode it has no token of its own: each call carries its workspace's.
 */
function postingClient(config: Config, options: webApi.WebClientOptions): webApi.WebClient {
  return new webApi.WebClient(config.oauth ? undefined : config.botToken, {
    ...options,
    rejectRateLimitedCalls: true,
    maxRequestConcurrency: FAN_OUT_MAX_IN_FLIGHT,
  });
}

function dispatchedType(body: unknown): string {
  const b = body as { type?: unknown; command?: unknown };
  if (typeof b.command === 'string') return 'command';
  return typeof b.type === 'string' ? b.type : 'unknown';
}

export function registerListeners(app: App, ctx: AppContext, options: { traceDispatch?: boolean } = {}): void {
  const installations = ctx.installations;
  const admins = new AdminCheck(
    ctx.config.adminUserIds,
    ctx.now,
    installations ? (teamId, userId) => installations.isInstaller(teamId, userId) : undefined,
  );
  // At debug level, everything Bolt dispatches passes here first: the trace that a request reached
  // the listeners. Off otherwise: a global middleware is one more step on every click.
  if (options.traceDispatch) {
    app.use(async ({ body, next }) => {
      ctx.log.debug('slack.dispatched', { type: dispatchedType(body) });
      await next();
    });
  }
  registerCommands(app, ctx, admins);
  registerActions(app, ctx, admins);
  registerEvents(app, ctx, admins);
  registerViews(app, ctx, admins);
  app.error(async (err) => {
    // Listeners catch their own errors; this is the net for anything else. Never echo payloads.
    ctx.log.error('bolt.unhandled', { error: errorCode(err) });
  });
}
