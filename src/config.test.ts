import { describe, expect, it } from 'vitest';
import { configWarnings, loadConfig, secretsOf } from './config.ts';
import { ConfigError } from './errors.ts';

const base = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'abc123def456' };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig(base);
    expect(c).toMatchObject({
      port: 3000,
      databasePath: './data/tutor.db',
      databaseUrl: undefined,
      quizSchedule: '0 9 * * 1-5',
      quizTimezone: 'UTC',
      revealAfterHours: 8,
      adminUserIds: [],
      logLevel: 'info',
      practiceSessionSize: 5,
      practiceDailyReviewCap: 20,
      appToken: undefined,
      quizChannel: undefined,
      reportsChannel: undefined,
    });
    expect(loadConfig({ ...base, REPORTS_CHANNEL: ' C0REPORTS ' }).reportsChannel).toBe('C0REPORTS');
  });

  it('reads the practice defaults and refuses sizes out of bounds', () => {
    expect(loadConfig({ ...base, PRACTICE_SESSION_SIZE: '10', PRACTICE_DAILY_REVIEW_CAP: '40' })).toMatchObject({
      practiceSessionSize: 10,
      practiceDailyReviewCap: 40,
    });
    expect(problems({ ...base, PRACTICE_SESSION_SIZE: '21' })).toContain('PRACTICE_SESSION_SIZE must be at most 20');
    expect(problems({ ...base, PRACTICE_DAILY_REVIEW_CAP: 'lots' }).some((p) => p.startsWith('PRACTICE_DAILY_REVIEW_CAP'))).toBe(
      true,
    );
  });

  it('names both required variables when the environment is empty', () => {
    const p = problems({});
    expect(p.some((l) => l.startsWith('SLACK_BOT_TOKEN'))).toBe(true);
    expect(p.some((l) => l.startsWith('SLACK_SIGNING_SECRET'))).toBe(true);
    expect(p.at(-1)).toMatch(/README/);
  });

  it('does not need a signing secret in Socket Mode', () => {
    const c = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-A1-2-abc' });
    expect(c.appToken).toBe('xapp-1-A1-2-abc');
  });

  it.each([
    ['SLACK_BOT_TOKEN', 'xoxp-user-token', /xoxb-/],
    ['SLACK_APP_TOKEN', 'xoxb-not-app', /xapp-/],
    ['PORT', 'eighty', /port number/],
    ['PORT', '70000', /65535/],
    ['SLACK_API_URL', 'not a url', /http/],
    ['QUIZ_CHANNEL', '#general', /channel id/],
    ['QUIZ_SCHEDULE', '0 9 * *', /cron/],
    ['QUIZ_SCHEDULE', '* * * * *', /1,440 questions a day.*at most 3 a day.*"0 9 \* \* 1-5" \(9:00 on weekdays\)/],
    ['QUIZ_TIMEZONE', 'CEST', /abbreviation; did you mean "Europe\/Berlin"/],
    ['QUIZ_TIMEZONE', 'new york', /did you mean "America\/New_York"/],
    ['QUIZ_TIMEZONE', 'Mars/Olympus', /IANA/],
    ['QUIZ_REVEAL_AFTER', '0', /more than 0/],
    ['QUIZ_REVEAL_AFTER', 'soon', /number of hours/],
    ['ADMIN_USER_IDS', 'U123,bob', /user ids/],
    ['LOG_LEVEL', 'loud', /debug, info, warn, error/],
    ['REPORTS_CHANNEL', '#content-reports', /channel id/],
  ])('reports a bad %s (%s)', (name, value, message) => {
    const p = problems({ ...base, [name]: value });
    const line = p.find((l) => l.startsWith(name));
    expect(line).toMatch(message);
  });

  it('reports every problem at once', () => {
    const p = problems({ PORT: 'x', QUIZ_TIMEZONE: 'Nowhere', LOG_LEVEL: 'x' });
    expect(p.filter((l) => !l.includes('README')).length).toBe(5);
  });

  it('never echoes a value, so a mistyped secret cannot leak', () => {
    const secret = 'xoxp-very-secret-user-token';
    const p = problems({ SLACK_BOT_TOKEN: secret, SLACK_SIGNING_SECRET: 'has spaces secret!' });
    expect(p.join('\n')).not.toContain(secret);
    expect(p.join('\n')).not.toContain('has spaces secret!');
  });

  it('adds a trailing slash to SLACK_API_URL and parses admin lists', () => {
    const c = loadConfig({ ...base, SLACK_API_URL: 'http://127.0.0.1:9999/api', ADMIN_USER_IDS: ' U1AA , W2BB ' });
    expect(c.slackApiUrl).toBe('http://127.0.0.1:9999/api/');
    expect(c.adminUserIds).toEqual(['U1AA', 'W2BB']);
  });
});

