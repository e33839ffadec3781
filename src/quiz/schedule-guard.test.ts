import { describe, expect, it } from 'vitest';
import { CronError } from './cron.ts';
import { checkScheduleFrequency, MAX_POSTS_PER_DAY } from './schedule-guard.ts';

describe('checkScheduleFrequency', () => {
  it.each([
    ['0 9 * * 1-5', 1],
    ['30 8 * * *', 1],
    ['0 9,13,17 * * 1-5', 3],
    ['*/20 9 * * *', 3],
    ['0 9 1 * *', 1],
  ])('allows %j (%i a day)', (expression, postsPerDay) => {
    expect(checkScheduleFrequency(expression)).toEqual({ ok: true, postsPerDay });
  });

  it('refuses every minute with the count of its busiest day and a weekday suggestion', () => {
    expect(checkScheduleFrequency('* * * * *')).toEqual({
      ok: false,
      postsPerDay: 1440,
      reason: `posts 1,440 questions a day; a channel gets at most ${MAX_POSTS_PER_DAY} a day`,
      suggestion: '`0 9 * * 1-5` (9:00 on weekdays)',
      suggested: '0 9 * * 1-5',
      meaning: '9:00 on weekdays',
    });
  });

  it.each([
    ['0 9,12,15,18 * * *', 4, '0 9 * * 1-5', '9:00 on weekdays'],
    ['*/5 8 * * mon-fri', 12, '0 8 * * mon-fri', '8:00 on weekdays'],
    ['15 * * * 1', 24, '15 9 * * 1', '9:15 on Mondays'],
    ['0 * * * 0,6', 24, '0 9 * * 0,6', '9:00 at weekends'],
    ['0 10-18 * * 1,3,5', 9, '0 10 * * 1,3,5', '10:00 on Mondays, Wednesdays and Fridays'],
    ['*/10 7 * * 7', 6, '0 7 * * 7', '7:00 on Sundays'],
  ])('refuses %j (%i a day), keeping its first time and days: %j', (expression, postsPerDay, suggested, meaning) => {
    const r = checkScheduleFrequency(expression);
    expect(r).toMatchObject({ ok: false, postsPerDay, suggested, meaning });
    if (!r.ok) expect(checkScheduleFrequency(r.suggested).ok).toBe(true);
  });

  it('leaves an expression that is not a schedule to the cron parser', () => {
    expect(() => checkScheduleFrequency('0 9 * *')).toThrow(CronError);
  });
});
