/**
 * `npm run cli -- forget <user id> [--team T…] [--db file]`: deletes what the app keeps about a
 * person and recomputes the totals it fed, in one transaction, then prints what went. It asks
 * nothing (it runs in scripts and CI), so it refuses anything but one well-formed user id.
 */
import { parseArgs } from 'node:util';
import type { ForgetReport } from '../services/data-store.ts';
import { type CliIo, openExistingStorage, TEAM_ID, USER_ID } from './database.ts';

const USAGE = 'Usage: npm run cli -- forget <user id> [--team T…] [--db <file>]   (a Slack user id such as U0123ABCD)';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function describeForget(r: ForgetReport): string {
  const removed =
    r.answers +
    r.standings +
    r.periodTotals +
    r.practiceReviews +
    r.practiceCards +
    r.practiceSessions +
    r.shares +
    r.practiceSettings +
    r.practiceNudges +
    r.reports;
  if (removed === 0)
    return `Nothing is stored about ${r.userId}${r.teams.length === 1 ? ` in ${r.teams[0]}` : ''}. Nothing was changed.`;
  return [
    `Forgot ${r.userId} in ${r.teams.join(', ')}. Removed:`,
    `  ${plural(r.answers, 'quiz answer')} (${plural(r.postsRecounted, 'post')} recounted without them)`,
    `  ${plural(r.standings, 'channel total')} (points, streaks) and ${plural(r.periodTotals, 'weekly or monthly leaderboard total')}`,
    `  ${plural(r.practiceReviews, 'practice review')}, ${plural(r.practiceCards, 'practice card')}, ${plural(r.practiceSessions, 'practice session')}`,
    `  ${plural(r.shares, 'shared card record')}, ${plural(r.reports, 'problem report')}`,
    `  ${plural(r.practiceSettings, 'practice settings row')} (reminder, time zone, away, size) and ${plural(r.practiceNudges, 'reminder record')}`,
    'Leaderboards and counts now read as if they had never answered. Messages already in Slack keep the counts they showed.',
  ].join('\n');
}

export async function runForget(argv: string[], io: CliIo): Promise<number> {
  let parsed: { values: { team?: string; db?: string }; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      options: { team: { type: 'string' }, db: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    io.err(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 1;
  }
  const { values, positionals } = parsed;
  const [userId, ...extra] = positionals;
  if (!userId || extra.length > 0) {
    io.err(`${userId ? 'Forget one person at a time.' : 'Whom? Give the Slack user id of the person to forget.'}\n${USAGE}`);
    return 1;
  }
  if (!USER_ID.test(userId)) {
    io.err(`"${userId}" is not a Slack user id (they look like U0123ABCD; in Slack: profile → ⋮ → Copy member ID).\n${USAGE}`);
    return 1;
  }
  if (values.team !== undefined && !TEAM_ID.test(values.team)) {
    io.err(`"${values.team}" is not a workspace id (they look like T0123ABCD).\n${USAGE}`);
    return 1;
  }
  const storage = await openExistingStorage(values.db, io);
  if (!storage) return 1;
  try {
    const report = await storage.data.forget(userId, values.team);
    await io.out(describeForget(report));
    return 0;
  } finally {
    await storage.close();
  }
}
