import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeQuestion } from '../../test/support/content-fixtures.ts';
import type { AnswerOutcome } from '../quiz/model.ts';
import { AnswerRecorder } from '../services/answers.ts';
import { recordAnswer } from './answers.ts';
import { migrate } from './migrate.ts';
import { type Db, openDatabase } from './open.ts';
import { createPostForSlot, markPosted } from './posts.ts';
import { sqliteStores } from './sqlite-stores.ts';

const TEAM = 'T0REC';
const NOW = new Date('2026-11-23T10:00:00Z');
const dirs: string[] = [];
const dbs: Db[] = [];

afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A database file (WAL, as the app runs) with one live question whose answer is "a". */
function setup(): { db: Db; postId: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-answers-'));
  dirs.push(dir);
  const db = openDatabase(path.join(dir, 'tutor.db'));
  dbs.push(db);
  migrate(db);
  const question = { ...fakeQuestion('lambda-1', 'lambda'), topicTitle: 'Lambda' };
  const post = createPostForSlot(db, { teamId: TEAM, channelId: 'C0REC', slot: 'manual:1', question }, NOW);
  markPosted(db, post.id, '1700000000.000100', NOW, new Date(NOW.getTime() + 86_400_000));
  return { db, postId: post.id };
}

/** Frames in the write-ahead log since the last checkpoint: one per page per commit. */
function walFrames(db: Db): number {
  const [row] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
  return row?.log ?? Number.NaN;
}

const count = (db: Db, sql: string, ...args: unknown[]) => (db.prepare(sql).get(...args) as { n: number }).n;

describe('AnswerRecorder', () => {
  it('stores clicks that arrive together with one commit, and settles each only once it is stored', async () => {
    const { db, postId } = setup();
    const clicks = Array.from({ length: 40 }, (_, i) => ({ teamId: TEAM, postId, userId: `U${i}`, choice: i % 2 ? 'b' : 'a' }));

    // One by one: a commit per click.
    db.pragma('wal_checkpoint(TRUNCATE)');
    for (const c of clicks.slice(0, 20)) recordAnswer(db, c, NOW);
    const framesOneByOne = walFrames(db);

    db.pragma('wal_checkpoint(TRUNCATE)');
    const recorder = new AnswerRecorder(sqliteStores(db).answers);
    const pending = clicks.slice(20).map((c) => recorder.record(c, NOW));
    // Nothing is written until the turn of the event loop ends and the group commits.
    expect(count(db, 'SELECT COUNT(*) AS n FROM answers')).toBe(20);
    const outcomes = await Promise.all(pending);
    const framesTogether = walFrames(db);

    expect(outcomes.map((o) => o.kind)).toEqual(Array(20).fill('graded'));
    expect(count(db, 'SELECT COUNT(*) AS n FROM answers WHERE post_id = ?', postId)).toBe(40);
    expect(count(db, 'SELECT answer_count AS n FROM posts WHERE id = ?', postId)).toBe(40);
    expect(framesTogether).toBeGreaterThan(0);
    expect(framesTogether * 5).toBeLessThan(framesOneByOne);
  });

  it('grades in arrival order within a group: a second click by the same person is a duplicate', async () => {
    const { db, postId } = setup();
    const recorder = new AnswerRecorder(sqliteStores(db).answers);
    const [first, second, other] = await Promise.all([
      recorder.record({ teamId: TEAM, postId, userId: 'U0ANN', choice: 'a' }, NOW),
      recorder.record({ teamId: TEAM, postId, userId: 'U0ANN', choice: 'b' }, NOW),
      recorder.record({ teamId: TEAM, postId, userId: 'U0BOB', choice: 'b' }, NOW),
    ]);
    expect(first).toMatchObject({ kind: 'graded', isCorrect: true, points: 1, streak: 1 });
    expect(second).toMatchObject({ kind: 'duplicate', firstChoice: 'a' });
    expect(other).toMatchObject({ kind: 'graded', isCorrect: false, points: 0 });
    // Each outcome carries the post's counts as they stood after that click.
    expect((first as Extract<AnswerOutcome, { kind: 'graded' }>).post.answerCount).toBe(1);
    expect((other as Extract<AnswerOutcome, { kind: 'graded' }>).post.answerCount).toBe(2);
  });

  it('splits a group that fails and retries it click by click: one click failing never fails the others', async () => {
    const { db, postId } = setup();
    // A stand-in for a failure that belongs to one click only.
    db.exec(`CREATE TEMP TRIGGER refuse_one BEFORE INSERT ON answers WHEN NEW.user_id = 'U0BAD'
             BEGIN SELECT RAISE(ABORT, 'refused for the test'); END`);
    const recorder = new AnswerRecorder(sqliteStores(db).answers);
    const users = ['U0A', 'U0B', 'U0BAD', 'U0C'];
    const settled = await Promise.allSettled(
      users.map((u) => recorder.record({ teamId: TEAM, postId, userId: u, choice: 'a' }, NOW)),
    );

    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(String((settled[2] as PromiseRejectedResult).reason)).toMatch(/refused for the test/);
    const stored = db.prepare('SELECT user_id FROM answers WHERE post_id = ? ORDER BY user_id').all(postId);
    expect(stored).toEqual([{ user_id: 'U0A' }, { user_id: 'U0B' }, { user_id: 'U0C' }]);
    expect(count(db, 'SELECT answer_count AS n FROM posts WHERE id = ?', postId)).toBe(3);
    expect(count(db, 'SELECT COALESCE(SUM(points), 0) AS n FROM user_stats')).toBe(3);
  });

  it('fails the whole group at once when the database itself is unavailable (locked by another process)', async () => {
    const { db, postId } = setup();
    db.pragma('busy_timeout = 50');
    const other = openDatabase(db.name);
    dbs.push(other);
    other.prepare('BEGIN IMMEDIATE').run();
    const recorder = new AnswerRecorder(sqliteStores(db).answers);
    const settled = await Promise.allSettled(
      ['U0A', 'U0B', 'U0C'].map((u) => recorder.record({ teamId: TEAM, postId, userId: u, choice: 'a' }, NOW)),
    );
    other.prepare('ROLLBACK').run();
    const reasons = settled.map((s) => (s.status === 'rejected' ? s.reason : undefined));
    expect(reasons[0]).toMatchObject({ code: 'SQLITE_BUSY' });
    // One error for all: nobody was tried again alone, waiting out busy_timeout once more each.
    expect(new Set(reasons).size).toBe(1);
    expect(count(db, 'SELECT COUNT(*) AS n FROM answers')).toBe(0);
  });

  it('commits a burst larger than one group in several turns of the event loop, and loses none of it', async () => {
    const { db, postId } = setup();
    const recorder = new AnswerRecorder(sqliteStores(db).answers, 50);
    const pending = Array.from({ length: 175 }, (_, i) =>
      recorder.record({ teamId: TEAM, postId, userId: `U${i}`, choice: 'a' }, NOW),
    );
    await new Promise((r) => setImmediate(r));
    expect(count(db, 'SELECT COUNT(*) AS n FROM answers')).toBe(50);
    const outcomes = await Promise.all(pending);
    expect(outcomes.every((o) => o.kind === 'graded')).toBe(true);
    expect(count(db, 'SELECT COUNT(*) AS n FROM answers')).toBe(175);
    expect(count(db, 'SELECT correct_count AS n FROM posts WHERE id = ?', postId)).toBe(175);
  });
});
