import type { LogLevel } from '@slack/bolt';
import { App, HTTPReceiver } from '@slack/bolt';
import type { Config } from './config.ts';
import type { Log } from './log.ts';
import { errorCode } from './quiz/service.ts';
import { registerActions } from './slack/actions.ts';
import { AdminCheck } from './slack/admin.ts';
import { registerCommands } from './slack/commands.ts';
import type { AppContext } from './slack/context.ts';
import { registerHome } from './slack/home.ts';

/** Slack's request body is a few KB; anything near this is not Slack. */
export const BODY_LIMIT = 1024 * 1024;

export interface BuiltApp {
  app: App;
  /** HTTP mode only: Bolt's handler for /slack/events. */
  receiver?: HTTPReceiver;
}

/** Builds the Bolt app; no I/O happens here (no listening, no Web API calls). */
export function buildApp(config: Config, log: Log & { bolt: import('@slack/bolt').Logger }): BuiltApp {
  const clientOptions = {
    ...(config.slackApiUrl ? { slackApiUrl: config.slackApiUrl } : {}),
    // Slack's 3-second world: a few quick retries, honouring Retry-After on 429, then give up and
    // let the quiz scheduler retry later with its own backoff.
    retryConfig: { retries: 3, factor: 2, minTimeout: 300, maxTimeout: 3000, randomize: true },
    timeout: 10_000,
  };
  if (config.appToken) {
    const app = new App({
      token: config.botToken,
      appToken: config.appToken,
      socketMode: true,
      tokenVerificationEnabled: false,
      logger: log.bolt,
      logLevel: log.bolt.getLevel() as LogLevel,
      clientOptions,
    });
    return { app };
  }
  const receiver = new HTTPReceiver({
    signingSecret: config.signingSecret ?? '',
    endpoints: '/slack/events',
    logger: log.bolt,
    bodyLimit: BODY_LIMIT,
  });
  // No auth.test before each request: commands and clicks keep working while Slack's Web API is down.
  const app = new App({ token: config.botToken, receiver, logger: log.bolt, clientOptions, tokenVerificationEnabled: false });
  return { app, receiver };
}

export function registerListeners(app: App, ctx: AppContext): void {
  const admins = new AdminCheck(ctx.config.adminUserIds, ctx.now);
  registerCommands(app, ctx, admins);
  registerActions(app, ctx);
  registerHome(app, ctx);
  app.error(async (err) => {
    // Listeners catch their own errors; this is the net for anything else. Never echo payloads.
    ctx.log.error('bolt.unhandled', { error: errorCode(err) });
  });
}
