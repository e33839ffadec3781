/**
 * `npm run cli -- reports`: the open "report a problem" reports for content authors, grouped by
 * question, and `reports resolve <question id> [note]` once a question is fixed or judged right.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { type Bank, makeBank } from '../content/bank.ts';
import { loadBank, QUESTIONS_DIR } from '../content/load.ts';
import { type QuestionReportSummary, REASON_LABELS, REPORT_REASONS } from '../quiz/reports.ts';
import { openStorage } from '../runtime/storage.ts';
import { ReportService } from '../services/reports.ts';

export interface ReportsCliOptions {
  env: Record<string, string | undefined>;
  out: (line: string) => void;
  err: (line: string) => void;
  now?: () => Date;
  /** The bank the prompts are read from (tests use their own); the real one otherwise. */
  questionsDir?: string;
}

const USAGE = [
  'Usage: npm run cli -- reports [--team T…]',
  '       npm run cli -- reports resolve <question id> [note…] [--team T…] [--by name]',
];

/** `--name value` options out of the words; the other words in order. */
function splitOptions(args: string[], names: string[]): { words: string[]; options: Record<string, string> } {
  const words: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    const name = a.startsWith('--') ? a.slice(2) : '';
    if (names.includes(name) && args[i + 1] !== undefined) {
      options[name] = args[i + 1] ?? '';
      i++;
    } else {
      words.push(a);
    }
  }
  return { words, options };
}

const reasonCounts = (s: QuestionReportSummary): string =>
  REPORT_REASONS.filter((r) => s.byReason[r] > 0)
    .map((r) => `${REASON_LABELS[r].toLowerCase()}: ${s.byReason[r]}`)
    .join(' · ');

const minute = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

function printSummary(summaries: QuestionReportSummary[], bank: Bank | undefined, out: (line: string) => void): void {
  if (summaries.length === 0) {
    out('No open reports.');
    return;
  }
  const total = summaries.reduce((n, s) => n + s.total, 0);
  out(`${total} open report${total === 1 ? '' : 's'} of ${summaries.length} question${summaries.length === 1 ? '' : 's'}\n`);
  for (const s of summaries) {
    const q = bank?.questionById.get(s.questionId);
    const held = s.isHeldOut ? ' · HELD OUT of the daily quiz and practice' : '';
    const where = q ? ` (${q.topic})` : bank ? ' (no longer in the bank)' : '';
    out(`${s.questionId}${where} · ${s.total} open${held}`);
    if (q) out(`  ${q.prompt.length > 100 ? `${q.prompt.slice(0, 99)}…` : q.prompt}`);
    out(`  ${reasonCounts(s)}`);
    for (const c of s.latestComments) out(`  "${c.comment.replace(/\s+/g, ' ')}" (${c.userId}, ${minute(c.createdAt)})`);
    out('');
  }
  out('When a question is fixed (or right after all): npm run cli -- reports resolve <question id> [note]');
}

/** The app's database: --db, else DATABASE_PATH from the environment or .env (as npm start reads it). */
function databaseFile(option: string | undefined, env: Record<string, string | undefined>): string {
  if (option) return option;
  const fromEnv = env.DATABASE_PATH?.trim();
  if (fromEnv) return fromEnv;
  const dotenv = fs.existsSync('.env') ? parseEnv(fs.readFileSync('.env', 'utf8')).DATABASE_PATH?.trim() : undefined;
  return dotenv || './data/tutor.db';
}

/** DATABASE_URL from the environment or .env, as npm start reads it; undefined when the app is on SQLite. */
function databaseUrl(env: Record<string, string | undefined>): string | undefined {
  const fromEnv = env.DATABASE_URL?.trim();
  if (fromEnv) return fromEnv;
  const dotenv = fs.existsSync('.env') ? parseEnv(fs.readFileSync('.env', 'utf8')).DATABASE_URL?.trim() : undefined;
  return dotenv || undefined;
}

/** The bank, validated once and cached beside the database as the app does; undefined when it fails to load. */
function bankOrUndefined(dir: string | undefined, databasePath: string): Bank | undefined {
  const cache =
    databasePath === ':memory:' ? {} : { cacheFile: path.join(path.dirname(path.resolve(databasePath)), 'content-cache.json') };
  try {
    return loadBank(dir ?? QUESTIONS_DIR, cache);
  } catch {
    return undefined;
  }
}

/** Runs the command; resolves to the exit code. */
export async function reportsCommand(args: string[], o: ReportsCliOptions): Promise<number> {
  const { words, options } = splitOptions(args, ['team', 'by', 'db']);
  const file = databaseFile(options.db, o.env);
  // The app runs on PostgreSQL when DATABASE_URL is set; --db names a SQLite file and wins.
  const url = options.db ? undefined : databaseUrl(o.env);
  if (!url && file !== ':memory:' && !fs.existsSync(file)) {
    o.err(`No database at ${file}. Set DATABASE_PATH to the file the app uses (or pass --db <file>).`);
    return 1;
  }
  const [sub, questionId, ...note] = words;
  if (sub !== undefined && sub !== 'resolve') {
    for (const line of USAGE) o.err(line);
    return 1;
  }
  if (sub === 'resolve' && !questionId) {
    o.err('Say which question: npm run cli -- reports resolve <question id> [note]');
    return 1;
  }
  const storage = await openStorage({ databasePath: file, databaseUrl: url });
  try {
    const bank = bankOrUndefined(o.questionsDir, file);
    // Listing and resolving need no bank: one that fails to load only loses the prompts.
    const known = bank ?? makeBank([], 'unloaded');
    const reports = new ReportService({
      store: storage.reports,
      bank: () => known,
      now: o.now ?? (() => new Date()),
    });
    const team = options.team;
    if (sub === undefined) {
      printSummary(await reports.openSummary(team), bank, o.out);
      return 0;
    }
    const id = questionId ?? '';
    const by = options.by ?? o.env.USER ?? 'cli';
    const resolved = await reports.resolve(id, { by, note: note.join(' ').trim() || null, ...(team ? { teamId: team } : {}) });
    if (resolved === 0) {
      o.err(`No open reports of ${id}${team ? ` in ${team}` : ''}. \`npm run cli -- reports\` lists the open ones.`);
      return 1;
    }
    o.out(`Resolved ${resolved} open report${resolved === 1 ? '' : 's'} of ${id}; it is back in the daily quiz and practice.`);
    return 0;
  } finally {
    await storage.close();
  }
}
