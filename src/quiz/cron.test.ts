import { describe, expect, it } from 'vitest';
import { CronError, dueFireTimeToday, isValidCron, nextFireTime, parseCron } from './cron.ts';

const iso = (d: Date | undefined) => d?.toISOString();

describe('parseCron', () => {
  it('accepts the usual forms', () => {
    for (const e of ['0 9 * * 1-5', '*/15 * * * *', '30 8 1,15 * *', '0 9 * * mon-fri', '0 0 * jan *', '0 9 * * 7']) {
      expect(isValidCron(e), e).toBe(true);
    }
  });

  it.each([
    ['0 9 * *', /5 fields/],
    ['61 9 * * *', /minute/],
    ['0 24 * * *', /hour/],
    ['0 9 0 * *', /below 1/],
    ['0 9 * 13 *', /month/],
    ['0 9 * * 8', /day of week/],
    ['*/0 * * * *', /step/],
    ['5-1 * * * *', /backwards/],
    ['a b c d e', /not a number/],
  ])('refuses %s', (expr, message) => {
    expect(() => parseCron(expr)).toThrow(CronError);
    expect(() => parseCron(expr)).toThrow(message);
  });

  it('treats 7 as Sunday', () => {
    expect(parseCron('0 9 * * 7').daysOfWeek.has(0)).toBe(true);
  });
});

describe('nextFireTime', () => {
  const weekdays = parseCron('0 9 * * 1-5');

  it('walks a whole week of weekday mornings in the channel zone', () => {
    let t = new Date('2026-11-22T12:00:00Z'); // a Sunday
    const fires: string[] = [];
    for (let i = 0; i < 6; i++) {
      const next = nextFireTime(weekdays, 'Europe/Berlin', t);
      if (!next) throw new Error('no next fire time');
      fires.push(next.toISOString());
      t = next;
    }
    expect(fires).toEqual([
      '2026-11-23T08:00:00.000Z',
      '2026-11-24T08:00:00.000Z',
      '2026-11-25T08:00:00.000Z',
      '2026-11-26T08:00:00.000Z',
      '2026-11-27T08:00:00.000Z',
      '2026-11-30T08:00:00.000Z',
    ]);
  });

  it('keeps the local time across the spring DST change', () => {
    // Europe/Berlin moves from UTC+1 to UTC+2 on Sunday 29 March 2026.
    expect(iso(nextFireTime(weekdays, 'Europe/Berlin', new Date('2026-03-27T09:00:00Z')))).toBe('2026-03-30T07:00:00.000Z');
    expect(iso(nextFireTime(weekdays, 'Europe/Berlin', new Date('2026-03-26T09:00:00Z')))).toBe('2026-03-27T08:00:00.000Z');
  });

  it('fires once when a local time occurs twice (fall back)', () => {
    // America/New_York repeats 01:00-02:00 on 1 November 2026.
    const s = parseCron('30 1 * * *');
    const first = nextFireTime(s, 'America/New_York', new Date('2026-11-01T04:00:00Z'));
    expect(iso(first)).toBe('2026-11-01T05:30:00.000Z');
    expect(iso(nextFireTime(s, 'America/New_York', first as Date))).toBe('2026-11-02T06:30:00.000Z');
  });

  it('skips a local time that does not exist (spring forward)', () => {
    // 02:30 does not exist in New York on 8 March 2026.
    const s = parseCron('30 2 * * *');
    expect(iso(nextFireTime(s, 'America/New_York', new Date('2026-03-08T00:00:00Z')))).toBe('2026-03-09T06:30:00.000Z');
  });

  it('uses either day field when both are restricted, as cron does', () => {
    const s = parseCron('0 9 13 * 5'); // the 13th, or any Friday
    expect(iso(nextFireTime(s, 'UTC', new Date('2026-11-10T00:00:00Z')))).toBe('2026-11-13T09:00:00.000Z');
    expect(iso(nextFireTime(s, 'UTC', new Date('2026-11-14T00:00:00Z')))).toBe('2026-11-20T09:00:00.000Z');
  });
});

describe('dueFireTimeToday', () => {
  const s = parseCron('0 9 * * 1-5');
  it('is the latest fire time of the local day so far', () => {
    expect(iso(dueFireTimeToday(s, 'UTC', new Date('2026-11-23T08:59:00Z')))).toBeUndefined();
    expect(iso(dueFireTimeToday(s, 'UTC', new Date('2026-11-23T09:00:00Z')))).toBe('2026-11-23T09:00:00.000Z');
    expect(iso(dueFireTimeToday(s, 'UTC', new Date('2026-11-23T17:00:00Z')))).toBe('2026-11-23T09:00:00.000Z');
    expect(iso(dueFireTimeToday(s, 'UTC', new Date('2026-11-22T17:00:00Z')))).toBeUndefined(); // Sunday
  });
  it('reads the day in the channel zone', () => {
    // 23:30 UTC Monday is already Tuesday 08:30 in Tokyo: Tuesday's 09:00 is not due yet.
    expect(iso(dueFireTimeToday(s, 'Asia/Tokyo', new Date('2026-11-23T23:30:00Z')))).toBeUndefined();
    expect(iso(dueFireTimeToday(s, 'Asia/Tokyo', new Date('2026-11-24T00:30:00Z')))).toBe('2026-11-24T00:00:00.000Z');
  });
});
