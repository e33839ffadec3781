import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
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
      quizSchedule: '0 9 * * 1-5',
      quizTimezone: 'UTC',
      revealAfterHours: 8,
      adminUserIds: [],
      logLevel: 'info',
      appToken: undefined,
      quizChannel: undefined,
    });
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
    ['QUIZ_TIMEZONE', 'Mars/Olympus', /IANA/],
    ['QUIZ_REVEAL_AFTER', '0', /more than 0/],
    ['QUIZ_REVEAL_AFTER', 'soon', /number of hours/],
    ['ADMIN_USER_IDS', 'U123,bob', /user ids/],
    ['LOG_LEVEL', 'loud', /debug, info, warn, error/],
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
