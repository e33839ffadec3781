import { describe, expect, it } from 'vitest';
import { periodRange, utcBucketKeys, utcBucketOf, withRanks } from './periods.ts';

describe('periodRange', () => {
  it('is the calendar week from Monday in the quiz zone', () => {
    const r = periodRange('week', new Date('2026-11-25T12:00:00Z'), 'UTC');
    expect(r.start).toBe('2026-11-23T00:00:00.000Z');
    expect(r.end).toBe('2026-11-30T00:00:00.000Z');
  });

  it('starts the week at local midnight, not UTC midnight', () => {
    // Sunday 23:30 UTC is already Monday in Berlin.
    const r = periodRange('week', new Date('2026-11-29T23:30:00Z'), 'Europe/Berlin');
    expect(r.start).toBe('2026-11-29T23:00:00.000Z');
  });

  it('takes Sunday as the last day of the week', () => {
    const r = periodRange('week', new Date('2026-11-29T12:00:00Z'), 'UTC');
    expect(r.start).toBe('2026-11-23T00:00:00.000Z');
  });

  it('splits months at the local month boundary', () => {
    // 30 November 23:30 in New York is 1 December 04:30 UTC: still November there.
    const r = periodRange('month', new Date('2026-12-01T04:30:00Z'), 'America/New_York');
    expect(r.start).toBe('2026-11-01T04:00:00.000Z');
    expect(r.end).toBe('2026-12-01T05:00:00.000Z');
    expect(r.label).toBe('November 2026');
  });

  it('rolls December into January', () => {
    const r = periodRange('month', new Date('2026-12-15T00:00:00Z'), 'UTC');
    expect(r.end).toBe('2027-01-01T00:00:00.000Z');
  });

  it('has no bounds for all time', () => {
    expect(periodRange('all', new Date(), 'UTC')).toEqual({ period: 'all', label: 'all time' });
  });
});

describe('withRanks', () => {
  it('lets ties share a rank', () => {
    const rows = withRanks([
      { userId: 'a', points: 5, answers: 5 },
      { userId: 'b', points: 5, answers: 6 },
      { userId: 'c', points: 3, answers: 3 },
    ]);
    expect(rows.map((r) => r.rank)).toEqual([1, 1, 3]);
  });
});

describe('UTC buckets of the stored totals', () => {
  it('picks the UTC week from Monday and the calendar month a period mostly overlaps', () => {
    expect(utcBucketOf({ period: 'week', start: '2025-06-22T10:00:00.000Z', end: '2025-06-29T10:00:00.000Z' })).toEqual({
      period: 'week',
      key: '2025-06-23',
      from: '2025-06-23T00:00:00.000Z',
      to: '2025-06-30T00:00:00.000Z',
    });
    expect(utcBucketOf({ period: 'month', start: '2025-02-28T23:00:00.000Z', end: '2025-03-31T22:00:00.000Z' })).toEqual({
      period: 'month',
      key: '2025-03',
      from: '2025-03-01T00:00:00.000Z',
      to: '2025-04-01T00:00:00.000Z',
    });
  });

  it('counts an answer in the UTC week from Monday and the UTC month of its instant', () => {
    expect(utcBucketKeys(new Date('2026-11-29T23:59:59.999Z'))).toEqual({ week: '2026-11-23', month: '2026-11' });
    expect(utcBucketKeys(new Date('2026-11-30T00:00:00.000Z'))).toEqual({ week: '2026-11-30', month: '2026-11' });
    expect(utcBucketKeys(new Date('2026-12-01T00:00:00.000Z'))).toEqual({ week: '2026-11-30', month: '2026-12' });
    expect(utcBucketKeys(new Date('2024-02-29T12:00:00.000Z'))).toEqual({ week: '2024-02-26', month: '2024-02' });
  });
});
