/**
 * The setup modal's rules as pure functions: the schedule it builds from a time, weekdays and
 * questions per day, the way back (to fill the modal from a channel's schedule), and the checks a
 * submission passes before anything is stored.
 */
import type { Question } from '../content/bank.ts';
import { questionsMatching } from './choose.ts';
import { isValidTimeZone, parseCron } from './cron.ts';
import { type ChannelSettings, DEFAULT_CHANNEL_SETTINGS, type Difficulty } from './model.ts';
import { checkScheduleFrequency, MAX_POSTS_PER_DAY } from './schedule-guard.ts';

/** With more than one question a day, the later ones follow the first this many hours apart. */
export const SLOT_SPACING_HOURS = 3;
export const REVEAL_HOURS_MIN = 1;
/** As QUIZ_REVEAL_AFTER: a week at most. */
export const REVEAL_HOURS_MAX = 168;

export interface DailyTimes {
  hour: number;
  minute: number;
  /** Days of the week, 0 = Sunday … 6 = Saturday. */
  weekdays: number[];
  perDay: number;
}

/** `[1, 2, 3, 4, 5]` → `1-5`; `[0, 6]` → `0,6`; `[1, 3, 4, 5]` → `1,3-5`. */
function compressDays(days: readonly number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  if (sorted.length === 7) return '*';
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] ?? 0) === (sorted[j] ?? 0) + 1) j++;
    parts.push(j - i >= 2 ? `${sorted[i]}-${sorted[j]}` : sorted.slice(i, j + 1).join(','));
    i = j + 1;
  }
  return parts.join(',');
}

/** The hours of a day's questions: the first, then every SLOT_SPACING_HOURS. */
export function slotHours(hour: number, perDay: number): number[] {
  return Array.from({ length: perDay }, (_, i) => hour + i * SLOT_SPACING_HOURS);
}

/** The five-field cron of a time, weekdays and questions per day: 08:30, Mon–Fri, 2 → `30 8,11 * * 1-5`. */
export function cronFromTimes(t: DailyTimes): string {
  return `${t.minute} ${slotHours(t.hour, t.perDay).join(',')} * * ${compressDays(t.weekdays)}`;
}

/**
 * The modal's view of a schedule, when it is one the modal could have built (one minute, evenly
 * spaced hours, every day of every month); otherwise undefined and the modal starts from defaults.
 */
export function timesFromCron(schedule: string): DailyTimes | undefined {
  let s: ReturnType<typeof parseCron>;
  try {
    s = parseCron(schedule);
  } catch {
    return undefined;
  }
  const hours = [...s.hours].sort((a, b) => a - b);
  const first = hours[0];
  if (s.minutes.size !== 1 || first === undefined || s.daysOfMonth.size !== 31 || s.months.size !== 12) return undefined;
  if (hours.length > MAX_POSTS_PER_DAY || hours.some((h, i) => h !== first + i * SLOT_SPACING_HOURS)) return undefined;
  return {
    hour: first,
    minute: [...s.minutes][0] ?? 0,
    weekdays: [...s.daysOfWeek].sort((a, b) => a - b),
    perDay: hours.length,
  };
}

/** What the modal sends, as plain strings and lists (slack/setup-modal.ts reads them from the view). */
export interface SetupInput {
  channelId: string | undefined;
  time: string | undefined;
  weekdays: string[];
  timezone: string | undefined;
  topics: string[];
  exam: string | undefined;
  difficultyMin: string | undefined;
  difficultyMax: string | undefined;
  revealAfterHours: string | undefined;
  perDay: string | undefined;
}

export type SetupField = 'channel' | 'time' | 'days' | 'zone' | 'topics' | 'exam' | 'difficulty_max' | 'reveal' | 'per_day';

export interface SetupChoice {
  channelId: string;
  schedule: string;
  timezone: string;
  settings: ChannelSettings;
}

export type SetupVerdict = { ok: true; choice: SetupChoice } | { ok: false; errors: Partial<Record<SetupField, string>> };

const asDifficulty = (text: string | undefined, fallback: Difficulty): Difficulty => {
  const n = Number(text);
  return n === 1 || n === 2 || n === 3 ? n : fallback;
};

/** Checks a submission field by field; every problem is reported at once, beside its field. */
export function validateSetup(
  input: SetupInput,
  content: { questions: readonly Question[]; topics: readonly string[]; exams: readonly string[] },
): SetupVerdict {
  const errors: Partial<Record<SetupField, string>> = {};
  if (!input.channelId) errors.channel = 'Pick the channel the quiz posts in.';
  const time = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(input.time ?? '');
  if (!time) errors.time = 'Pick a time, such as 09:00.';
  const weekdays = input.weekdays.map(Number).filter((d) => Number.isInteger(d) && d >= 0 && d <= 6);
  if (weekdays.length === 0) errors.days = 'Tick at least one day.';
  const timezone = input.timezone ?? '';
  if (!isValidTimeZone(timezone) || !timezone) errors.zone = 'Pick a time zone.';
  const perDay = Number(input.perDay ?? '1');
  if (!Number.isInteger(perDay) || perDay < 1 || perDay > MAX_POSTS_PER_DAY) errors.per_day = 'Pick 1, 2 or 3.';
  const hour = Number(time?.[1] ?? 0);
  const last = hour + (perDay - 1) * SLOT_SPACING_HOURS;
  if (!errors.per_day && time && last > 23) {
    errors.per_day = `${perDay} questions ${SLOT_SPACING_HOURS} hours apart from ${input.time} run past midnight: pick an earlier time or fewer questions.`;
  }
  const reveal = Number(input.revealAfterHours ?? '');
  if (!Number.isInteger(reveal) || reveal < REVEAL_HOURS_MIN || reveal > REVEAL_HOURS_MAX) {
    errors.reveal = `Give a whole number of hours from ${REVEAL_HOURS_MIN} to ${REVEAL_HOURS_MAX}.`;
  }
  const unknownTopics = input.topics.filter((t) => !content.topics.includes(t));
  if (unknownTopics.length) errors.topics = `These topics are gone from the bank: ${unknownTopics.join(', ')}.`;
  const exam = input.exam && input.exam !== 'none' ? input.exam : null;
  if (exam && !content.exams.includes(exam)) errors.exam = 'Pick one of the listed exams, or none.';
  const difficultyMin = asDifficulty(input.difficultyMin, DEFAULT_CHANNEL_SETTINGS.difficultyMin);
  const difficultyMax = asDifficulty(input.difficultyMax, DEFAULT_CHANNEL_SETTINGS.difficultyMax);
  if (difficultyMin > difficultyMax) errors.difficulty_max = 'The hardest level must be at least the easiest one.';
  const settings: ChannelSettings = { topics: input.topics, exam, difficultyMin, difficultyMax, revealAfterHours: reveal };
  if (!errors.topics && !errors.exam && !errors.difficulty_max && questionsMatching(content.questions, settings).length === 0) {
    errors.topics = 'No question in the bank matches these topics, exam and difficulty together: widen one of them.';
  }
  const channelId = input.channelId;
  if (Object.keys(errors).length > 0 || !channelId || !time) return { ok: false, errors };
  const schedule = cronFromTimes({ hour, minute: Number(time[2]), weekdays, perDay });
  // The modal cannot build more than 3 a day; the guard stays the one rule for every way in.
  const frequency = checkScheduleFrequency(schedule);
  if (!frequency.ok) return { ok: false, errors: { per_day: `${schedule} ${frequency.reason}.` } };
  return { ok: true, choice: { channelId, schedule, timezone, settings } };
}