const SECRET = '0123456789abcdef0123456789abcdef';
const KEY_HEX = 'ab'.repeat(32);
const multi = {
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_CLIENT_ID: '1234567890.9876543210',
  SLACK_CLIENT_SECRET: 'fedcba9876543210fedcba9876543210',
  SLACK_STATE_SECRET: 'a-state-secret-of-our-own',
  TOKEN_ENCRYPTION_KEY: KEY_HEX,
};

describe('loadConfig, multi-workspace mode', () => {
  it('needs no bot token once the three OAuth variables and the key are set', () => {
    const c = loadConfig(multi);
    expect(c.botToken).toBeUndefined();
    expect(c.oauth).toEqual({
      clientId: multi.SLACK_CLIENT_ID,
      clientSecret: multi.SLACK_CLIENT_SECRET,
      stateSecret: multi.SLACK_STATE_SECRET,
      encryptionKey: Buffer.from(KEY_HEX, 'hex'),
    });
  });

  it('reads the key as base64 too', () => {
    const key = Buffer.alloc(32, 7);
    expect(loadConfig({ ...multi, TOKEN_ENCRYPTION_KEY: key.toString('base64') }).oauth?.encryptionKey).toEqual(key);
  });

  it('stays in single-workspace mode, needing SLACK_BOT_TOKEN, when none of the three is set', () => {
    expect(loadConfig(base).oauth).toBeUndefined();
    expect(problems({ SLACK_SIGNING_SECRET: SECRET })).toEqual([
      expect.stringMatching(/^SLACK_BOT_TOKEN is required.*SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET/),
      expect.stringMatching(/README/),
    ]);
  });

  it.each([
    [['SLACK_CLIENT_SECRET'], 'SLACK_CLIENT_SECRET is missing'],
    [['SLACK_CLIENT_ID', 'SLACK_STATE_SECRET'], 'SLACK_CLIENT_ID and SLACK_STATE_SECRET are missing'],
    [['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET'], 'SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are missing'],
  ])('names the missing ones of the three (%s)', (missing, sentence) => {
    const env: Record<string, string> = { ...multi };
    for (const name of missing) delete env[name];
    const p = problems(env);
    expect(p[0]).toMatch(new RegExp(`^${sentence}: .*all three, or none`));
    expect(p).toHaveLength(2);
  });

  it('refuses to start without TOKEN_ENCRYPTION_KEY', () => {
    const { TOKEN_ENCRYPTION_KEY: _, ...env } = multi;
    expect(problems(env)[0]).toMatch(
      /^TOKEN_ENCRYPTION_KEY is required in multi-workspace mode: 32 random bytes as base64 or 64 hexadecimal/,
    );
  });

  it('refuses a key of the wrong size, saying which forms work, without echoing it', () => {
    const p = problems({ ...multi, TOKEN_ENCRYPTION_KEY: 'too-short-a-key' });
    expect(p[0]).toMatch(
      /^TOKEN_ENCRYPTION_KEY must be 32 random bytes written as base64 \(44 characters\) or as 64 hexadecimal/,
    );
    expect(p.join('\n')).not.toContain('too-short-a-key');
  });

  it('refuses Socket Mode with the install, and a missing signing secret', () => {
    const { SLACK_SIGNING_SECRET: _, ...env } = multi;
    const p = problems({ ...env, SLACK_APP_TOKEN: 'xapp-1-A1-2-abc' });
    expect(p[0]).toMatch(/^SLACK_APP_TOKEN \(Socket Mode\) cannot be combined with the multi-workspace install/);
    expect(problems(env)[0]).toMatch(/^SLACK_SIGNING_SECRET is required/);
  });

  it('ignores the single-workspace settings, and says so', () => {
    const env = { ...multi, SLACK_BOT_TOKEN: 'xoxb-1', QUIZ_CHANNEL: 'C0123', ADMIN_USER_IDS: 'U1AA' };
    const c = loadConfig(env);
    expect(c).toMatchObject({ botToken: undefined, quizChannel: undefined, adminUserIds: [] });
    const w = configWarnings(env);
    expect(w).toEqual([
      expect.stringMatching(/^SLACK_BOT_TOKEN is ignored in multi-workspace mode/),
      expect.stringMatching(/^QUIZ_CHANNEL is ignored in multi-workspace mode/),
      expect.stringMatching(/^ADMIN_USER_IDS is ignored in multi-workspace mode/),
    ]);
  });

  it('keeps the OAuth secrets and the key out of logs', () => {
    const secrets = secretsOf(loadConfig(multi));
    expect(secrets).toEqual(expect.arrayContaining([multi.SLACK_CLIENT_SECRET, multi.SLACK_STATE_SECRET, KEY_HEX]));
  });
});

