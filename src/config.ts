import { z } from 'zod';
import { ConfigError } from './errors.ts';
import { isValidCron, isValidTimeZone } from './quiz/cron.ts';

const README_HINT = 'See README.md, "Create the Slack app", for where each value comes from.';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const schema = z.object({
  SLACK_BOT_TOKEN: z
    .string({ error: 'is required: the bot token (xoxb-…) from OAuth & Permissions' })
    .trim()
    .regex(/^xoxb-[A-Za-z0-9-]+$/, 'must be a bot token starting with xoxb-'),
  SLACK_SIGNING_SECRET: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9]+$/, 'must be the signing secret from Basic Information (letters and digits)')
      .optional(),
  ),
  SLACK_APP_TOKEN: optionalString.pipe(
    z
      .string()
      .regex(/^xapp-[A-Za-z0-9-]+$/, 'must be an app-level token starting with xapp-')
      .optional(),
  ),
  PORT: optionalString.pipe(
    z.coerce
      .number<string | undefined>({ error: 'must be a port number (0-65535)' })
      .int('must be a whole number')
      .min(0)
      .max(65535, 'must be at most 65535')
      .default(3000),
  ),
  SLACK_API_URL: optionalString.pipe(
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://slack.com/api/' })
      .transform((u) => (u.endsWith('/') ? u : `${u}/`))
      .optional(),
  ),
  DATABASE_PATH: optionalString.pipe(z.string().default('./data/tutor.db')),
  QUIZ_CHANNEL: optionalString.pipe(
    z
      .string()
      .regex(/^[CG][A-Z0-9]{2,}$/, 'must be a channel id such as C0123456789 (not a #name)')
      .optional(),
  ),
  QUIZ_SCHEDULE: optionalString.pipe(
    z.string().refine(isValidCron, 'must be a 5-field cron expression such as "0 9 * * 1-5"').default('0 9 * * 1-5'),
  ),
  QUIZ_TIMEZONE: optionalString.pipe(
    z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Berlin').default('UTC'),
  ),
  QUIZ_REVEAL_AFTER: optionalString.pipe(
    z.coerce
      .number<string | undefined>({ error: 'must be a number of hours' })
      .positive('must be more than 0 hours')
      .max(168, 'must be at most 168 hours')
      .default(8),
  ),
  ADMIN_USER_IDS: optionalString.pipe(
    z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'must be comma-separated user ids such as U0123456789')))
      .default([]),
  ),
  LOG_LEVEL: optionalString.pipe(
    z.enum(['debug', 'info', 'warn', 'error'], { error: 'must be one of debug, info, warn, error' }).default('info'),
  ),
});

export interface Config {
  botToken: string;
  signingSecret: string | undefined;
  appToken: string | undefined;
  port: number;
  slackApiUrl: string | undefined;
  databasePath: string;
  quizChannel: string | undefined;
  quizSchedule: string;
  quizTimezone: string;
  revealAfterHours: number;
  adminUserIds: string[];
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

/** Parses the environment; throws one ConfigError naming every bad variable (never its value). */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const result = schema.safeParse(env);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => `${String(issue.path[0] ?? 'environment')} ${issue.message}`);
  if (!env.SLACK_APP_TOKEN?.trim() && !env.SLACK_SIGNING_SECRET?.trim()) {
    problems.push(
      'SLACK_SIGNING_SECRET is required (Basic Information → Signing Secret), unless SLACK_APP_TOKEN is set for Socket Mode',
    );
  }
  if (!result.success || problems.length > 0) {
    throw new ConfigError([...problems, README_HINT]);
  }
  const e = result.data;
  return {
    botToken: e.SLACK_BOT_TOKEN,
    signingSecret: e.SLACK_SIGNING_SECRET,
    appToken: e.SLACK_APP_TOKEN,
    port: e.PORT,
    slackApiUrl: e.SLACK_API_URL,
    databasePath: e.DATABASE_PATH,
    quizChannel: e.QUIZ_CHANNEL,
    quizSchedule: e.QUIZ_SCHEDULE,
    quizTimezone: e.QUIZ_TIMEZONE,
    revealAfterHours: e.QUIZ_REVEAL_AFTER,
    adminUserIds: e.ADMIN_USER_IDS,
    logLevel: e.LOG_LEVEL,
  };
}

/** Values that must never appear in logs. */
export function secretsOf(config: Config): string[] {
  return [config.botToken, config.signingSecret, config.appToken].filter((s): s is string => !!s);
}
