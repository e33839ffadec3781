/**
 * How often a schedule may post. A daily quiz that fires every minute floods a channel with 1,440
 * questions a day and burns through the bank before anyone notices, so every schedule, whoever
 * sets it (QUIZ_SCHEDULE, `/aws quiz here`), is held to a few posts a day.
 */
import { type CronSchedule, parseCron } from './cron.ts';

/** At most this many questions a day in one channel. */
export const MAX_POSTS_PER_DAY = 3;

export type FrequencyCheck =
  | { ok: true; postsPerDay: number }
  | {
      ok: false;
      /** Fire times on the busiest local day. */
      postsPerDay: number;
      /** Why, without the expression itself: "posts 1,440 questions a day; a channel gets at most 3". */
      reason: string;
      /** A schedule to use instead, with its meaning: "`0 9 * * 1-5` (9:00 on weekdays)". */
      suggestion: string;
      /** The suggested expression alone, and what it means ("9:00 on weekdays"). */
      suggested: string;
      meaning: string;
    };

const DAY_NAMES = ['Sundays', 'Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays'];

/**
 * Counts the fire times on the busiest day: a day the schedule matches fires at every listed
 * hour and minute (hours × minutes). Throws CronError for an expression that is not a schedule;
 * callers check that first, with its own message.
 */
export function checkScheduleFrequency(expression: string | CronSchedule): FrequencyCheck {
  const s = typeof expression === 'string' ? parseCron(expression) : expression;
  const postsPerDay = s.minutes.size * s.hours.size;
  if (postsPerDay <= MAX_POSTS_PER_DAY) return { ok: true, postsPerDay };
  const suggested = suggestedSchedule(s);
  return {
    ok: false,
    postsPerDay,
    reason: `posts ${postsPerDay.toLocaleString('en-US')} questions a day; a channel gets at most ${MAX_POSTS_PER_DAY} a day`,
    suggestion: `\`${suggested.expression}\` (${suggested.meaning})`,
    suggested: suggested.expression,
    meaning: suggested.meaning,
  };
}

/**
 * Once a day at the schedule's first time, on the schedule's own days. Whole hours (`*`) become
 * 9:00, the hour a daily question usually goes out; unrestricted days become weekdays.
 */
function suggestedSchedule(s: CronSchedule): { expression: string; meaning: string } {
  const [, , dom = '*', month = '*', dow = '*'] = s.source.split(' ');
  const minute = Math.min(...s.minutes);
  const hour = s.hours.size === 24 ? 9 : Math.min(...s.hours);
  const everyDay = dom === '*' && dow === '*';
  const days = everyDay ? '1-5' : dow;
  const expression = `${minute} ${hour} ${dom} ${month} ${days}`;
  const time = `${hour}:${String(minute).padStart(2, '0')}`;
  return { expression, meaning: `${time} ${daysInWords(dom, month, days, s)}` };
}

function daysInWords(dom: string, month: string, dow: string, s: CronSchedule): string {
  if (dom !== '*' || month !== '*') return 'on the days of the original schedule';
  const weekdays = [...(dow === '1-5' ? [1, 2, 3, 4, 5] : s.daysOfWeek)].sort((a, b) => a - b);
  if (weekdays.join() === '1,2,3,4,5') return 'on weekdays';
  if (weekdays.length === 7) return 'every day';
  if (weekdays.join() === '0,6') return 'at weekends';
  const names = weekdays.map((d) => DAY_NAMES[d] ?? String(d));
  return `on ${names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`}`;
}
