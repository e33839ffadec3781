import { describe, expect, it } from 'vitest';
import { postedQuestion } from '../../test/support/quiz-fixtures.ts';
import { migrate } from './migrate.ts';
import { type Db, openDatabase } from './open.ts';
import { sqliteDataStore } from './sqlite-data-store.ts';
import { sqliteStatsStore } from './sqlite-stats-store.ts';
import { sqliteStores } from './sqlite-stores.ts';

/** A live post of question `questionId` (right answer b) in a team, posted at `at`. */
async function post(db: Db, teamId: string, questionId: string, at: string, channelId = 'C1') {
  const stores = sqliteStores(db);
  const p = await stores.posts.createForSlot(
    { teamId, channelId, slot: at, question: postedQuestion({ id: questionId, topic: questionId.split('-')[0] ?? 't' }) },
    new Date(at),
  );
  await stores.posts.markPosted(p.id, `${Date.parse(at)}.1`, new Date(at), new Date(Date.parse(at) + 8 * 3_600_000));
  return p.id;
}

/** Answers through the app's answer store, so every total is written as in production. */
async function answer(db: Db, teamId: string, postId: number, userId: string, choice: string, at: string) {
  const [result] = await sqliteStores(db).answers.recordAll([{ answer: { teamId, postId, userId, choice }, at: new Date(at) }]);
  if (!result?.ok || result.outcome.kind !== 'graded') throw new Error(`answer of ${userId} not graded`);
}

function freshDb(): Db {
  const db = openDatabase(':memory:');
  migrate(db);
  return db;
}

/** Two teams. T1: lambda-a on Monday 16 Nov (3 answers), sqs-a on Monday 23 Nov (2). T2: lambda-a (1). */
async function seeded(): Promise<Db> {
  const db = freshDb();
  const p1 = await post(db, 'T1', 'lambda-a', '2026-11-16T09:00:00.000Z');
  await answer(db, 'T1', p1, 'U1', 'b', '2026-11-16T09:01:00.000Z');
  await answer(db, 'T1', p1, 'U2', 'c', '2026-11-16T10:00:00.000Z');
  await answer(db, 'T1', p1, 'U3', 'b', '2026-11-22T23:59:59.999Z');
  const p2 = await post(db, 'T1', 'sqs-a', '2026-11-23T09:00:00.000Z');
  await answer(db, 'T1', p2, 'U1', 'a', '2026-11-23T09:05:00.000Z');
  await answer(db, 'T1', p2, 'U2', 'b', '2026-11-23T09:06:00.000Z');
  const p3 = await post(db, 'T2', 'lambda-a', '2026-11-23T09:00:00.000Z');
  await answer(db, 'T2', p3, 'U1', 'd', '2026-11-23T09:07:00.000Z');
  return db;
}

