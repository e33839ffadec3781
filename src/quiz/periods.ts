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
