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
    ['quiz now', { kind: 'quiz_now' }],
    ['quiz off', { kind: 'quiz_off' }],
    ['quiz pause', { kind: 'quiz_pause' }],
    ['quiz resume', { kind: 'quiz_resume' }],
    ['quiz status', { kind: 'quiz_status' }],
    ['quiz here', { kind: 'quiz_here' }],
    ['quiz here 0 9 * * 1-5', { kind: 'quiz_here', schedule: '0 9 * * 1-5' }],
    ['quiz here "0 9 * * 1-5" Europe/Berlin', { kind: 'quiz_here', schedule: '0 9 * * 1-5', timezone: 'Europe/Berlin' }],
    ['quiz here utc', { kind: 'quiz_here', timezone: 'UTC' }],
    ['lambda limits', { kind: 'lookup', query: 'lambda limits' }],
    ['help me with lambda', { kind: 'lookup', query: 'help me with lambda' }],
    ['topics for ecs', { kind: 'lookup', query: 'topics for ecs' }],
    ['me and my lambda', { kind: 'lookup', query: 'me and my lambda' }],
  ])('reads %j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it.each(['leaderboard year', 'quiz', 'quiz later', 'quiz now please', 'quiz here 0 9 * *', 'quiz here 0 9 * * * Nowhere/Land'])(
    'explains how to use %j',
    (text) => {
      const c = parseCommand(text);
      expect(c.kind).toBe('usage');
    },
  );

  it('strips control characters and caps very long text', () => {
    const c = parseCommand(`lambda\u0000\u0007 limits ${'x'.repeat(5000)}`);
    expect(c.kind).toBe('lookup');
    if (c.kind === 'lookup') {
      expect(c.query.startsWith('lambda limits')).toBe(true);
      expect(c.query.length).toBeLessThanOrEqual(500);
    }
  });
});