describe('sqlite stats store', () => {
  it('sums people, answers, correct answers and posts per range, [start, end)', async () => {
    const store = sqliteStatsStore(await seeded());
    const weeks = [
      { start: '2026-11-16T00:00:00.000Z', end: '2026-11-23T00:00:00.000Z' },
      { start: '2026-11-23T00:00:00.000Z', end: '2026-11-30T00:00:00.000Z' },
      { start: '2026-11-30T00:00:00.000Z', end: '2026-12-07T00:00:00.000Z' },
    ];
    expect(await store.activity('T1', weeks)).toEqual([
      { ...weeks[0], people: 3, answers: 3, correct: 2, posts: 1 },
      { ...weeks[1], people: 2, answers: 2, correct: 1, posts: 1 },
      { ...weeks[2], people: 0, answers: 0, correct: 0, posts: 0 },
    ]);
  });

  it('totals picks per question and choice, for a team or for all, since a time', async () => {
    const store = sqliteStatsStore(await seeded());
    expect(await store.choiceTotals({ teamId: 'T1' })).toEqual([
      { questionId: 'lambda-a', topic: 'lambda', choice: 'b', picks: 2, correct: 2 },
      { questionId: 'lambda-a', topic: 'lambda', choice: 'c', picks: 1, correct: 0 },
      { questionId: 'sqs-a', topic: 'sqs', choice: 'a', picks: 1, correct: 0 },
      { questionId: 'sqs-a', topic: 'sqs', choice: 'b', picks: 1, correct: 1 },
    ]);
    expect((await store.choiceTotals({})).filter((t) => t.choice === 'd')).toEqual([
      { questionId: 'lambda-a', topic: 'lambda', choice: 'd', picks: 1, correct: 0 },
    ]);
    expect(await store.choiceTotals({ teamId: 'T1', since: '2026-11-23T00:00:00.000Z' })).toHaveLength(2);
  });

  it('lists responses oldest first, with the workspace, as booleans', async () => {
    const store = sqliteStatsStore(await seeded());
    const all = await store.responses({});
    expect(all).toHaveLength(6);
    expect(all.at(-1)).toEqual({ teamId: 'T2', userId: 'U1', questionId: 'lambda-a', isCorrect: false });
    expect((await store.responses({ teamId: 'T1' })).map((r) => [r.userId, r.questionId, r.isCorrect])).toEqual([
      ['U1', 'lambda-a', true],
      ['U2', 'lambda-a', false],
      ['U3', 'lambda-a', true],
      ['U1', 'sqs-a', false],
      ['U2', 'sqs-a', true],
    ]);
  });
});

describe('sqlite data store: forget', () => {
  it('forgets a person in every workspace when no team is given', async () => {
    const db = await seeded();
    const report = await sqliteDataStore(db).forget('U1');
    expect(report).toMatchObject({ userId: 'U1', teams: ['T1', 'T2'], answers: 3, postsRecounted: 3, standings: 2 });
    // U1's answers fell in two UTC weeks and one month in T1, one week and month in T2.
    expect(report.periodTotals).toBe(5);
    expect((await sqliteStatsStore(db).responses({})).map((r) => r.userId)).toEqual(['U2', 'U3', 'U2']);
    const counts = db.prepare('SELECT question_id, answer_count, correct_count FROM posts ORDER BY id').all();
    expect(counts).toEqual([
      { question_id: 'lambda-a', answer_count: 2, correct_count: 1 },
      { question_id: 'sqs-a', answer_count: 1, correct_count: 1 },
      { question_id: 'lambda-a', answer_count: 0, correct_count: 0 },
    ]);
  });

  it('keeps to the workspace it is given', async () => {
    const db = await seeded();
    expect((await sqliteDataStore(db).forget('U1', 'T2')).answers).toBe(1);
    expect((await sqliteStatsStore(db).responses({ teamId: 'T1' })).filter((r) => r.userId === 'U1')).toHaveLength(2);
  });

  it('changes nothing when any step fails: one transaction', async () => {
    const db = await seeded();
    db.prepare(
      "INSERT INTO shares (team_id, user_id, card_id, source_ts, created_at) VALUES ('T1', 'U1', 'c', '1.1', 'x')",
    ).run();
    // A fault in the middle of the deletes (shares go after answers, totals and practice).
    db.exec("CREATE TRIGGER fail_shares BEFORE DELETE ON shares BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");
    const before = db.prepare('SELECT COUNT(*) AS n FROM answers').get();
    const totals = db.prepare('SELECT * FROM period_totals ORDER BY 1, 2, 3, 4').all();
    await expect(sqliteDataStore(db).forget('U1', 'T1')).rejects.toThrow(/disk on fire/);
    expect(db.prepare('SELECT COUNT(*) AS n FROM answers').get()).toEqual(before);
    expect(db.prepare('SELECT * FROM period_totals ORDER BY 1, 2, 3, 4').all()).toEqual(totals);
    expect(db.prepare('SELECT SUM(answer_count) AS n FROM posts').get()).toEqual({ n: 6 });
  });
});