describe('configWarnings', () => {
  const quiet = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: SECRET };

  it('has nothing to say about a sound environment', () => {
    expect(
      configWarnings({ ...quiet, PATH: '/bin', HOSTNAME: 'box', QUIZ_TIMEZONE: 'Europe/Berlin', npm_lifecycle_event: 'start' }),
    ).toEqual([]);
  });

  it.each([
    ['QUIZ_TIMEZON', 'QUIZ_TIMEZONE'],
    ['ADMIN_USER_ID', 'ADMIN_USER_IDS'],
    ['SLACK_SIGNING_SECRT', 'SLACK_SIGNING_SECRET'],
    ['SLACK_TOKEN', 'SLACK_BOT_TOKEN'],
    ['QUIZ_TZ', 'QUIZ_TIMEZONE'],
    ['REPORT_CHANNEL', 'REPORTS_CHANNEL'],
    ['REPORTS_CHANNEL_ID', 'REPORTS_CHANNEL'],
    ['QUIZ_REPORTS_CHANNEL', 'REPORTS_CHANNEL'],
    ['LOGLEVEL', 'LOG_LEVEL'],
    ['SLACK_CLIENTID', 'SLACK_CLIENT_ID'],
    ['SLACK_OAUTH_CLIENT_SECRET', 'SLACK_CLIENT_SECRET'],
    ['SLACK_STATE', 'SLACK_STATE_SECRET'],
    ['TOKEN_ENCRYPTON_KEY', 'TOKEN_ENCRYPTION_KEY'],
    ['SLACK_ENCRYPTION_KEY', 'TOKEN_ENCRYPTION_KEY'],
  ])('asks whether %s meant %s', (name, meant) => {
    expect(configWarnings({ ...quiet, [name]: 'x' })).toEqual([
      `${name} is not a setting this app reads, so it is ignored; did you mean ${meant}?`,
    ]);
  });

  it('points out names in the wrong case and unknown names with our prefixes', () => {
    expect(configWarnings({ ...quiet, quiz_channel: 'C1', SLACK_WEBHOOK_URL: 'x' })).toEqual([
      'SLACK_WEBHOOK_URL is not a setting this app reads, so it is ignored (README.md lists the settings).',
      'quiz_channel is ignored: names are case-sensitive, so write it as QUIZ_CHANNEL.',
    ]);
  });

  it('explains a value .env emptied at a #, and how to write QUIZ_CHANNEL', () => {
    const dotenv = 'QUIZ_CHANNEL=#aws-study\nexport QUIZ_SCHEDULE= #0 9 * * 1-5\nLOG_LEVEL=info # a comment\nQUOTED="#fine"\n';
    const w = configWarnings({ ...quiet, QUIZ_CHANNEL: '', QUIZ_SCHEDULE: '', LOG_LEVEL: 'info', QUOTED: '#fine' }, dotenv);
    expect(w).toHaveLength(2);
    expect(w[0]).toMatch(
      /^QUIZ_CHANNEL is empty: in \.env a value that starts with # is read as a comment.*channel id such as C0123456789/,
    );
    expect(w[1]).toBe(
      'QUIZ_SCHEDULE is empty: in .env a value that starts with # is read as a comment. Put the value in quotes: QUIZ_SCHEDULE="#…".',
    );
    expect(w.join('\n')).not.toContain('aws-study');
  });

  it('explains a value .env cut short at a #, without printing it', () => {
    const w = configWarnings({ ...quiet, SLACK_SIGNING_SECRET: 'abc' }, 'SLACK_SIGNING_SECRET=abc#def\n');
    expect(w).toContain(
      'SLACK_SIGNING_SECRET was cut short at the # in .env, which starts a comment there. Put the value in quotes: SLACK_SIGNING_SECRET="…#…".',
    );
    expect(w.join('\n')).not.toMatch(/abc|def/);
  });

  it('says nothing when the value came from the real environment rather than .env', () => {
    expect(configWarnings({ ...quiet, QUIZ_CHANNEL: 'C0123' }, 'QUIZ_CHANNEL=#aws-study\n')).toEqual([]);
  });

  it('warns (does not refuse) about a signing secret that is not 32 hex characters', () => {
    const env = { ...quiet, SLACK_SIGNING_SECRET: 'abcdefghijklmnopqrstuvwx' };
    expect(() => loadConfig(env)).not.toThrow();
    const [w] = configWarnings(env);
    expect(w).toMatch(/^SLACK_SIGNING_SECRET does not look like a Slack signing secret \(32 hexadecimal characters/);
    expect(w).toMatch(/Verification Token/);
    expect(w).not.toContain(env.SLACK_SIGNING_SECRET);
    expect(configWarnings({ ...env, SLACK_APP_TOKEN: 'xapp-1-A1-2-abc' })).toEqual([]);
  });

  it('starts with a zone abbreviation Intl accepts, and says which zone was meant', () => {
    expect(loadConfig({ ...quiet, QUIZ_TIMEZONE: 'EST' }).quizTimezone).toBe('EST');
    expect(configWarnings({ ...quiet, QUIZ_TIMEZONE: 'EST' })).toEqual([
      expect.stringMatching(/^QUIZ_TIMEZONE: "EST" is a time-zone abbreviation; did you mean "America\/New_York"\?/),
    ]);
  });
});
