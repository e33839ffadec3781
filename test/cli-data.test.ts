import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../src/cli/database.ts';
import { EXPORT_COLUMNS, runExport } from '../src/cli/export.ts';
import { runForget } from '../src/cli/forget.ts';
import { runStats } from '../src/cli/stats.ts';
import { loadBank } from '../src/content/load.ts';
import { openDatabase } from '../src/db/open.ts';
import { answerRound, type Verdict } from './support/answer-rounds.ts';
import { type Harness, startHarness, tempDbPath } from './support/app-harness.ts';
import { countRows, rowsOf } from './support/database.ts';
import { answerTotals, PERSON_TABLES, rowsAbout } from './support/person-data.ts';
import { command, repliesTo, uniqueId } from './support/quiz-driver.ts';
import { actionBody, postSigned, sendCommand } from './support/slack-requests.ts';
import { waitFor } from './support/wait.ts';

// The CLI's `--db <file>` is what these tests drive, so their app runs on that SQLite file whatever
// TEST_DATABASE says; export and forget on PostgreSQL are in the contract suite (test/contract/).
const TEAM = 'T0TEST';
const FORGOTTEN = 'U0XAV';

/** A CLI run's stdout and stderr, captured. */
function captureIo(): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    env: {},
    out: (text: string) => {
      io.stdout += text;
    },
    err: (text: string) => {
      io.stderr += `${text}\n`;
    },
  };
  return io;
}

/** One practice answer in the DM, over signed HTTP: a session, a practice review and a card. */
async function practiceOnce(h: Harness, user: string) {
  const id = uniqueId('practice');
  await sendCommand(h.url, { text: 'practice', user, responseUrl: h.slack.responseUrl(id) });
  await waitFor(() => repliesTo(h.slack, id)[0], 5000, 'practice reply');
  const post = await waitFor(
    () => h.slack.callsOf('chat.postMessage').find((c) => String(c.args.channel).startsWith('D')),
    5000,
    'practice question',
  );
  const blocks = post.args.blocks as { block_id?: string; elements?: { action_id: string; value: string }[] }[];
  const button = blocks.find((b) => b.block_id === 'practice')?.elements?.[0];
  if (!button) throw new Error('no practice button');
  const replyId = uniqueId('practice-click');
  const body = actionBody({
    actionId: button.action_id,
    value: button.value,
    user,
    channel: `D${user}`,
    responseUrl: h.slack.responseUrl(replyId),
  });
  expect((await postSigned(h.url, body)).status).toBe(200);
  await waitFor(() => repliesTo(h.slack, replyId)[0], 5000, 'practice feedback');
}

const ROUNDS: { at: string; verdicts: Record<string, Verdict> }[] = [
  { at: '2026-11-18T09:00:00Z', verdicts: { U0ANN: 'right', U0BEN: 'wrong', [FORGOTTEN]: 'right' } },
  { at: '2026-11-25T09:00:00Z', verdicts: { U0ANN: 'wrong', U0BEN: 'right', [FORGOTTEN]: 'right' } },
  // The last day of November: the month's and the week's totals both see it.
  { at: '2026-11-30T23:30:00Z', verdicts: { U0ANN: 'right', [FORGOTTEN]: 'wrong', U0BEN: 'right' } },
];
const NOW = new Date('2026-12-01T08:00:00Z');

/**
 * The same days of quiz, with or without one person, in a database of its own: the app's own HTTP
 * flow writes every row (answers, totals, practice). Returns the database file.
 */
async function seed(withForgotten: boolean): Promise<string> {
  const dbPath = tempDbPath();
  const h = await startHarness({ dbPath, now: new Date(ROUNDS[0]?.at ?? ''), sqlite: true });
  try {
    for (const round of ROUNDS) {
      h.clock.now = new Date(round.at);
      const verdicts = Object.fromEntries(Object.entries(round.verdicts).filter(([u]) => withForgotten || u !== FORGOTTEN));
      await answerRound(h, verdicts);
    }
    h.clock.now = NOW;
    if (withForgotten) {
      await practiceOnce(h, FORGOTTEN);
      // A reminder stores the person's time zone with their practice settings.
      expect((await command(h.url, h.slack, 'practice remind 9:00', { user: FORGOTTEN })).text).toMatch(/remind you/);
    }
  } finally {
    await h.stop();
  }
  return dbPath;
}

/** What people see of the standings: the three leaderboards and each person's record, over HTTP. */
async function standingsSeen(dbPath: string): Promise<string[]> {
  const h = await startHarness({ dbPath, now: NOW, sqlite: true });
  try {
    const seen: string[] = [];
    for (const text of ['leaderboard week', 'leaderboard month', 'leaderboard all']) {
      seen.push(JSON.stringify((await command(h.url, h.slack, text)).blocks));
    }
    for (const user of ['U0ANN', 'U0BEN']) seen.push((await command(h.url, h.slack, 'streak', { user })).text);
    return seen;
  } finally {
    await h.stop();
  }
}

