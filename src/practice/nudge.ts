/**
 * The daily practice reminder, as pure functions of time: the person's wall-clock time ("09:00")
 * in their own zone, the local day that keys "once a day", and when a failed send is tried again.
 */
import { addDays, instantsOfLocalTime, type LocalDate, localDateOf } from '../quiz/cron.ts';

/** A local time of day, 24-hour. */
export interface ReminderTime {
  hour: number;
  minute: number;
}

/** The reminder time a person gets when they turn the reminder on without naming one. */
export const DEFAULT_REMINDER_TIME: ReminderTime = { hour: 9, minute: 0 };

/** A failed send is tried again after 5 minutes, doubling, at most an hour apart; never past the local day. */
export const NUDGE_RETRY_FIRST_MS = 5 * 60_000;
export const NUDGE_RETRY_MAX_MS = 60 * 60_000;

const TIME = /^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$/;

/**
 * "9:00", "09:30", "21:00", "9am", "9:30 pm", "9" (a bare hour is 24-hour), "9h30". Undefined for
 * anything else: "25:00", "9:75", "13pm".
 */
export function parseReminderTime(text: string): ReminderTime | undefined {
  const m = TIME.exec(text.trim().toLowerCase());
  if (!m) return undefined;
  let hour = Number(m[1]);
  const minute = m[2] === undefined ? 0 : Number(m[2]);
  const half = m[3]?.startsWith('a') ? 'am' : m[3] ? 'pm' : undefined;
  if (minute > 59) return undefined;
  if (half) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (half === 'pm' ? 12 : 0);
  } else if (hour > 23) {
    return undefined;
  }
  return { hour, minute };
}

/** "09:00": how a reminder time is stored and shown. */
export const formatReminderTime = (t: ReminderTime): string =>
  `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;

/** The stored "HH:MM" back as a time; undefined for anything else. */
export function storedReminderTime(text: string | null | undefined): ReminderTime | undefined {
  const m = /^(\d{2}):(\d{2})$/.exec(text ?? '');
  if (!m) return undefined;
  const t = { hour: Number(m[1]), minute: Number(m[2]) };
  return t.hour <= 23 && t.minute <= 59 ? t : undefined;
}

/** The local calendar day of an instant in a zone, "2026-12-02": the key of "once a day". */
export function localDayKey(instant: Date, zone: string): string {
  const d = localDateOf(instant, zone);
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** When the time occurs on a local day: the first of two in a fall-back overlap; an hour on in a spring-forward gap. */
function occurrence(day: LocalDate, t: ReminderTime, zone: string): number | undefined {
  const exact = instantsOfLocalTime(day, t.hour, t.minute, zone)[0];
  if (exact !== undefined) return exact;
  // The wall-clock time does not exist that day (clocks went forward): a reminder an hour late beats none.
  return t.hour < 23 ? instantsOfLocalTime(day, t.hour + 1, t.minute, zone)[0] : undefined;
}

/** The first instant strictly after `after` at which it is `t` in `zone`. */
export function nextReminderAt(t: ReminderTime, zone: string, after: Date): Date {
  const today = localDateOf(after, zone);
  for (let i = 0; i < 3; i++) {
    const at = occurrence(addDays(today, i), t, zone);
    if (at !== undefined && at > after.getTime()) return new Date(at);
  }
  // Unreachable for real zones (a day always has the time, or the hour after it); a day on is safe.
  return new Date(after.getTime() + 86_400_000);
}

/**
 * When to try a failed send again (attempt 1 is the first failure), or undefined when that would
 * fall on another local day: the day's reminder is then given up, and the next day's is due as usual.
 */
export function nudgeRetryAt(now: Date, attempts: number, zone: string): Date | undefined {
  const wait = Math.min(NUDGE_RETRY_MAX_MS, NUDGE_RETRY_FIRST_MS * 2 ** Math.max(0, attempts - 1));
  const at = new Date(now.getTime() + wait);
  return localDayKey(at, zone) === localDayKey(now, zone) ? at : undefined;
}

/**
 * What to do about a reminder that has come due: `send` it for its local day, or `skip` it because
 * that day is already over (the app was down all day: a reminder is never sent a day late).
 */
export function reminderDecision(
  scheduledAt: Date,
  now: Date,
  zone: string,
): { kind: 'send'; day: string } | { kind: 'skip'; day: string } {
  const day = localDayKey(scheduledAt, zone);
  return localDayKey(now, zone) === day ? { kind: 'send', day } : { kind: 'skip', day };
}
