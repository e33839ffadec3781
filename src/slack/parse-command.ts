import { isValidCron, isValidTimeZone } from '../quiz/cron.ts';
import type { Period } from '../quiz/periods.ts';

export type Command =
  | { kind: 'help' }
  | { kind: 'topics' }
  | { kind: 'leaderboard'; period: Period }
  | { kind: 'streak' }
  | { kind: 'quiz_now' }
  | { kind: 'quiz_here'; schedule?: string; timezone?: string }
  | { kind: 'quiz_off' }
  | { kind: 'quiz_pause' }
  | { kind: 'quiz_resume' }
  | { kind: 'quiz_status' }
  | { kind: 'lookup'; query: string }
  | { kind: 'usage'; message: string };

/** Slack caps command text well below this; anything longer is not a person typing. */
export const MAX_TEXT = 500;

const QUIZ_USAGE =
  'Quiz commands: `/aws quiz now`, `/aws quiz here [cron] [zone]`, `/aws quiz off`, `/aws quiz pause`, `/aws quiz resume`, `/aws quiz status`.';

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
      if (rest.length === 0) return { kind: 'help' };
      break;
    case 'topics':
      if (rest.length === 0) return { kind: 'topics' };
      break;
    case 'leaderboard':
    case 'leaders':
    case 'top': {
      const p = (rest[0] ?? 'week').toLowerCase();
      if (rest.length <= 1 && (p === 'week' || p === 'month' || p === 'all')) return { kind: 'leaderboard', period: p };
      if (first === 'leaderboard')
        return { kind: 'usage', message: 'Usage: `/aws leaderboard [week|month|all]` (default: week).' };
      break;
    }
    case 'streak':
    case 'me':
    case 'stats':
      if (rest.length === 0) return { kind: 'streak' };
      break;
    case 'quiz':
      return parseQuiz(rest);
  }
  return { kind: 'lookup', query: text };
}

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
  };
  const cmd = simple[sub];
  if (cmd) return more.length === 0 ? cmd : { kind: 'usage', message: `\`/aws quiz ${sub}\` takes no arguments.` };
  if (sub !== 'here' && sub !== 'start') return { kind: 'usage', message: QUIZ_USAGE };

  const tokens = more.map((t) => t.replace(/^["'“”]+|["'“”]+$/g, '')).filter(Boolean);
  if (tokens.length === 0) return { kind: 'quiz_here' };
  let timezone: string | undefined;
  const last = tokens[tokens.length - 1] ?? '';
  if (/[A-Za-z]/.test(last) && /\/|^utc$/i.test(last)) {
    if (!isValidTimeZone(last))
      return {
        kind: 'usage',
        message: `\`${last}\` is not a time zone I know. Use an IANA name such as \`Europe/Berlin\` or \`America/New_York\`.`,
      };
    timezone = last.toUpperCase() === 'UTC' ? 'UTC' : last;
    tokens.pop();
  }
  if (tokens.length === 0) return { kind: 'quiz_here', timezone };
  const schedule = tokens.join(' ');
  if (tokens.length !== 5 || !isValidCron(schedule)) {
    return {
      kind: 'usage',
      message: `\`${schedule}\` is not a cron schedule. Give five fields: minute hour day-of-month month day-of-week, e.g. \`/aws quiz here 0 9 * * 1-5 Europe/Berlin\` for 09:00 on weekdays.`,
    };
  }
  return { kind: 'quiz_here', schedule, timezone };
}