/** Every total the answers feed, in a stable order. */
function totals(dbPath: string) {
  const db = openDatabase(dbPath);
  try {
    return answerTotals(db);
  } finally {
    db.close();
  }
}

describe('cli forget', () => {
  it('leaves totals and leaderboards equal to a database where the person never answered', async () => {
    const [forgottenDb, neverDb] = [await seed(true), await seed(false)];
    const before = openDatabase(forgottenDb);
    expect(await countRows(before, 'answers', { user_id: FORGOTTEN })).toBe(3);
    const about = rowsAbout(before, FORGOTTEN);
    const practice = { reviews: about.practice_reviews, cards: about.practice_cards };
    before.close();
    // The practice answer and the daily answers it took in as reviews.
    expect(practice.reviews).toBeGreaterThanOrEqual(2);
    expect(totals(forgottenDb)).not.toEqual(totals(neverDb));

    const io = captureIo();
    expect(await runForget([FORGOTTEN, '--team', TEAM, '--db', forgottenDb], io)).toBe(0);
    expect(io.stdout).toMatch(/Forgot U0XAV in T0TEST/);
    expect(io.stdout).toMatch(/3 quiz answers \(3 posts recounted/);
    expect(io.stdout).toMatch(/1 channel total/);
    // One week bucket per answer (three UTC weeks) and one month: 4 leaderboard totals.
    expect(io.stdout).toMatch(/4 weekly or monthly leaderboard totals/);
    expect(io.stdout).toContain(`${practice.reviews} practice reviews, ${practice.cards} practice cards, 1 practice session`);
    expect(io.stdout).toMatch(/1 practice settings row \(reminder, time zone/);

    expect(totals(forgottenDb)).toEqual(totals(neverDb));
    const after = openDatabase(forgottenDb);
    expect(Object.values(rowsAbout(after, FORGOTTEN))).toEqual(PERSON_TABLES.map(() => 0));
    after.close();
    expect(await standingsSeen(forgottenDb)).toEqual(await standingsSeen(neverDb));

    // A second run finds nothing and changes nothing.
    const again = captureIo();
    expect(await runForget([FORGOTTEN, '--db', forgottenDb], again)).toBe(0);
    expect(again.stdout).toMatch(/Nothing is stored about U0XAV/);
  }, 60_000);

  it('refuses without a user id, or with something that is not one, and touches nothing', async () => {
    const dbPath = await seed(true);
    for (const args of [[], ['--team', TEAM], ['xav'], ['U0XAV', 'U0ANN'], ['U0XAV', '--team', 'nope'], ['U0XAV', '--yes']]) {
      const io = captureIo();
      expect(await runForget([...args, '--db', dbPath], io), args.join(' ')).toBe(1);
      expect(io.stderr).toMatch(/Usage: npm run cli -- forget <user id>/);
      expect(io.stdout).toBe('');
    }
    const db = openDatabase(dbPath);
    expect(await countRows(db, 'answers', { user_id: FORGOTTEN })).toBe(3);
    db.close();
    const missing = captureIo();
    expect(await runForget([FORGOTTEN, '--db', path.join(path.dirname(dbPath), 'none.db')], missing)).toBe(1);
    expect(missing.stderr).toMatch(/No database at/);
    expect(fs.existsSync(path.join(path.dirname(dbPath), 'none.db'))).toBe(false);
  }, 60_000);
});

/** A CSV line split into fields, quotes undone (enough for the files export writes). */
function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

describe('cli export and stats', () => {
  it('exports a team as CSV and as JSON, and lists the item analysis', async () => {
    const dbPath = await seed(true);
    const db = openDatabase(dbPath);
    const answers = (await rowsOf(db, 'answers', ['user_id'])).length;
    const standings = (await rowsOf(db, 'user_stats', ['user_id'])).length;
    db.close();

    const json = captureIo();
    expect(await runExport(['--team', TEAM, '--format', 'json', '--db', dbPath], json)).toBe(0);
    const data = JSON.parse(json.stdout);
    expect(data.teamId).toBe(TEAM);
    expect(data.answers).toHaveLength(answers);
    expect(data.answers[0]).toMatchObject({
      userId: 'U0ANN',
      isCorrect: true,
      answeredAt: '2026-11-18T09:00:00.000Z',
      channelId: 'C0QUIZ',
    });
    expect(data.standings).toHaveLength(standings);
    expect(data.practiceReviews.length).toBeGreaterThan(0);
    expect(data.practiceCards.length).toBeGreaterThan(0);

    const csv = captureIo();
    expect(await runExport(['--team', TEAM, '--db', dbPath], csv)).toBe(0);
    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe(EXPORT_COLUMNS.join(','));
    const rows = lines.slice(1).map(parseCsvLine);
    for (const r of rows) expect(r).toHaveLength(EXPORT_COLUMNS.length);
    const col = (name: (typeof EXPORT_COLUMNS)[number]) => EXPORT_COLUMNS.indexOf(name);
    const kinds = rows.map((r) => r[col('record')]);
    expect(kinds.filter((k) => k === 'answer')).toHaveLength(answers);
    expect(kinds.filter((k) => k === 'standing')).toHaveLength(standings);
    expect(kinds.filter((k) => k === 'practice_review')).toHaveLength(data.practiceReviews.length);
    expect(kinds.filter((k) => k === 'practice_card')).toHaveLength(data.practiceCards.length);
    const ann = rows.find((r) => r[col('record')] === 'standing' && r[col('user_id')] === 'U0ANN');
    expect([ann?.[col('points')], ann?.[col('answers')]]).toEqual(['2', '3']);

    // Another workspace's export is empty; a bad format or a missing team is refused.
    const other = captureIo();
    expect(await runExport(['--team', 'T0OTHER', '--format', 'json', '--db', dbPath], other)).toBe(0);
    expect(JSON.parse(other.stdout)).toEqual({
      teamId: 'T0OTHER',
      answers: [],
      standings: [],
      practiceReviews: [],
      practiceCards: [],
    });
    for (const args of [
      ['--format', 'csv'],
      ['--team', TEAM, '--format', 'xml'],
    ]) {
      const io = captureIo();
      expect(await runExport([...args, '--db', dbPath], io)).toBe(1);
      expect(io.stdout).toBe('');
    }

    const stats = captureIo();
    expect(await runStats(['--db', dbPath], stats)).toBe(0);
    const table = stats.stdout.split('\n');
    expect(table[0]).toMatch(/question\s+topic\s+answers\s+p\s+disc\s+unpicked\s+flags/);
    // Three questions, each answered right by two of three: p = 0.67, too few answers for anything else.
    const reread = openDatabase(dbPath);
    const posts = await rowsOf<{ question_id: string; topic: string }>(reread, 'posts', ['question_id', 'topic']);
    reread.close();
    expect(posts).toHaveLength(3);
    for (const p of posts) {
      expect(
        table.filter((l) => new RegExp(`^  ${p.question_id}\\s+${p.topic}\\s+3\\s+0\\.67\\s+–\\s+–\\s*$`).test(l)),
      ).toHaveLength(1);
    }
    expect(table.filter((l) => l.startsWith('! '))).toEqual([]);
    expect(stats.stdout).toMatch(/3 of \d+ questions answered, 0 flagged/);
  }, 60_000);

  it('marks a question everyone gets right, with its distractors nobody picks', async () => {
    const dbPath = tempDbPath();
    const h = await startHarness({ dbPath, now: new Date('2026-11-18T09:00:00Z'), sqlite: true });
    const people = Array.from({ length: 10 }, (_, i) => `U0P${i}`);
    let easy: Awaited<ReturnType<typeof answerRound>>;
    let even: Awaited<ReturnType<typeof answerRound>>;
    try {
      easy = await answerRound(h, Object.fromEntries(people.map((u) => [u, 'right' as const])));
      even = await answerRound(h, Object.fromEntries(people.map((u, i) => [u, i % 2 ? ('right' as const) : ('wrong' as const)])));
    } finally {
      await h.stop();
    }
    const bank = loadBank();
    const io = captureIo();
    expect(await runStats(['--db', dbPath, '--team', TEAM], io)).toBe(0);
    const lineOf = (id: string) => io.stdout.split('\n').find((l) => l.slice(2).startsWith(`${id} `)) ?? '';
    const wrongKeys = (id: string, picked: string[]) =>
      (bank.questionById.get(id)?.choices ?? [])
        .map((c) => c.key)
        .filter((k) => k !== bank.questionById.get(id)?.answer && !picked.includes(k));
    expect(lineOf(easy.questionId)).toMatch(
      new RegExp(
        `^! ${easy.questionId}\\s+\\S+\\s+10\\s+1\\.00\\s+–\\s+${wrongKeys(easy.questionId, []).join(',').toUpperCase()}\\s+p > 0\\.9$`,
      ),
    );
    expect(lineOf(even.questionId)).toMatch(
      new RegExp(
        `^  ${even.questionId}\\s+\\S+\\s+10\\s+0\\.50\\s+–\\s+${wrongKeys(even.questionId, [even.wrongChoice]).join(',').toUpperCase() || '–'}\\s*$`,
      ),
    );
    expect(io.stdout).toMatch(/2 of \d+ questions answered, 1 flagged/);
    const flagged = captureIo();
    expect(await runStats(['--db', dbPath, '--flagged'], flagged)).toBe(0);
    expect(flagged.stdout).toContain(easy.questionId);
    expect(flagged.stdout).not.toContain(even.questionId);
  }, 60_000);

  it('runs through npm run cli and refuses forget without a user id', async () => {
    const dbPath = await seed(false);
    const run = promisify(execFile);
    const env = { ...process.env, DATABASE_PATH: dbPath };
    const { stdout } = await run('npx', ['tsx', 'src/cli.ts', 'export', '--team', TEAM, '--format', 'csv'], { env });
    expect(stdout.split('\r\n')[0]).toBe(EXPORT_COLUMNS.join(','));
    await expect(run('npx', ['tsx', 'src/cli.ts', 'forget'], { env })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/Whom\? Give the Slack user id/),
    });
  }, 60_000);
});
