// First: before anything loads Bolt.
import './runtime/defer-receivers.ts';
import fs from 'node:fs';
import { type Config, configWarnings, loadConfig, secretsOf } from './config.ts';
import { TutorError } from './errors.ts';
import { createLogger } from './log.ts';
import { slackAuthTest, verifySlackToken } from './runtime/preflight.ts';
import { startRuntime } from './runtime.ts';

// Exit codes: 1 configuration or content (a PostgreSQL server that DATABASE_URL cannot reach or log
// in to is configuration), 2 storage (disk, permissions, corrupt file), 3 other.
const EXIT = { config_invalid: 1, content_invalid: 1, db_unreachable: 1, db_auth_failed: 1, db_not_found: 1 } as Record<
  string,
  number
>;

async function main(): Promise<void> {
  let dotenv: string | undefined;
  if (fs.existsSync('.env')) {
    process.loadEnvFile('.env');
    dotenv = fs.readFileSync('.env', 'utf8');
  }
  const warnings = configWarnings(process.env, dotenv);
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    // A misspelt name is often why a required one is missing: show both together.
    const also = warnings.length > 0 ? `\nAlso check:\n${warnings.map((w) => `  - ${w}`).join('\n')}` : '';
    console.error(`${(err as Error).message}${also}`);
    process.exit(1);
  }
  const log = createLogger({ level: config.logLevel, secrets: secretsOf(config) });
  for (const message of warnings) log.warn('config.warning', { message });

  let runtime: Awaited<ReturnType<typeof startRuntime>> | undefined;
  const token = await checkBotToken(config, log, () => runtime);
  try {
    runtime = await startRuntime({ config, log, watchContent: true });
  } catch (err) {
    if (err instanceof TutorError) {
      console.error(err.message);
      process.exit(EXIT[err.code] ?? (err.code.startsWith('db_') ? 2 : 3));
    }
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') {
      console.error(`Port ${config.port} is already in use. Set PORT to a free port.`);
      process.exit(3);
    }
    log.error('app.start_failed', { err });
    process.exit(3);
  }
  const started = runtime;
  log.info('app.listening', {
    message: config.appToken
      ? `Socket Mode is connecting to Slack (no public URL needed); health check at GET /healthz on port ${started.port}`
      : `Listening for Slack at POST /slack/events on port ${started.port} (health check: GET /healthz)${
          config.oauth ? '; workspaces install the app at GET /slack/install' : ''
        }`,
  });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('app.stopping', { signal });
    token.stop();
    started.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error('app.stop_failed', { err });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('unhandledRejection', (err) => log.error('app.unhandled_rejection', { err }));
}

/**
 * Single-workspace mode: SLACK_BOT_TOKEN is checked with auth.test before the start (a refused
 * token exits 1). Multi-workspace mode has no token of its own to check: each install brings one.
 */
async function checkBotToken(
  config: Config,
  log: ReturnType<typeof createLogger>,
  runtime: () => Awaited<ReturnType<typeof startRuntime>> | undefined,
): Promise<{ stop(): void }> {
  if (!config.botToken) return { stop() {} };
  const token = verifySlackToken({
    authTest: slackAuthTest({ token: config.botToken, slackApiUrl: config.slackApiUrl }),
    log,
    // Slack was unreachable at start and has now refused the token: nothing would work.
    onRefused: ({ message }) => {
      console.error(message);
      void (runtime()?.stop() ?? Promise.resolve()).finally(() => process.exit(1));
    },
  });
  const check = await token.first;
  if (check.kind === 'refused') {
    console.error(check.message);
    process.exit(1);
  }
  return token;
}

void main();
