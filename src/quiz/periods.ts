import { addDays, dayOfWeek, instantsOfLocalTime, type LocalDate, localDateOf } from './cron.ts';

export type Period = 'week' | 'month' | 'all';

export interface PeriodRange {
  period: Period;
  /** inclusive, ISO; undefined for all time */
  start?: string;
  /** exclusive, ISO */
  end?: string;
  label: string;
}

/** Local midnight as an instant; if midnight does not exist (a DST jump), the first minute after. */
export function startOfLocalDay(date: LocalDate, zone: string): number {
  for (let minute = 0; minute < 180; minute++) {
    const t = instantsOfLocalTime(date, Math.floor(minute / 60), minute % 60, zone)[0];
    if (t !== undefined) return t;
  }
  return Date.UTC(date.year, date.month - 1, date.day);
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Calendar week (Monday start) or month containing `now`, in the quiz time zone. */
export function periodRange(period: Period, now: Date, zone: string): PeriodRange {
  if (period === 'all') return { period, label: 'all time' };
  const today = localDateOf(now, zone);
  if (period === 'week') {
    const monday = addDays(today, -((dayOfWeek(today) + 6) % 7));
    const next = addDays(monday, 7);
    return {
      period,
      start: new Date(startOfLocalDay(monday, zone)).toISOString(),
      end: new Date(startOfLocalDay(next, zone)).toISOString(),
      label: `week of ${MONTHS[monday.month - 1]} ${monday.day}`,
    };
  }
  const first = { year: today.year, month: today.month, day: 1 };
  const nextFirst =
    today.month === 12 ? { year: today.year + 1, month: 1, day: 1 } : { year: today.year, month: today.month + 1, day: 1 };
  return {
    period,
    start: new Date(startOfLocalDay(first, zone)).toISOString(),
    end: new Date(startOfLocalDay(nextFirst, zone)).toISOString(),
    label: `${MONTHS[today.month - 1]} ${today.year}`,
  };
}

export interface RankedRow {
  userId: string;
  points: number;
  answers: number;
}

/** Standard competition ranking: ties share a rank (1, 1, 3). Rows must be sorted by points desc. */
export function withRanks<T extends RankedRow>(rows: T[]): (T & { rank: number })[] {
  let rank = 0;
  let previous: number | undefined;
  return rows.map((row, i) => {
    if (row.points !== previous) rank = i + 1;
    previous = row.points;
    return { ...row, rank };
  });
}

const DAY_MS = 86_400_000;

/**
 * The stored totals behind the leaderboards are kept per UTC week (from Monday) and UTC month, so a
 * period in any zone reads one row per person plus the few hours where the zone's boundary differs
 * (see utcBucketOf). These are the keys of the buckets an answer at `instant` counts in.
 */
export function utcBucketKeys(instant: Date): { week: string; month: string } {
  const day = Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate());
  const monday = day - ((instant.getUTCDay() + 6) % 7) * DAY_MS;
  return { week: new Date(monday).toISOString().slice(0, 10), month: instant.toISOString().slice(0, 7) };
}

export interface UtcBucket {
  period: 'week' | 'month';
  /** The stored key: a week's Monday 'YYYY-MM-DD', a month's 'YYYY-MM'. */
  key: string;
  /** The bucket's UTC bounds, ISO. */
  from: string;
  to: string;
}

/**
 * The UTC week or month that a period in any zone mostly overlaps: the one holding its middle.
 * The zone's period starts and ends within 14 hours of the bucket's, whatever the offset or DST.
 */
export function utcBucketOf(range: { period: 'week' | 'month'; start: string; end: string }): UtcBucket {
  const middle = new Date((Date.parse(range.start) + Date.parse(range.end)) / 2);
  const keys = utcBucketKeys(middle);
  if (range.period === 'month') {
    const year = middle.getUTCFullYear();
    const month = middle.getUTCMonth();
    return {
      period: 'month',
      key: keys.month,
      from: new Date(Date.UTC(year, month, 1)).toISOString(),
      to: new Date(Date.UTC(year, month + 1, 1)).toISOString(),
    };
  }
  const from = `${keys.week}T00:00:00.000Z`;
  return { period: 'week', key: keys.week, from, to: new Date(Date.parse(from) + 7 * DAY_MS).toISOString() };
}
