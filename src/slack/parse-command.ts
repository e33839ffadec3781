import { editDistance, maxEditsFor } from '../lookup/fuzzy.ts';
import { parseAwaySpan } from '../practice/away.ts';
import { parseReminderTime, type ReminderTime } from '../practice/nudge.ts';
import { isValidCron } from '../quiz/cron.ts';
import type { Period } from '../quiz/periods.ts';
import { checkScheduleFrequency } from '../quiz/schedule-guard.ts';
import { ianaZone, suggestZone } from '../quiz/zones.ts';

export type Command =
  | { kind: 'help' }
  | { kind: 'topics'; filter?: string }
  | { kind: 'leaderboard'; period: Period }
  | { kind: 'streak' }
  | { kind: 'quiz_now' }
  | { kind: 'quiz_here'; schedule?: string; timezone?: string }
  | { kind: 'quiz_off' }
  | { kind: 'quiz_pause' }
  | { kind: 'quiz_resume' }
  | { kind: 'quiz_status' }
  | { kind: 'quiz_recap'; enabled: boolean }
  | { kind: 'quiz_setup' }
  | { kind: 'lookup'; query: string }
  | { kind: 'practice'; topic?: string; exam?: string }
  | { kind: 'practice_reset' }
  | { kind: 'stats' }
  /** The daily reminder at a local time; null turns it off. */
  | { kind: 'practice_remind'; time: ReminderTime | null }
  /** Away for a number of days; null: back now. */
  | { kind: 'practice_away'; days: number | null }
  /** A person's own session size or daily review cap; null: back to the default. */
  | { kind: 'practice_size'; size: number | null }
  | { kind: 'practice_cap'; cap: number | null }
  /**
   * How to write the command. `adminOnly` marks help for an admin command (`quiz …`): check the
   * permission first and show this only to admins, so others learn nothing from a typo.
   */
  | { kind: 'usage'; message: string; adminOnly?: true };

/** Slack caps command text well below this; anything longer is not a person typing. */
export const MAX_TEXT = 500;

const QUIZ_USAGE =
  'Quiz commands: `/aws quiz setup`, `/aws quiz now`, `/aws quiz here [cron] [zone]`, `/aws quiz off`, `/aws quiz pause`, `/aws quiz resume`, `/aws quiz status`, `/aws quiz recap on|off`.';

/** Turns `/aws` text into a command. Anything that is not a command is a lookup. */
export function parseCommand(raw: string): Command {
  // Control characters and odd whitespace never mean anything in a command.
  const text = raw
    .replace(/[\u0000-\u001f\u007f\s]+/g, ' ')
    .trim()
    .slice(0, MAX_TEXT);
  if (!/[\p{L}\p{N}]/u.test(text)) return { kind: 'help' };
  const words = text.split(/\s+/);
  const first = (words[0] ?? '').toLowerCase();
  const rest = words.slice(1);

  switch (first) {
    case 'help':
    case '?':
      if (rest.every((w) => HELP_FILLERS.has(w.toLowerCase()))) return { kind: 'help' };
      break;
    case 'topics':
    case 'topic':
      if (rest.length === 0) return { kind: 'topics' };
      // `topics lambda`: that topic; longer phrases ("topics for ecs") are lookups.
      if (rest.length === 1 && /^[\p{L}\p{N}-]+$/u.test(rest[0] ?? ''))
        return { kind: 'topics', filter: (rest[0] ?? '').toLowerCase() };
      break;
    case 'leaderboard':
    case 'leaders':
    case 'top': {
      const period = rest.length === 0 ? 'week' : PERIODS[rest.join('-').toLowerCase()];
      if (period) return { kind: 'leaderboard', period };
      if (first === 'leaderboard')
        return { kind: 'usage', message: 'Usage: `/aws leaderboard [week|month|all]` (default: week).' };
      break;
    }
    case 'streak':
    case 'me':
      if (rest.length === 0) return { kind: 'streak' };
      break;
    case 'stats':
      // Admins only: the handler checks the permission first. `stats of lambda` stays a lookup.
      if (rest.length === 0) return { kind: 'stats' };
      break;
    case 'my':
      if (rest.length === 1 && MY_RECORD.has((rest[0] ?? '').toLowerCase())) return { kind: 'streak' };
      break;
    case 'quiz':
      return parseQuiz(rest);
    case 'practice':
    case 'practise':
      return parsePractice(rest);
  }
  return typoOfCommand(first, rest) ?? { kind: 'lookup', query: text };
}

/** Words that make `help …` still a request for help (`help me`, `help please`). */
const HELP_FILLERS = new Set(['me', 'please', 'pls', 'plz', 'us', 'commands', 'command', 'menu', 'list', '!', '?']);
const MY_RECORD = new Set(['streak', 'stats', 'record', 'score', 'points']);

