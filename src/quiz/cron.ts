/**
 * Five-field cron expressions in an IANA time zone, as pure functions of time. The scheduler asks
 * "which fire time is due now?" (restart-safe, made up after downtime) rather than keeping timers,
 * so tests can walk a whole week or a DST change without waiting. Parsing here gives people a
 * message per field; croner evaluates the fire times (IANA zones, DST) in microseconds.
 */
import { Cron } from 'croner';

export interface CronSchedule {
  readonly source: string;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly daysOfMonth: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly daysOfWeek: ReadonlySet<number>;
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export class CronError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CronError';
  }
}

function parseValue(token: string, min: number, names: string[] | undefined, nameBase: number): number {
  const lower = token.toLowerCase();
  const named = names?.indexOf(lower) ?? -1;
  if (named >= 0) return named + nameBase;
  if (!/^\d+$/.test(token)) throw new CronError(`"${token}" is not a number`);
  const n = Number(token);
  if (n < min) throw new CronError(`${n} is below ${min}`);
  return n;
}

function parseField(field: string, min: number, max: number, label: string, names?: string[], nameBase = 0) {
  const values = new Set<number>();
  for (const part of field.split(',')) {
    const [rangePart, stepPart, extra] = part.split('/');
    if (rangePart === undefined || rangePart === '' || extra !== undefined) {
      throw new CronError(`${label}: "${part}" is not valid`);
    }
    let step = 1;
    if (stepPart !== undefined) {
      if (!/^\d+$/.test(stepPart) || Number(stepPart) === 0) throw new CronError(`${label}: step "${stepPart}" is not valid`);
      step = Number(stepPart);
    }
    let lo: number;
    let hi: number;
    if (rangePart === '*') {
      lo = min;
      hi = max;
    } else if (rangePart.includes('-')) {
      const [a, b] = rangePart.split('-');
      if (a === undefined || b === undefined) throw new CronError(`${label}: "${rangePart}" is not valid`);
      lo = parseValue(a, min, names, nameBase);
      hi = parseValue(b, min, names, nameBase);
    } else {
      lo = parseValue(rangePart, min, names, nameBase);
      hi = stepPart === undefined ? lo : max;
    }
    // Day of week 7 means Sunday, as in most crons.
    const top = label === 'day of week' ? 7 : max;
    if (lo > top || hi > top) throw new CronError(`${label}: values must be ${min}-${top}`);
    if (lo > hi) throw new CronError(`${label}: range "${rangePart}" runs backwards`);
    for (let v = lo; v <= hi; v += step) values.add(label === 'day of week' && v === 7 ? 0 : v);
  }
  return values;
}

export function parseCron(expression: string): CronSchedule {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) {
    throw new CronError(`expected 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}`);
  }
  const [min, hour, dom, mon, dow] = fields as [string, string, string, string, string];
  return {
    source: fields.join(' '),
    minutes: parseField(min, 0, 59, 'minute'),
    hours: parseField(hour, 0, 23, 'hour'),
    daysOfMonth: parseField(dom, 1, 31, 'day of month'),
    months: parseField(mon, 1, 12, 'month', MONTH_NAMES, 1),
    daysOfWeek: parseField(dow, 0, 6, 'day of week', DAY_NAMES, 0),
  };
}

export function isValidCron(expression: string): boolean {
  try {
    parseCron(expression);
    return true;
  } catch {
    return false;
  }
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export interface LocalDate {
  year: number;
  month: number; // 1-12
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Wall-clock parts of an instant in a zone. */
export function localParts(instant: Date, zone: string) {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(zone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Offset of the zone from UTC at an instant, in milliseconds. */
function offsetAt(instant: number, zone: string): number {
  const p = localParts(new Date(instant), zone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instants at which a wall-clock time occurs in a zone: none in a spring-forward gap,
 * two in a fall-back overlap, otherwise one.
 */
export function instantsOfLocalTime(date: LocalDate, hour: number, minute: number, zone: string): number[] {
  const guess = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  const found = new Set<number>();
  // The offset can only be one of the offsets around the guess (±14 h covers every zone).
  for (const probe of [guess - 14 * 3600_000, guess, guess + 14 * 3600_000]) {
    const candidate = guess - offsetAt(probe, zone);
    const p = localParts(new Date(candidate), zone);
    if (p.year === date.year && p.month === date.month && p.day === date.day && p.hour === hour && p.minute === minute) {
      found.add(candidate);
    }
  }
  return [...found].sort((a, b) => a - b);
}

export function localDateOf(instant: Date, zone: string): LocalDate {
  const p = localParts(instant, zone);
  return { year: p.year, month: p.month, day: p.day };
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function dayOfWeek(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

/** croner's evaluation of one expression in one zone, cached: every tick asks again. */
interface CronEvaluator {
  nextRun(from: Date): Date | null;
  previousRuns(n: number, from: Date): Date[];
}
const evaluators = new Map<string, CronEvaluator>();
const EVALUATORS_MAX = 1000;

function evaluatorFor(s: CronSchedule, zone: string): CronEvaluator {
  const key = `${zone} ${s.source}`;
  let job = evaluators.get(key);
  if (!job) {
    // Day-of-month and day-of-week both restricted: classic cron fires when either matches.
    job = new Cron(s.source, { timezone: zone, paused: true, domAndDow: false });
    if (evaluators.size >= EVALUATORS_MAX) evaluators.delete(evaluators.keys().next().value as string);
    evaluators.set(key, job);
  }
  return job;
}

/**
 * Whether an instant is the schedule's wall-clock time in the zone. A local time that does not
 * exist (spring forward) is skipped, not moved an hour on: croner moves it, so its answer is checked.
 */
function isWallClockFire(s: CronSchedule, instant: Date, zone: string): boolean {
  const local = localParts(instant, zone);
  return s.hours.has(local.hour) && s.minutes.has(local.minute);
}

/** The first fire time strictly after `after`. */
export function nextFireTime(s: CronSchedule, zone: string, after: Date): Date | undefined {
  const job = evaluatorFor(s, zone);
  let next = job.nextRun(after);
  for (let i = 0; next && !isWallClockFire(s, next, zone) && i < 8; i++) next = job.nextRun(next);
  return next && isWallClockFire(s, next, zone) ? next : undefined;
}

/** The latest fire time at or before `at` within the same local day, if any. */
export function dueFireTimeToday(s: CronSchedule, zone: string, at: Date): Date | undefined {
  // previousRuns looks strictly before its reference: a fire time exactly at `at` is due too.
  const last = evaluatorFor(s, zone)
    .previousRuns(3, new Date(at.getTime() + 1))
    .find((t) => isWallClockFire(s, t, zone));
  if (!last) return undefined;
  const today = localDateOf(at, zone);
  const day = localDateOf(last, zone);
  return day.year === today.year && day.month === today.month && day.day === today.day ? last : undefined;
}
