import { z } from 'zod';
import { parseEncryptionKey } from './db/token-crypto.ts';
import { ConfigError } from './errors.ts';
import { editDistance } from './lookup/fuzzy.ts';
import { isValidCron, isValidTimeZone } from './quiz/cron.ts';
import { checkScheduleFrequency } from './quiz/schedule-guard.ts';
import { isAbbreviation, suggestZone } from './quiz/zones.ts';

const README_HINT = 'See README.md, "Create the Slack app", for where each value comes from.';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const schema = z.object({
  // Required in single-workspace mode (checked in loadConfig); each install brings its own otherwise.
  SLACK_BOT_TOKEN: optionalString.pipe(
    z
      .string()
      .regex(/^xoxb-[A-Za-z0-9-]+$/, 'must be a bot token starting with xoxb-')
      .optional(),
  ),
  SLACK_CLIENT_ID: optionalString.pipe(
    z
      .string()
      .regex(/^[0-9]+\.[0-9]+$/, 'must be the Client ID from Basic Information (digits, a dot, digits)')
      .optional(),
  ),
  SLACK_CLIENT_SECRET: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9]+$/, 'must be the Client Secret from Basic Information (letters and digits)')
      .optional(),
  ),
  SLACK_STATE_SECRET: optionalString.pipe(
    z.string().min(16, 'must be at least 16 characters of your own choosing (e.g. `openssl rand -hex 16`)').optional(),
  ),
  TOKEN_ENCRYPTION_KEY: optionalString,
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
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .refine(
        isPostgresUrl,
        'must be a PostgreSQL URL such as postgres://user:password@host:5432/tutor (leave it unset for SQLite)',
      )
      .optional(),
  ),
  QUIZ_CHANNEL: optionalString.pipe(
    z
      .string()
      .regex(/^[CG][A-Z0-9]{2,}$/, 'must be a channel id such as C0123456789 (not a #name)')
      .optional(),
  ),
  QUIZ_SCHEDULE: optionalString.pipe(
    z
      .string()
      .superRefine((v, ctx) => {
        const problem = scheduleProblem(v);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .default('0 9 * * 1-5'),
  ),
  QUIZ_TIMEZONE: optionalString.pipe(
    z
      .string()
      .superRefine((v, ctx) => {
        const problem = timeZoneProblem(v);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .default('UTC'),
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
  PRACTICE_SESSION_SIZE: optionalString.pipe(
    z.coerce
      .number<string | undefined>({ error: 'must be a number of questions (1-20)' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(20, 'must be at most 20')
      .default(5),
  ),
  PRACTICE_DAILY_REVIEW_CAP: optionalString.pipe(
    z.coerce
      .number<string | undefined>({ error: 'must be a number of reviews a day (1-200)' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(200, 'must be at most 200')
      .default(20),
  ),
  LOG_LEVEL: optionalString.pipe(
    z.enum(['debug', 'info', 'warn', 'error'], { error: 'must be one of debug, info, warn, error' }).default('info'),
  ),
  REPORTS_CHANNEL: optionalString.pipe(
    z
      .string()
      .regex(/^[CG][A-Z0-9]{2,}$/, 'must be a channel id such as C0123456789 (not a #name)')
      .optional(),
  ),
  REPLAY_GUARD: optionalString.pipe(
    z
      .enum(['memory', 'database'], { error: 'must be memory (one process) or database (several processes on one database)' })
      .optional(),
  ),
});

function isPostgresUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'postgres:' || u.protocol === 'postgresql:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/** Slack texts quote with backticks; a terminal reads double quotes better. */
const plain = (text: string) => text.replace(/`/g, '"');

function scheduleProblem(expression: string): string | undefined {
  if (!isValidCron(expression)) return 'must be a 5-field cron expression such as "0 9 * * 1-5"';
  const frequency = checkScheduleFrequency(expression);
  return frequency.ok ? undefined : `${frequency.reason}. Use for example ${plain(frequency.suggestion)}`;
}

function timeZoneProblem(zone: string): string | undefined {
  // Abbreviations Intl accepts (EST, CET, GMT) start, with a warning: see configWarnings.
  if (isValidTimeZone(zone)) return undefined;
  const suggestion = suggestZone(zone);
  return suggestion
    ? `must be an IANA time zone: ${plain(suggestion.message)}`
    : 'must be an IANA time zone such as Europe/Berlin';
}

/** Multi-workspace mode: Slack's OAuth install, one bot token per workspace, stored encrypted. */
export interface OAuthConfig {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  /** 32 bytes for AES-256-GCM, from TOKEN_ENCRYPTION_KEY. */
  encryptionKey: Buffer;
}

export interface Config {
  /** Single-workspace mode only; undefined in multi-workspace mode. */
  botToken: string | undefined;
  oauth: OAuthConfig | undefined;
  signingSecret: string | undefined;
  appToken: string | undefined;
  port: number;
  slackApiUrl: string | undefined;
  databasePath: string;
  /** postgres://… selects PostgreSQL; unset, the SQLite file at databasePath. */
  databaseUrl: string | undefined;
  quizChannel: string | undefined;
  quizSchedule: string;
  quizTimezone: string;
  revealAfterHours: number;
  adminUserIds: string[];
  /** The workspace's practice defaults; each person may set their own (`/aws practice size|cap`). */
  practiceSessionSize: number;
  practiceDailyReviewCap: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Where "report a problem" submissions are posted; unset: stored and listed by the CLI only. */
  reportsChannel: string | undefined;
  /** Where admitted request signatures are kept: `database` when several processes share one database. */
  /** Where admitted request signatures are kept; unset: memory on SQLite, the database on PostgreSQL. */
  replayGuard: 'memory' | 'database' | undefined;
}

const OAUTH_VARIABLES = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;

const isSet = (env: Record<string, string | undefined>, name: string) => Boolean(env[name]?.trim());

/** Whether the environment asks for multi-workspace mode (any of the three OAuth variables). */
export function wantsMultiWorkspace(env: Record<string, string | undefined>): boolean {
  return OAUTH_VARIABLES.some((name) => isSet(env, name));
}

/** The rules between variables that no single field's schema can say. */
function modeProblems(env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  const socket = isSet(env, 'SLACK_APP_TOKEN');
  if (!socket && !isSet(env, 'SLACK_SIGNING_SECRET')) {
    problems.push(
      'SLACK_SIGNING_SECRET is required (Basic Information → Signing Secret), unless SLACK_APP_TOKEN is set for Socket Mode',
    );
  }
  if (!wantsMultiWorkspace(env)) {
    if (env.SLACK_BOT_TOKEN !== undefined && !isSet(env, 'SLACK_BOT_TOKEN')) {
      // Set but empty (often a .env line left blank): the same sentence as a token of the wrong shape.
      problems.push('SLACK_BOT_TOKEN must be a bot token starting with xoxb-');
    } else if (!isSet(env, 'SLACK_BOT_TOKEN')) {
      problems.push(
        'SLACK_BOT_TOKEN is required: the bot token (xoxb-…) from OAuth & Permissions (or set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET for the multi-workspace install)',
      );
    }
    return problems;
  }
  const missing = OAUTH_VARIABLES.filter((name) => !isSet(env, name));
  if (missing.length > 0) {
    problems.push(
      `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing: SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET turn on the multi-workspace install together (all three, or none for one workspace with SLACK_BOT_TOKEN)`,
    );
  }
  if (!isSet(env, 'TOKEN_ENCRYPTION_KEY')) {
    problems.push(
      'TOKEN_ENCRYPTION_KEY is required in multi-workspace mode: 32 random bytes as base64 or 64 hexadecimal characters (`openssl rand -base64 32`), which encrypts the stored bot tokens',
    );
  }
  if (socket) {
    problems.push(
      'SLACK_APP_TOKEN (Socket Mode) cannot be combined with the multi-workspace install: Slack must reach the install pages over HTTP, so run in HTTP mode with SLACK_SIGNING_SECRET and a public URL',
    );
  }
  return problems;
}

function oauthOf(env: z.infer<typeof schema>, problems: string[]): OAuthConfig | undefined {
  const { SLACK_CLIENT_ID: clientId, SLACK_CLIENT_SECRET: clientSecret, SLACK_STATE_SECRET: stateSecret } = env;
  if (!clientId || !clientSecret || !stateSecret || !env.TOKEN_ENCRYPTION_KEY) return undefined;
  const parsed = parseEncryptionKey(env.TOKEN_ENCRYPTION_KEY);
  if ('problem' in parsed) {
    problems.push(`TOKEN_ENCRYPTION_KEY ${parsed.problem}`);
    return undefined;
  }
  return { clientId, clientSecret, stateSecret, encryptionKey: parsed.key };
}

/** Parses the environment; throws one ConfigError naming every bad variable (never its value). */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const result = schema.safeParse(env);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => `${String(issue.path[0] ?? 'environment')} ${issue.message}`);
  problems.push(...modeProblems(env));
  const oauth = result.success ? oauthOf(result.data, problems) : undefined;
  if (!result.success || problems.length > 0) {
    throw new ConfigError([...problems, README_HINT]);
  }
  const e = result.data;
  return {
    // A token given beside the OAuth variables is ignored (configWarnings says so): each
    // workspace's own token comes from its install.
    botToken: oauth ? undefined : e.SLACK_BOT_TOKEN,
    oauth,
    signingSecret: e.SLACK_SIGNING_SECRET,
    appToken: e.SLACK_APP_TOKEN,
    port: e.PORT,
    slackApiUrl: e.SLACK_API_URL,
    databasePath: e.DATABASE_PATH,
    databaseUrl: e.DATABASE_URL,
    // Seeding a channel and naming admins by id are single-workspace settings (README).
    quizChannel: oauth ? undefined : e.QUIZ_CHANNEL,
    quizSchedule: e.QUIZ_SCHEDULE,
    quizTimezone: e.QUIZ_TIMEZONE,
    revealAfterHours: e.QUIZ_REVEAL_AFTER,
    adminUserIds: oauth ? [] : e.ADMIN_USER_IDS,
    practiceSessionSize: e.PRACTICE_SESSION_SIZE,
    practiceDailyReviewCap: e.PRACTICE_DAILY_REVIEW_CAP,
    logLevel: e.LOG_LEVEL,
    reportsChannel: e.REPORTS_CHANNEL,
    replayGuard: e.REPLAY_GUARD,
  };
}

/** Values that must never appear in logs. */
export function secretsOf(config: Config): string[] {
  const key = config.oauth?.encryptionKey;
  return [
    config.botToken,
    config.signingSecret,
    config.appToken,
    config.oauth?.clientSecret,
    config.oauth?.stateSecret,
    key?.toString('base64'),
    key?.toString('base64url'),
    key?.toString('hex'),
    ...databasePassword(config.databaseUrl),
  ].filter((s): s is string => !!s);
}

/** The password in DATABASE_URL, as written and as decoded, so neither form reaches a log. */
function databasePassword(url: string | undefined): string[] {
  if (!url) return [];
  try {
    const password = new URL(url).password;
    return password ? [password, decodeURIComponent(password)] : [];
  } catch {
    return [];
  }
}

/** Every variable the app reads (DESIGN.md, Interface): anything else with our prefixes is a slip. */
export const KNOWN_VARIABLES = [
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'PORT',
  'SLACK_API_URL',
  'DATABASE_PATH',
  'QUIZ_CHANNEL',
  'QUIZ_SCHEDULE',
  'QUIZ_TIMEZONE',
  'QUIZ_REVEAL_AFTER',
  'ADMIN_USER_IDS',
  'PRACTICE_SESSION_SIZE',
  'PRACTICE_DAILY_REVIEW_CAP',
  'LOG_LEVEL',
  'REPLAY_GUARD',
  'DATABASE_URL',
  'SLACK_CLIENT_ID',
  'SLACK_CLIENT_SECRET',
  'SLACK_STATE_SECRET',
  'TOKEN_ENCRYPTION_KEY',
  'REPORTS_CHANNEL',
] as const;

/** Names people reach for that no edit distance finds. */
const ALIASES: Record<string, string> = {
  SLACK_TOKEN: 'SLACK_BOT_TOKEN',
  SLACK_BOT_OAUTH_TOKEN: 'SLACK_BOT_TOKEN',
  SLACK_OAUTH_TOKEN: 'SLACK_BOT_TOKEN',
  SLACK_SECRET: 'SLACK_SIGNING_SECRET',
  SLACK_VERIFICATION_TOKEN: 'SLACK_SIGNING_SECRET',
  SLACK_SOCKET_TOKEN: 'SLACK_APP_TOKEN',
  SLACK_CHANNEL: 'QUIZ_CHANNEL',
  SLACK_CHANNEL_ID: 'QUIZ_CHANNEL',
  QUIZ_CHANNEL_ID: 'QUIZ_CHANNEL',
  QUIZ_CRON: 'QUIZ_SCHEDULE',
  QUIZ_TIME: 'QUIZ_SCHEDULE',
  QUIZ_TZ: 'QUIZ_TIMEZONE',
  QUIZ_TIME_ZONE: 'QUIZ_TIMEZONE',
  QUIZ_REVEAL_HOURS: 'QUIZ_REVEAL_AFTER',
  ADMINS: 'ADMIN_USER_IDS',
  ADMIN_IDS: 'ADMIN_USER_IDS',
  ADMIN_USERS: 'ADMIN_USER_IDS',
  SLACK_OAUTH_CLIENT_ID: 'SLACK_CLIENT_ID',
  SLACK_APP_CLIENT_ID: 'SLACK_CLIENT_ID',
  SLACK_OAUTH_CLIENT_SECRET: 'SLACK_CLIENT_SECRET',
  SLACK_APP_CLIENT_SECRET: 'SLACK_CLIENT_SECRET',
  SLACK_OAUTH_STATE_SECRET: 'SLACK_STATE_SECRET',
  SLACK_STATE: 'SLACK_STATE_SECRET',
  SLACK_ENCRYPTION_KEY: 'TOKEN_ENCRYPTION_KEY',
  SLACK_TOKEN_ENCRYPTION_KEY: 'TOKEN_ENCRYPTION_KEY',
  TOKENS_ENCRYPTION_KEY: 'TOKEN_ENCRYPTION_KEY',
  TOKEN_ENCRYPTION_SECRET: 'TOKEN_ENCRYPTION_KEY',
  REPORTS_CHANNEL_ID: 'REPORTS_CHANNEL',
  QUIZ_REPORTS_CHANNEL: 'REPORTS_CHANNEL',
};

const OUR_PREFIXES = /^(SLACK|QUIZ|ADMIN|TOKEN)_/i;

/** The documented name a slip was meant to be, if one is close enough to say so. */
function intendedName(name: string): string | undefined {
  const upper = name.toUpperCase();
  const alias = ALIASES[upper];
  if (alias) return alias;
  const ours = OUR_PREFIXES.test(name) || upper === 'ADMINS';
  // Inside our prefixes a slip may be a few letters long; elsewhere only near misses count, so
  // HOSTNAME or PATH never get a suggestion.
  const max = ours ? 3 : upper.length >= 7 ? 2 : 0;
  let best: { name: string; d: number } | undefined;
  for (const known of KNOWN_VARIABLES) {
    const d = editDistance(upper, known, max);
    if (d <= max && (!best || d < best.d)) best = { name: known, d };
  }
  return best?.name;
}

function unknownVariableWarning(name: string): string | undefined {
  if ((KNOWN_VARIABLES as readonly string[]).includes(name)) return undefined;
  const meant = intendedName(name);
  if (meant === name.toUpperCase()) return `${name} is ignored: names are case-sensitive, so write it as ${meant}.`;
  if (meant === 'SLACK_SIGNING_SECRET' && name.toUpperCase() === 'SLACK_VERIFICATION_TOKEN') {
    return `${name} is ignored: Slack's verification token is deprecated; this app checks requests with SLACK_SIGNING_SECRET (Basic Information → Signing Secret).`;
  }
  if (meant) return `${name} is not a setting this app reads, so it is ignored; did you mean ${meant}?`;
  if (OUR_PREFIXES.test(name)) return `${name} is not a setting this app reads, so it is ignored (README.md lists the settings).`;
  return undefined;
}

const DOTENV_LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/;

/**
 * .env reads an unquoted # as the start of a comment, so `QUIZ_CHANNEL=#aws-study` sets
 * QUIZ_CHANNEL to nothing and `KEY=abc#def` to "abc". A # after a space is a deliberate comment.
 */
function dotenvWarnings(env: Record<string, string | undefined>, dotenvText: string): string[] {
  const warnings: string[] = [];
  for (const line of dotenvText.split(/\r?\n/)) {
    const m = DOTENV_LINE.exec(line);
    if (!m) continue;
    const [, name = '', raw = ''] = m;
    if (/^["'`]/.test(raw)) continue;
    const hash = raw.indexOf('#');
    if (hash < 0) continue;
    const before = raw.slice(0, hash).trim();
    const deliberate = before !== '' && /\s/.test(raw.charAt(hash - 1));
    // Only when this line is where the value came from (the real environment wins over .env).
    if (deliberate || env[name] === undefined || env[name]?.trim() !== before) continue;
    if (name === 'QUIZ_CHANNEL' && before === '') {
      warnings.push(
        "QUIZ_CHANNEL is empty: in .env a value that starts with # is read as a comment, so no channel gets the daily quiz. QUIZ_CHANNEL takes a channel id such as C0123456789 (in Slack, open the channel's details: the id is at the bottom), not a #name.",
      );
    } else if (before === '') {
      warnings.push(
        `${name} is empty: in .env a value that starts with # is read as a comment. Put the value in quotes: ${name}="#…".`,
      );
    } else {
      warnings.push(
        `${name} was cut short at the # in .env, which starts a comment there. Put the value in quotes: ${name}="…#…".`,
      );
    }
  }
  return warnings;
}

/**
 * Things that do not stop the app but are probably not what was meant: unknown or misspelt
 * variables, values .env emptied at a #, a signing secret of the wrong shape, a zone
 * abbreviation. Never includes a value. `dotenvText` is the .env file main.ts loaded, if any.
 */
export function configWarnings(env: Record<string, string | undefined>, dotenvText?: string): string[] {
  const warnings: string[] = [];
  for (const name of Object.keys(env).sort()) {
    const w = unknownVariableWarning(name);
    if (w) warnings.push(w);
  }
  if (dotenvText) warnings.push(...dotenvWarnings(env, dotenvText));
  const secret = env.SLACK_SIGNING_SECRET?.trim();
  // In Socket Mode the secret is not used; a malformed one is already an error.
  if (secret && !env.SLACK_APP_TOKEN?.trim() && /^[A-Za-z0-9]+$/.test(secret) && !/^[0-9a-f]{32}$/i.test(secret)) {
    warnings.push(
      `SLACK_SIGNING_SECRET does not look like a Slack signing secret (32 hexadecimal characters, under Basic Information → App Credentials → Signing Secret)${
        secret.length === 24 ? '; it has the length of the deprecated Verification Token, which is a different value' : ''
      }. If it is wrong, every request from Slack is refused with 401.`,
    );
  }
  warnings.push(...multiWorkspaceWarnings(env));
  const zone = env.QUIZ_TIMEZONE?.trim();
  if (zone && isValidTimeZone(zone) && isAbbreviation(zone)) {
    const suggestion = suggestZone(zone);
    if (suggestion) warnings.push(`QUIZ_TIMEZONE: ${plain(suggestion.message)}`);
  }
  return warnings;
}

/** Single-workspace settings that multi-workspace mode ignores, said once at start. */
function multiWorkspaceWarnings(env: Record<string, string | undefined>): string[] {
  if (!wantsMultiWorkspace(env)) return [];
  const warnings: string[] = [];
  if (isSet(env, 'SLACK_BOT_TOKEN')) {
    warnings.push(
      "SLACK_BOT_TOKEN is ignored in multi-workspace mode (SLACK_CLIENT_ID is set): each workspace's bot token comes from its install at /slack/install.",
    );
  }
  if (isSet(env, 'QUIZ_CHANNEL')) {
    warnings.push(
      'QUIZ_CHANNEL is ignored in multi-workspace mode: it cannot say which workspace the channel is in. An admin starts the quiz with "/aws quiz here" in the channel.',
    );
  }
  if (isSet(env, 'ADMIN_USER_IDS')) {
    warnings.push(
      "ADMIN_USER_IDS is ignored in multi-workspace mode: each workspace's quiz admins are the person who installed the app there and the workspace's admins and owners.",
    );
  }
  return warnings;
}