/** The leaderboard's periods as people write them. */
const PERIODS: Readonly<Record<string, Period>> = {
  week: 'week',
  weekly: 'week',
  'this-week': 'week',
  month: 'month',
  monthly: 'month',
  'this-month': 'month',
  all: 'all',
  'all-time': 'all',
  alltime: 'all',
  ever: 'all',
  overall: 'all',
  total: 'all',
};

/**
 * Command words a typo is recognised for. Not `help` (one edit from `helm`), not `streak` (one from
 * `stream`): those typos stay lookups, where the lookup's own "did you mean" helps.
 */
const TYPO_COMMANDS = ['leaderboard', 'topics', 'practice', 'quiz'];

/** The nearest word within the edits allowed for its length (at least one from 3 letters), if any. */
function nearest(word: string, candidates: readonly string[]): string | undefined {
  const max = word.length >= 3 ? Math.max(1, maxEditsFor(word)) : 0;
  let best: { word: string; distance: number } | undefined;
  for (const c of candidates) {
    const d = editDistance(word, c, max);
    if (d > 0 && d <= max && (!best || d < best.distance)) best = { word: c, distance: d };
  }
  return best?.word;
}

/** `leaderbord`, `tpoics`, `pratice`, `qiuz now`: "did you mean" instead of a lookup nobody asked for. */
function typoOfCommand(first: string, rest: string[]): Command | undefined {
  const meant = nearest(first, TYPO_COMMANDS);
  // "practices for lambda" asks about best practices, not for a practice session.
  if (!meant || first === 'practices') return undefined;
  // `quiz` is short: only a quiz subcommand after it makes the typo certain.
  if (meant === 'quiz' && !QUIZ_WORDS.includes((rest[0] ?? '').toLowerCase())) return undefined;
  if (meant === 'topics' && rest.length > 1) return undefined;
  const suggestion = ['/aws', meant, ...rest].join(' ');
  const message = `Did you mean \`${suggestion}\`? \`/aws help\` lists every command.`;
  return meant === 'quiz' ? quizUsage(message) : { kind: 'usage', message };
}

const QUIZ_WORDS = ['setup', 'here', 'start', 'now', 'status', 'pause', 'resume', 'off', 'stop', 'recap'];

