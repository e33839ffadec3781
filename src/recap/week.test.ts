import { describe, expect, it } from 'vitest';
import { lastWeek, mayBeRecapTimeSomewhere, recapDueWeek, recapWeekOf } from './week.ts';

describe('recap week', () => {
  it('is the calendar week before the current one, in the channel zone', () => {
    const w = lastWeek(new Date('2026-11-23T08:30:00Z'), 'Europe/Berlin');
    expect(w.key).toBe('2026-11-16');
    expect(w.start).toBe('2026-11-15T23:00:00.000Z');
    expect(w.end).toBe('2026-11-22T23:00:00.000Z');
    expect(w.previous).toEqual({ start: '2026-11-08T23:00:00.000Z', end: '2026-11-15T23:00:00.000Z' });
    expect(w.windowStart).toBe('2026-10-25T23:00:00.000Z');
    expect(w.days).toHaveLength(8);
    expect(w.days[1]).toBe('2026-11-16T23:00:00.000Z');
    expect(w.label).toBe('Nov 16 – 22');
  });

  it('names both months when the week spans two', () => {
    expect(recapWeekOf({ year: 2026, month: 11, day: 30 }, 'UTC').label).toBe('Nov 30 – Dec 6');
  });

  it('has a 23-hour Sunday when the clocks go forward', () => {
    const w = recapWeekOf({ year: 2026, month: 3, day: 23 }, 'Europe/Berlin');
    expect(w.days[6]).toBe('2026-03-28T23:00:00.000Z');
    expect(w.end).toBe('2026-03-29T22:00:00.000Z');
  });

  it('is due from 09:00 on Monday in the channel zone until Monday ends', () => {
    const zone = 'Europe/Berlin';
    expect(recapDueWeek(new Date('2026-11-23T07:59:00Z'), zone)).toBeUndefined();
    expect(recapDueWeek(new Date('2026-11-23T08:00:00Z'), zone)?.key).toBe('2026-11-16');
    expect(recapDueWeek(new Date('2026-11-23T22:59:00Z'), zone)?.key).toBe('2026-11-16');
    expect(recapDueWeek(new Date('2026-11-23T23:00:00Z'), zone)).toBeUndefined();
    expect(recapDueWeek(new Date('2026-11-22T12:00:00Z'), zone)).toBeUndefined();
    expect(recapDueWeek(new Date('2026-11-26T12:00:00Z'), zone)).toBeUndefined();
  });

  it('follows the zone: Monday 09:00 in Tokyo is Sunday evening in UTC', () => {
    expect(recapDueWeek(new Date('2026-11-23T00:00:00Z'), 'Asia/Tokyo')?.key).toBe('2026-11-16');
    expect(recapDueWeek(new Date('2026-11-22T23:59:00Z'), 'Asia/Tokyo')).toBeUndefined();
  });

  it('knows when no zone on Earth can have a recap due', () => {
    expect(mayBeRecapTimeSomewhere(new Date('2026-11-22T18:59:00Z'))).toBe(false);
    expect(mayBeRecapTimeSomewhere(new Date('2026-11-22T19:00:00Z'))).toBe(true);
    expect(mayBeRecapTimeSomewhere(new Date('2026-11-23T09:00:00Z'))).toBe(true);
    expect(mayBeRecapTimeSomewhere(new Date('2026-11-24T11:59:00Z'))).toBe(true);
    expect(mayBeRecapTimeSomewhere(new Date('2026-11-24T12:00:00Z'))).toBe(false);
    expect(mayBeRecapTimeSomewhere(new Date('2026-11-26T09:00:00Z'))).toBe(false);
  });
});
