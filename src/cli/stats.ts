/**
 * `npm run cli -- stats [--team T…] [--since YYYY-MM-DD] [--flagged] [--db file]`: the item analysis
 * table for content authors, one row per answered question of the bank.
 */
import { parseArgs } from 'node:util';
import { loadBank } from '../content/load.ts';
import { StatsService } from '../services/stats.ts';
import { ITEM_ANALYSIS, type ItemFlag, type ItemRow } from '../stats/item-analysis.ts';
import { type CliIo, openExistingStorage, TEAM_ID } from './database.ts';

const FLAG_TEXT: Record<ItemFlag, string> = {
  too_hard: `p < ${ITEM_ANALYSIS.hardBelow}`,
  too_easy: `p > ${ITEM_ANALYSIS.easyAbove}`,
  negative_discrimination: 'discrimination < 0',
};

const USAGE = 'Usage: npm run cli -- stats [--team T…] [--since YYYY-MM-DD] [--flagged] [--db <file>]';

const pad = (value: string | number, width: number) => String(value).padEnd(width);
const decimal = (n: number | null) => (n === null ? '–' : n.toFixed(2));

/** The table as text: a header, one line per row, flagged rows marked with `!`. */
export function renderItemTable(rows: readonly ItemRow[]): string {
  const idWidth = Math.max(8, ...rows.map((r) => r.questionId.length)) + 2;
  const topicWidth = Math.max(5, ...rows.map((r) => r.topic.length)) + 2;
  const lines = [
    `  ${pad('question', idWidth)}${pad('topic', topicWidth)}${pad('answers', 9)}${pad('p', 6)}${pad('disc', 7)}${pad('unpicked', 10)}flags`,
  ];
  for (const r of rows) {
    const mark = r.flags.length > 0 ? '! ' : '  ';
    const unpicked = r.unpickedDistractors.length ? r.unpickedDistractors.join(',').toUpperCase() : '–';
    lines.push(
      `${mark}${pad(r.questionId, idWidth)}${pad(r.topic, topicWidth)}${pad(r.answers, 9)}${pad(decimal(r.p), 6)}${pad(decimal(r.discrimination), 7)}${pad(unpicked, 10)}${r.flags.map((f) => FLAG_TEXT[f]).join('; ')}`,
    );
  }
  return lines.join('\n');
}

function legend(all: readonly ItemRow[], shown: readonly ItemRow[]): string {
  const answered = all.filter((r) => r.answers > 0);
  const flagged = answered.filter((r) => r.flags.length > 0);
  return [
    `${answered.length} of ${all.length} questions answered, ${flagged.length} flagged (!); ${shown.length} shown.`,
    `p: share correct (difficulty index); flagged outside ${ITEM_ANALYSIS.hardBelow}–${ITEM_ANALYSIS.easyAbove} from ${ITEM_ANALYSIS.minAnswersForFlags} answers.`,
    `disc: item-rest point-biserial correlation (right on this item vs. share right on the person's other items), from ${ITEM_ANALYSIS.minAnswersForDiscrimination} answers; below 0, stronger people get it wrong more often: check the key and the wording.`,
    `unpicked: wrong choices nobody picked (listed from ${ITEM_ANALYSIS.minAnswersForFlags} answers): rewrite them so they tempt someone.`,
  ].join('\n');
}

export async function runStats(argv: string[], io: CliIo): Promise<number> {
  let values: { team?: string; since?: string; flagged?: boolean; db?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { team: { type: 'string' }, since: { type: 'string' }, flagged: { type: 'boolean' }, db: { type: 'string' } },
      strict: true,
    }));
  } catch (err) {
    io.err(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 1;
  }
  if (values.team !== undefined && !TEAM_ID.test(values.team)) {
    io.err(`"${values.team}" is not a workspace id (they look like T0123ABCD).\n${USAGE}`);
    return 1;
  }
  if (values.since !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.since)) {
    io.err(`--since takes a date like 2026-11-01.\n${USAGE}`);
    return 1;
  }
  const bank = loadBank();
  const storage = await openExistingStorage(values.db, io);
  if (!storage) return 1;
  try {
    const service = new StatsService({ store: storage.stats, bank: () => bank, timezone: 'UTC', now: () => new Date() });
    const scope = {
      ...(values.team ? { teamId: values.team } : {}),
      ...(values.since ? { since: `${values.since}T00:00:00.000Z` } : {}),
    };
    const all = await service.itemAnalysis(scope);
    const shown = all.filter((r) => r.answers > 0 && (!values.flagged || r.flags.length > 0));
    if (shown.length === 0) {
      await io.out(
        all.some((r) => r.answers > 0) ? 'No question is flagged.' : 'No answers yet: item analysis needs answered questions.',
      );
      return 0;
    }
    await io.out(`${renderItemTable(shown)}\n\n${legend(all, shown)}`);
    return 0;
  } finally {
    await storage.close();
  }
}
