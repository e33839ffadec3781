/**
 * `npm run cli -- export --team T… [--format csv|json] [--db file]`: a workspace's answers,
 * standings and practice on stdout. JSON is one object; CSV is one table with a `record` column
 * (answer, standing, practice_review, practice_card) so a spreadsheet opens it as it is.
 */
import { parseArgs } from 'node:util';
import type { TeamExport } from '../services/data-store.ts';
import { type CsvValue, toCsv } from './csv.ts';
import { type CliIo, openExistingStorage, TEAM_ID } from './database.ts';

const USAGE = 'Usage: npm run cli -- export --team T… [--format csv|json] [--db <file>]';

export const EXPORT_COLUMNS = [
  'record',
  'team_id',
  'channel_id',
  'user_id',
  'question_id',
  'topic',
  'post_id',
  'session_id',
  'source',
  'choice',
  'is_correct',
  'rating',
  'at',
  'points',
  'answers',
  'correct',
  'current_streak',
  'best_streak',
  'state',
  'due',
  'reps',
  'lapses',
  'misses',
  'stability',
  'difficulty',
  'last_review',
  'retired',
] as const;

type CsvRow = Partial<Record<(typeof EXPORT_COLUMNS)[number], CsvValue>>;

/** Every record of the export as a CSV row; `at` is when it happened (answered, reviewed, last updated). */
export function exportRows(data: TeamExport): CsvRow[] {
  const team_id = data.teamId;
  return [
    ...data.answers.map(
      (a): CsvRow => ({
        record: 'answer',
        team_id,
        channel_id: a.channelId,
        user_id: a.userId,
        question_id: a.questionId,
        topic: a.topic,
        post_id: a.postId,
        choice: a.choice,
        is_correct: a.isCorrect,
        at: a.answeredAt,
      }),
    ),
    ...data.standings.map(
      (s): CsvRow => ({
        record: 'standing',
        team_id,
        channel_id: s.channelId,
        user_id: s.userId,
        points: s.points,
        answers: s.answers,
        correct: s.correct,
        current_streak: s.currentStreak,
        best_streak: s.bestStreak,
        at: s.updatedAt,
      }),
    ),
    ...data.practiceReviews.map(
      (r): CsvRow => ({
        record: 'practice_review',
        team_id,
        user_id: r.userId,
        question_id: r.questionId,
        source: r.source,
        session_id: r.sessionId,
        post_id: r.postId,
        choice: r.choice,
        is_correct: r.isCorrect,
        rating: r.rating,
        at: r.reviewedAt,
      }),
    ),
    ...data.practiceCards.map(
      (c): CsvRow => ({
        record: 'practice_card',
        team_id,
        user_id: c.userId,
        question_id: c.questionId,
        state: c.state,
        due: c.due,
        reps: c.reps,
        lapses: c.lapses,
        misses: c.misses,
        stability: c.stability,
        difficulty: c.difficulty,
        last_review: c.lastReview,
        retired: c.retired,
      }),
    ),
  ];
}

export async function runExport(argv: string[], io: CliIo): Promise<number> {
  let values: { team?: string; format?: string; db?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { team: { type: 'string' }, format: { type: 'string', default: 'csv' }, db: { type: 'string' } },
      strict: true,
    }));
  } catch (err) {
    io.err(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 1;
  }
  if (!values.team || !TEAM_ID.test(values.team)) {
    io.err(
      `${values.team ? `"${values.team}" is not a workspace id (they look like T0123ABCD).` : 'Which workspace? Give --team T….'}\n${USAGE}`,
    );
    return 1;
  }
  if (values.format !== 'csv' && values.format !== 'json') {
    io.err(`--format is csv or json, not "${values.format}".\n${USAGE}`);
    return 1;
  }
  const storage = await openExistingStorage(values.db, io);
  if (!storage) return 1;
  try {
    const data = await storage.data.exportTeam(values.team);
    await io.out(values.format === 'json' ? `${JSON.stringify(data, null, 2)}\n` : toCsv(EXPORT_COLUMNS, exportRows(data)));
    io.err(
      `Exported ${data.answers.length} answers, ${data.standings.length} standings, ${data.practiceReviews.length} practice reviews and ${data.practiceCards.length} practice cards of ${values.team}.`,
    );
    return 0;
  } finally {
    await storage.close();
  }
}
