/**
 * Which week a recap covers and when it is due, in a channel's time zone. A recap week is the
 * leaderboard's calendar week (Monday to Sunday, periods.ts), the one before the Monday it is
 * posted on.
 */
import { addDays, instantsOfLocalTime, type LocalDate, localDateOf } from '../quiz/cron.ts';
import { periodRange, startOfLocalDay } from '../quiz/periods.ts';

/** Recaps are posted from 09:00 on Monday in the channel's zone, until that Monday ends. */
export const RECAP_HOUR = 9;

/** How many weeks (the recap's own included) "people who usually answer" looks back. */
export const PARTICIPATION_WEEKS = 4;

export interface RecapWeek {
  /** The week's Monday in the channel's zone, 'YYYY-MM-DD': the recap's key. */
  key: string;
  zone: string;
  /** Inclusive, ISO. */
  start: string;
  /** Exclusive, ISO. */
  end: string;
  /** The eight local midnights from Monday to the next Monday, ISO: day i is [days[i], days[i+1]). */
  days: string[];
  /** The week before, for "most improved". */
  previous: { start: string; end: string };
  /** Start of the PARTICIPATION_WEEKS weeks that end with this one. */
  windowStart: string;
  /** "Nov 16 – 22", "Nov 30 – Dec 6". */
  label: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const iso = (t: number) => new Date(t).toISOString();
const pad = (n: number) => String(n).padStart(2, '0');

function mondayOf(instant: Date, zone: string): LocalDate {
  return localDateOf(new Date(periodRange('week', instant, zone).start as string), zone);
}

/** The calendar week whose Monday is `monday`, in `zone`. */
export function recapWeekOf(monday: LocalDate, zone: string): RecapWeek {
  const days = Array.from({ length: 8 }, (_, i) => iso(startOfLocalDay(addDays(monday, i), zone)));
  const sunday = addDays(monday, 6);
  const label =
    sunday.month === monday.month
      ? `${MONTHS[monday.month - 1]} ${monday.day} – ${sunday.day}`
      : `${MONTHS[monday.month - 1]} ${monday.day} – ${MONTHS[sunday.month - 1]} ${sunday.day}`;
  return {
    key: `${monday.year}-${pad(monday.month)}-${pad(monday.day)}`,
    zone,
    start: days[0] as string,
    end: days[7] as string,
    days,
    previous: { start: iso(startOfLocalDay(addDays(monday, -7), zone)), end: days[0] as string },
    windowStart: iso(startOfLocalDay(addDays(monday, -7 * (PARTICIPATION_WEEKS - 1)), zone)),
    label,
  };
}

/** Last week, seen from `now`: the calendar week before the one `now` is in. */
export function lastWeek(now: Date, zone: string): RecapWeek {
  return recapWeekOf(addDays(mondayOf(now, zone), -7), zone);
}

/**
 * The week whose recap is due at `now`: last week, from 09:00 on Monday until Monday ends in the
 * channel's zone. Later in the week nothing is due, so an app that was down all Monday skips that
 * recap rather than post a stale one on Thursday.
 */
export function recapDueWeek(now: Date, zone: string): RecapWeek | undefined {
  const monday = mondayOf(now, zone);
  const today = localDateOf(now, zone);
  if (today.day !== monday.day || today.month !== monday.month) return undefined;
  const opens = instantsOfLocalTime(monday, RECAP_HOUR, 0, zone)[0] ?? startOfLocalDay(monday, zone) + RECAP_HOUR * 3600_000;
  return now.getTime() >= opens ? recapWeekOf(addDays(monday, -7), zone) : undefined;
}

const EASTMOST_OFFSET_HOURS = 14;
const WESTMOST_OFFSET_HOURS = -12;

/**
 * Whether it is Monday morning or later on Monday anywhere on Earth (zones run from UTC−12 to
 * UTC+14): outside Sunday 19:00 to Tuesday 12:00 UTC no channel can have a recap due, so the
 * scheduler's tick skips the recap step without reading anything.
 */
export function mayBeRecapTimeSomewhere(now: Date): boolean {
  const hoursSinceSunday = now.getUTCDay() * 24 + now.getUTCHours() + now.getUTCMinutes() / 60;
  const earliest = 24 + RECAP_HOUR - EASTMOST_OFFSET_HOURS; // Monday 09:00 at UTC+14
  const latest = 48 - WESTMOST_OFFSET_HOURS; // Monday's end at UTC−12
  return hoursSinceSunday >= earliest && hoursSinceSunday < latest;
}
