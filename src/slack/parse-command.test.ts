import { describe, expect, it } from 'vitest';
import { parseCommand } from './parse-command.ts';

describe('parseCommand', () => {
  it.each([
    ['', { kind: 'help' }],
    ['  ?!  ', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['HELP', { kind: 'help' }],
    ['topics', { kind: 'topics' }],
    ['leaderboard', { kind: 'leaderboard', period: 'week' }],
    ['leaderboard month', { kind: 'leaderboard', period: 'month' }],
    ['leaderboard ALL', { kind: 'leaderboard', period: 'all' }],
    ['streak', { kind: 'streak' }],
    ['me', { kind: 'streak' }],
    ['stats', { kind: 'stats' }],
    ['STATS', { kind: 'stats' }],
    ['stats lambda concurrency', { kind: 'lookup', query: 'stats lambda concurrency' }],
    ['quiz now', { kind: 'quiz_now' }],
    ['quiz off', { kind: 'quiz_off' }],
    ['quiz pause', { kind: 'quiz_pause' }],
    ['quiz resume', { kind: 'quiz_resume' }],
    ['quiz status', { kind: 'quiz_status' }],
    ['quiz here', { kind: 'quiz_here' }],
    ['quiz here 0 9 * * 1-5', { kind: 'quiz_here', schedule: '0 9 * * 1-5' }],
    ['quiz here "0 9 * * 1-5" Europe/Berlin', { kind: 'quiz_here', schedule: '0 9 * * 1-5', timezone: 'Europe/Berlin' }],
    ['quiz here utc', { kind: 'quiz_here', timezone: 'UTC' }],
    ['quiz here europe/berlin', { kind: 'quiz_here', timezone: 'Europe/Berlin' }],
    ['quiz here 0 9 * * mon-fri', { kind: 'quiz_here', schedule: '0 9 * * mon-fri' }],
    ['quiz here 0 9,13,17 * * 1-5 Asia/Tokyo', { kind: 'quiz_here', schedule: '0 9,13,17 * * 1-5', timezone: 'Asia/Tokyo' }],
    ['lambda limits', { kind: 'lookup', query: 'lambda limits' }],
    ['help me with lambda', { kind: 'lookup', query: 'help me with lambda' }],
    ['topics for ecs', { kind: 'lookup', query: 'topics for ecs' }],
    ['me and my lambda', { kind: 'lookup', query: 'me and my lambda' }],
  ])('reads %j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it.each([
    ['help me', { kind: 'help' }],
    ['help please', { kind: 'help' }],
    ['topics lambda', { kind: 'topics', filter: 'lambda' }],
    ['topic API-Gateway', { kind: 'topics', filter: 'api-gateway' }],
    ['leaderboard weekly', { kind: 'leaderboard', period: 'week' }],
    ['leaderboard this month', { kind: 'leaderboard', period: 'month' }],
    ['leaderboard all time', { kind: 'leaderboard', period: 'all' }],
    ['my streak', { kind: 'streak' }],
    ['quiz setup', { kind: 'quiz_setup' }],
    ['practices for lambda', { kind: 'lookup', query: 'practices for lambda' }],
    ['helm on eks', { kind: 'lookup', query: 'helm on eks' }],
    ['stream', { kind: 'lookup', query: 'stream' }],
    ['quit', { kind: 'lookup', query: 'quit' }],
  ])('reads the near-command %j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it.each([
    ['leaderbord', 'Did you mean `/aws leaderboard`?', undefined],
    ['leaderbaord month', 'Did you mean `/aws leaderboard month`?', undefined],
    ['tpoics', 'Did you mean `/aws topics`?', undefined],
    ['pratice ecs', 'Did you mean `/aws practice ecs`?', undefined],
    ['qiuz now', 'Did you mean `/aws quiz now`?', true],
    ['quiz stauts', 'Did you mean `/aws quiz status`?', true],
    ['quiz setpu', 'Did you mean `/aws quiz setup`?', true],
    ['quiz puase', 'Did you mean `/aws quiz pause`?', true],
  ])('asks whether %j was meant', (text, message, adminOnly) => {
    const c = parseCommand(text);
    expect(c).toEqual({ kind: 'usage', message: expect.stringContaining(message), ...(adminOnly ? { adminOnly } : {}) });
  });

  it.each(['leaderboard year', 'quiz', 'quiz later', 'quiz now please', 'quiz here 0 9 * *', 'quiz here 0 9 * * * Nowhere/Land'])(
    'explains how to use %j',
    (text) => {
      const c = parseCommand(text);
      expect(c.kind).toBe('usage');
    },
  );

  it.each([
    ['quiz here 0 9 * * 1-5 CET', '`CET` is a time-zone abbreviation; did you mean `Europe/Berlin`?', 'Europe/Berlin'],
    [
      'quiz here 0 9 * * 1-5 PDT',
      '`PDT` is a time-zone abbreviation; did you mean `America/Los_Angeles`?',
      'America/Los_Angeles',
    ],
    [
      'quiz here 0 9 * * 1-5 new york',
      '`new york` is not an IANA zone name; did you mean `America/New_York`?',
      'America/New_York',
    ],
    ['quiz here 0 9 * * 1-5 berlin', '`berlin` is not an IANA zone name; did you mean `Europe/Berlin`?', 'Europe/Berlin'],
    ['quiz here London', '`London` is not an IANA zone name; did you mean `Europe/London`?', 'Europe/London'],
    ['quiz here 0 9 * * 1-5 Europe/Berln', 'did you mean `Europe/Berlin`?', 'Europe/Berlin'],
  ])('answers %j with the time-zone message, never a cron one', (text, message, zone) => {
    const c = parseCommand(text);
    expect(c).toMatchObject({ kind: 'usage', adminOnly: true });
    if (c.kind !== 'usage') return;
    expect(c.message).toContain(message);
    expect(c.message).toContain(zone);
    expect(c.message).not.toMatch(/cron|five fields/);
  });

  it('offers the whole corrected command to copy', () => {
    const c = parseCommand('quiz here 30 8 * * 1-5 CET');
    expect(c.kind === 'usage' && c.message).toContain('Try `/aws quiz here 30 8 * * 1-5 Europe/Berlin`.');
  });

  it.each([
    ['quiz here * * * * *', '`* * * * *` posts 1,440 questions a day', '`/aws quiz here 0 9 * * 1-5` (9:00 on weekdays)'],
    [
      'quiz here */5 8 * * 1-5 Europe/Berlin',
      'posts 12 questions a day',
      '`/aws quiz here 0 8 * * 1-5 Europe/Berlin` (8:00 on weekdays)',
    ],
    ['quiz here 0 9,12,15,18 * * *', 'posts 4 questions a day', '`/aws quiz here 0 9 * * 1-5`'],
  ])('refuses %j as too frequent, with a schedule that is not', (text, reason, suggestion) => {
    const c = parseCommand(text);
    expect(c).toMatchObject({ kind: 'usage', adminOnly: true });
    if (c.kind !== 'usage') return;
    expect(c.message).toContain(reason);
    expect(c.message).toContain('at most 3 a day');
    expect(c.message).toContain(suggestion);
  });

  it('keeps the cron message for a schedule with a word in it that is not a zone', () => {
    const c = parseCommand('quiz here 0 9 * * weekdays');
    expect(c.kind === 'usage' && c.message).toMatch(/is not a cron schedule/);
  });

  it('marks quiz help as admin-only (the permission check comes first) and other help not', () => {
    for (const text of ['quiz', 'quiz later', 'quiz now please', 'quiz here 0 9 * *', 'quiz here * * * * *'])
      expect(parseCommand(text), text).toMatchObject({ kind: 'usage', adminOnly: true });
    expect(parseCommand('leaderboard year')).toEqual({
      kind: 'usage',
      message: 'Usage: `/aws leaderboard [week|month|all]` (default: week).',
    });
  });

  it('strips control characters and caps very long text', () => {
    const c = parseCommand(`lambda\u0000\u0007 limits ${'x'.repeat(5000)}`);
    expect(c.kind).toBe('lookup');
    if (c.kind === 'lookup') {
      expect(c.query.startsWith('lambda limits')).toBe(true);
      expect(c.query.length).toBeLessThanOrEqual(500);
    }
  });

  it('reads the practice settings: remind, away, size, cap', () => {
    expect(parseCommand('practice remind 9:00')).toEqual({ kind: 'practice_remind', time: { hour: 9, minute: 0 } });
    expect(parseCommand('practice remind 9:30 pm')).toEqual({ kind: 'practice_remind', time: { hour: 21, minute: 30 } });
    expect(parseCommand('practice remind off')).toEqual({ kind: 'practice_remind', time: null });
    expect(parseCommand('practice away 7d')).toEqual({ kind: 'practice_away', days: 7 });
    expect(parseCommand('practice away 2w')).toEqual({ kind: 'practice_away', days: 14 });
    expect(parseCommand('practice away off')).toEqual({ kind: 'practice_away', days: null });
    expect(parseCommand('practice back')).toEqual({ kind: 'practice_away', days: null });
    expect(parseCommand('practice size 10')).toEqual({ kind: 'practice_size', size: 10 });
    expect(parseCommand('practice size default')).toEqual({ kind: 'practice_size', size: null });
    expect(parseCommand('practice cap 30')).toEqual({ kind: 'practice_cap', cap: 30 });
    // Bounds are the service's: a number out of range is still read as the person's wish.
    expect(parseCommand('practice size 50')).toEqual({ kind: 'practice_size', size: 50 });
    for (const text of ['practice remind', 'practice remind soon', 'practice away', 'practice away forever', 'practice size ten'])
      expect(parseCommand(text), text).toMatchObject({ kind: 'usage' });
    expect(parseCommand('practice remind 25:00')).not.toHaveProperty('adminOnly');
    // A topic is still a topic.
    expect(parseCommand('practice api gateway')).toEqual({ kind: 'practice', topic: 'api-gateway' });
  });
});

describe('parseCommand: quiz recap', () => {
  it.each([
    ['quiz recap off', { kind: 'quiz_recap', enabled: false }],
    ['quiz recap on', { kind: 'quiz_recap', enabled: true }],
    ['Quiz Recap OFF', { kind: 'quiz_recap', enabled: false }],
  ])('reads %j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it.each(['quiz recap', 'quiz recap maybe', 'quiz recap off now'])('explains %j to admins only', (text) => {
    expect(parseCommand(text)).toMatchObject({
      kind: 'usage',
      adminOnly: true,
      message: expect.stringMatching(/quiz recap off/),
    });
  });
});