function parseQuiz(args: string[]): Command {
  const sub = (args[0] ?? '').toLowerCase();
  const more = args.slice(1);
  const simple: Record<string, Command> = {
    now: { kind: 'quiz_now' },
    off: { kind: 'quiz_off' },
    stop: { kind: 'quiz_off' },
    pause: { kind: 'quiz_pause' },
    resume: { kind: 'quiz_resume' },
    status: { kind: 'quiz_status' },
    setup: { kind: 'quiz_setup' },
  };
  if (sub === 'recap') return parseRecap(more);
  const cmd = simple[sub];
  if (cmd) return more.length === 0 ? cmd : quizUsage(`\`/aws quiz ${sub}\` takes no arguments.`);
  if (sub !== 'here' && sub !== 'start') {
    const meant = sub ? nearest(sub, QUIZ_WORDS) : undefined;
    return quizUsage(meant ? `Did you mean \`/aws quiz ${[meant, ...more].join(' ')}\`? ${QUIZ_USAGE}` : QUIZ_USAGE);
  }

  const tokens = more.map((t) => t.replace(/^["'“”]+|["'“”]+$/g, '')).filter(Boolean);
  if (tokens.length === 0) return { kind: 'quiz_here' };
  const { cron, zoneText } = splitZone(tokens);
  let timezone: string | undefined;
  if (zoneText !== undefined) {
    timezone = ianaZone(zoneText);
    if (!timezone) {
      const suggestion = suggestZone(zoneText);
      const fields = cron.length === 5 && isValidCron(cron.join(' ')) ? cron.join(' ') : '0 9 * * 1-5';
      const example = `/aws quiz here ${fields} ${suggestion?.zone ?? 'Europe/Berlin'}`;
      return quizUsage(
        suggestion
          ? `${suggestion.message} Try \`${example}\`.`
          : `\`${zoneText}\` is not a time zone I know. Use an IANA name such as \`Europe/Berlin\` or \`America/New_York\`, e.g. \`${example}\`.`,
      );
    }
  }
  if (cron.length === 0) return { kind: 'quiz_here', timezone };
  const schedule = cron.join(' ');
  if (cron.length !== 5 || !isValidCron(schedule)) {
    return quizUsage(
      `\`${schedule}\` is not a cron schedule. Give five fields: minute hour day-of-month month day-of-week, e.g. \`/aws quiz here 0 9 * * 1-5 Europe/Berlin\` for 09:00 on weekdays.`,
    );
  }
  const frequency = checkScheduleFrequency(schedule);
  if (!frequency.ok) {
    const zone = timezone ? ` ${timezone}` : '';
    return quizUsage(
      `\`${schedule}\` ${frequency.reason}. Try \`/aws quiz here ${frequency.suggested}${zone}\` (${frequency.meaning}).`,
    );
  }
  return { kind: 'quiz_here', schedule, timezone };
}

/** `quiz recap on` / `quiz recap off`: the weekly recap in this channel. */
function parseRecap(args: string[]): Command {
  const word = (args[0] ?? '').toLowerCase();
  if (args.length === 1 && (word === 'on' || word === 'off')) return { kind: 'quiz_recap', enabled: word === 'on' };
  return quizUsage('Usage: `/aws quiz recap off` stops the weekly recap in this channel, `/aws quiz recap on` brings it back.');
}

/** Syntax help for an admin command: shown only to people allowed to run it. */
function quizUsage(message: string): Command {
  return { kind: 'usage', message, adminOnly: true };
}

// Day and month names are cron, not a place: `0 9 * * mon-fri`, `0 9 1 jan *`.
const CRON_NAMES = /^(?:sun|mon|tue|wed|thu|fri|sat|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)(?:[-,/].*)?$/i;

/**
 * Splits `quiz here` arguments into cron fields and a zone. The zone is the trailing words that
 * cannot be cron ("Europe/Berlin", "CET", "new york"), when they look like a zone or follow five
 * fields; otherwise every word is cron, so `0 9 * * weekdays` gets the cron message.
 */
function splitZone(tokens: string[]): { cron: string[]; zoneText?: string } {
  let i = tokens.length;
  while (i > 0 && /\p{L}/u.test(tokens[i - 1] ?? '') && !CRON_NAMES.test(tokens[i - 1] ?? '')) i--;
  if (i === tokens.length) return { cron: tokens };
  const cron = tokens.slice(0, i);
  const zoneText = tokens.slice(i).join(' ');
  const looksLikeZone = zoneText.includes('/') || ianaZone(zoneText) !== undefined || suggestZone(zoneText) !== undefined;
  return looksLikeZone || cron.length === 0 || cron.length === 5 ? { cron, zoneText } : { cron: tokens };
}

const REMIND_USAGE =
  'Usage: `/aws practice remind 9:00` (24-hour, or `9am`, in your own time zone) or `/aws practice remind off`.';
const AWAY_USAGE = 'Usage: `/aws practice away 7d` (or `2w`, up to 90 days), and `/aws practice away off` when you are back.';
const SIZE_USAGE = 'Usage: `/aws practice size 10` (1 to 20 questions a session), or `/aws practice size default`.';
const CAP_USAGE = 'Usage: `/aws practice cap 30` (1 to 200 reviews a day), or `/aws practice cap default`.';

const OFF = new Set(['off', 'stop', 'none', 'no']);
const BACK = new Set(['off', 'back', 'stop', 'none', 'no']);
const DEFAULT = new Set(['default', 'reset', 'off']);

/** A whole number for `size` or `cap`, null for "default"; bounds are the service's. */
function parseLimit(words: string[]): number | null | undefined {
  const text = words.join(' ');
  if (DEFAULT.has(text)) return null;
  return /^\d{1,4}$/.test(text) ? Number(text) : undefined;
}

/** `practice remind 9:00|9am|off`, `practice away 7d|2w|off|back`, `practice size 10`, `practice cap 30`. */
function parsePracticeSetting(first: string, more: string[]): Command | undefined {
  const text = more.join(' ');
  switch (first) {
    case 'remind':
    case 'reminder': {
      if (OFF.has(text)) return { kind: 'practice_remind', time: null };
      const time = parseReminderTime(text);
      return time ? { kind: 'practice_remind', time } : { kind: 'usage', message: REMIND_USAGE };
    }
    case 'away': {
      if (BACK.has(text)) return { kind: 'practice_away', days: null };
      const days = parseAwaySpan(text);
      return days ? { kind: 'practice_away', days } : { kind: 'usage', message: AWAY_USAGE };
    }
    case 'back':
      return more.length === 0 ? { kind: 'practice_away', days: null } : undefined;
    case 'size': {
      const size = parseLimit(more);
      return size === undefined ? { kind: 'usage', message: SIZE_USAGE } : { kind: 'practice_size', size };
    }
    case 'cap': {
      const cap = parseLimit(more);
      return cap === undefined ? { kind: 'usage', message: CAP_USAGE } : { kind: 'practice_cap', cap };
    }
    default:
      return undefined;
  }
}

/** `practice`, `practice <topic>`, `practice exam dva-c02`, `practice reset`, and the settings above. */
function parsePractice(rest: string[]): Command {
  const [first, ...more] = rest.map((w) => w.toLowerCase());
  if (first === undefined) return { kind: 'practice' };
  if (first === 'reset' && more.length === 0) return { kind: 'practice_reset' };
  const setting = parsePracticeSetting(first, more);
  if (setting) return setting;
  if (first === 'exam') {
    if (more.length === 1 && more[0]) return { kind: 'practice', exam: more[0].toUpperCase() };
    return { kind: 'usage', message: 'Usage: `/aws practice exam dva-c02` or `/aws practice exam saa-c03`.' };
  }
  return { kind: 'practice', topic: rest.join('-').toLowerCase() };
}
