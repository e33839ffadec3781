import { describe, expect, it } from 'vitest';
import { fakeBank } from '../../test/support/content-fixtures.ts';
import { type Bank, makeBank, type Question } from '../content/bank.ts';
import { migrate } from '../db/migrate.ts';
import { type Db, openDatabase } from '../db/open.ts';
import { sqlitePracticeStore } from '../db/sqlite-practice-store.ts';
import { sqliteStores } from '../db/sqlite-stores.ts';
import { PracticeService } from './practice.ts';

const DAY = 86_400_000;

/** fakeBank's questions with what practice shows: a reason per wrong choice and exam domains. */
function practiceBank(topics: string[], perTopic: number): Bank {
  const base = fakeBank(topics, perTopic);
  const exams: Record<string, string[]> = { lambda: ['DVA-C02/1'], ecs: ['SAA-C03/2'] };
  return makeBank(
    base.topics.map((t) => ({
      ...t,
      questions: t.questions.map(
        (q): Question => ({ ...q, why: { b: `No: ${q.id} is a yes.` }, exams: exams[t.topic] ?? ['DVA-C02/4'] }),
      ),
    })),
    'practice',
  );
}

function setup(o: { bank?: Bank; db?: Db } = {}) {
  const db = o.db ?? openDatabase(':memory:');
  if (!o.db) migrate(db);
  const clock = { now: new Date('2026-03-02T09:00:00Z') };
  const bank = o.bank ?? practiceBank(['lambda', 'ecs', 'sqs'], 4);
  const service = new PracticeService({
    store: sqlitePracticeStore(db),
    bank: () => bank,
    now: () => clock.now,
    random: () => 0,
  });
  const count = (sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { n: number }).n;
  const reviews = (teamId = 'T1', userId = 'U1') =>
    count('SELECT COUNT(*) AS n FROM practice_reviews WHERE team_id = ? AND user_id = ?', teamId, userId);
  const stores = sqliteStores(db);
  let slots = 0;
  /** A daily post of the question and the person's click on it ('a' is right), stored as the click path stores it. */
  const daily = async (teamId: string, userId: string, questionId: string, isCorrect: boolean) => {
    const q = bank.questionById.get(questionId);
    if (!q) throw new Error(`no question ${questionId}`);
    const slot = `2026-03-02T09:00:00.${String(++slots).padStart(3, '0')}Z`;
    const made = await stores.posts.createForSlot(
      { teamId, channelId: 'C1', slot, question: { ...q, topicTitle: q.topic } },
      clock.now,
    );
    await stores.posts.markPosted(made.id, `${slots}.1`, clock.now, new Date(clock.now.getTime() + DAY));
    const answer = { teamId, postId: made.id, userId, choice: isCorrect ? 'a' : 'b' };
    const [stored] = await stores.answers.recordAll([{ answer, at: clock.now }]);
    if (!stored?.ok) throw new Error(`the daily answer to ${questionId} was not stored`);
  };
  return { db, clock, bank, service, count, reviews, daily };
}

async function started(s: ReturnType<typeof setup>, userId = 'U1', teamId = 'T1', size?: number) {
  const r = await s.service.start(teamId, userId, size === undefined ? {} : { size });
  if (r.kind !== 'question') throw new Error(`expected a question, got ${r.kind}`);
  return r;
}

describe('PracticeService', () => {
  it('runs a session: grades, explains wrong picks, says when it comes back, never repeats, sums up', async () => {
    const s = setup();
    const { session, question } = await started(s);
    expect(session.size).toBe(5);
    const wrong = await s.service.answer('T1', 'U1', session.id, question.id, 'b');
    expect(wrong).toMatchObject({
      kind: 'graded',
      isCorrect: false,
      why: [{ key: 'b', text: 'no', why: `No: ${question.id} is a yes.` }],
      nextReview: 'again today',
      progress: { asked: 1, correct: 0, size: 5 },
      isLast: false,
    });
    const seen = [question.id];
    let last: Awaited<ReturnType<typeof s.service.answer>> = wrong;
    for (let i = 1; i < 5; i++) {
      s.clock.now = new Date(s.clock.now.getTime() + 30_000);
      const next = await s.service.next('T1', 'U1', session.id);
      if (next.kind !== 'question') throw new Error(next.kind);
      expect(seen).not.toContain(next.question.id);
      seen.push(next.question.id);
      last = await s.service.answer('T1', 'U1', session.id, next.question.id, 'a');
      expect(last).toMatchObject({ kind: 'graded', isCorrect: true, why: [], nextReview: 'again today' });
    }
    expect(last).toMatchObject({ isLast: true, progress: { asked: 5, correct: 4 } });
    if (last.kind !== 'graded') throw new Error(last.kind);
    expect(last.summary?.text).toBe('4 of 5 right · 5 reviews due this week');
    expect(await s.service.next('T1', 'U1', session.id)).toMatchObject({ kind: 'done', summary: { right: 4, asked: 5 } });
    expect(s.reviews()).toBe(5);
  });

  it('shows the unanswered question again on a second "Next", skipping nothing', async () => {
    const s = setup();
    const { session, question } = await started(s);
    const again = await s.service.next('T1', 'U1', session.id);
    expect(again).toMatchObject({ kind: 'question', question: { id: question.id } });
    await s.service.answer('T1', 'U1', session.id, question.id, 'a');
    const [n1, n2] = await Promise.all([s.service.next('T1', 'U1', session.id), s.service.next('T1', 'U1', session.id)]);
    if (n1.kind !== 'question' || n2.kind !== 'question') throw new Error('expected questions');
    expect(n1.question.id).toBe(n2.question.id);
    expect(n1.question.id).not.toBe(question.id);
  });

  it('scores nothing for a tampered or stale question id, another person’s session or a forged choice', async () => {
    const s = setup();
    const { session, question } = await started(s);
    const other = s.bank.questions.find((q) => q.id !== question.id);
    if (!other) throw new Error('bank too small');
    expect(await s.service.answer('T1', 'U1', session.id, other.id, 'a')).toEqual({ kind: 'stale' });
    expect(await s.service.answer('T1', 'U1', session.id, 'no-such-question', 'a')).toEqual({ kind: 'stale' });
    expect(await s.service.answer('T1', 'U2', session.id, question.id, 'a')).toEqual({ kind: 'not_found' });
    expect(await s.service.answer('T2', 'U1', session.id, question.id, 'a')).toEqual({ kind: 'not_found' });
    expect(await s.service.answer('T1', 'U1', session.id + 99, question.id, 'a')).toEqual({ kind: 'not_found' });
    for (const forged of ['z', 'a,b', '', 'A']) {
      expect(await s.service.answer('T1', 'U1', session.id, question.id, forged)).toEqual({ kind: 'invalid_choice' });
    }
    expect(s.count('SELECT COUNT(*) AS n FROM practice_reviews')).toBe(0);
    expect(s.count('SELECT COUNT(*) AS n FROM practice_cards')).toBe(0);
    expect((await s.service.answer('T1', 'U1', session.id, question.id, 'a')).kind).toBe('graded');

    // An old session's button goes stale once a new session starts.
    const { session: newer } = await started(s);
    expect(newer.id).not.toBe(session.id);
    const next = await s.service.next('T1', 'U1', session.id);
    expect(next.kind).toBe('done');
  });

  it('stores a replayed answer once', async () => {
    const s = setup();
    const { session, question } = await started(s);
    const first = await s.service.answer('T1', 'U1', session.id, question.id, 'a');
    expect(first.kind).toBe('graded');
    expect(await s.service.answer('T1', 'U1', session.id, question.id, 'a')).toEqual({ kind: 'duplicate' });
    expect(await s.service.answer('T1', 'U1', session.id, question.id, 'b')).toEqual({ kind: 'duplicate' });
    await s.service.next('T1', 'U1', session.id);
    // Still a duplicate once the session has moved on, not a stale click.
    expect(await s.service.answer('T1', 'U1', session.id, question.id, 'a')).toEqual({ kind: 'duplicate' });
    expect(s.reviews()).toBe(1);
    expect(s.count('SELECT reps AS n FROM practice_cards WHERE question_id = ?', question.id)).toBe(1);
    expect(s.count('SELECT asked AS n FROM practice_sessions WHERE id = ?', session.id)).toBe(1);
  });

  it('stores exactly one review each for a burst of 100 people clicking twice at once', async () => {
    const s = setup();
    const people = Array.from({ length: 100 }, (_, i) => `U${i}`);
    const sessions = await Promise.all(people.map((u) => started(s, u)));
    const clicks = sessions.flatMap(({ session, question }) => [
      s.service.answer('T1', session.userId, session.id, question.id, 'a'),
      s.service.answer('T1', session.userId, session.id, question.id, 'a'),
    ]);
    const results = await Promise.all(clicks);
    expect(results.filter((r) => r.kind === 'graded')).toHaveLength(100);
    expect(results.filter((r) => r.kind === 'duplicate')).toHaveLength(100);
    expect(s.count('SELECT COUNT(*) AS n FROM practice_reviews')).toBe(100);
    expect(s.count('SELECT COUNT(DISTINCT user_id) AS n FROM practice_reviews')).toBe(100);
    expect(s.count('SELECT COUNT(*) AS n FROM practice_cards WHERE reps = 1')).toBe(100);
  });

  it('counts each daily answer once per post as a review of its question, when practice is next read', async () => {
    const s = setup();
    await s.daily('T1', 'U1', 'lambda-1', true);
    expect(s.reviews('T1', 'U1')).toBe(0);
    await s.service.dashboard('T1', 'U1');
    await s.service.dashboard('T1', 'U1');
    expect(s.reviews('T1', 'U1')).toBe(1);
    await s.daily('T1', 'U2', 'lambda-1', true);
    await Promise.all(Array.from({ length: 5 }, () => s.service.dashboard('T1', 'U2')));
    expect(s.reviews('T1', 'U2')).toBe(1);
    expect(s.count("SELECT reps AS n FROM practice_cards WHERE user_id = 'U1' AND question_id = 'lambda-1'")).toBe(1);
    // The same question in another post is another review; making reviews never touches points.
    s.clock.now = new Date(s.clock.now.getTime() + 3 * DAY);
    await s.daily('T1', 'U1', 'lambda-1', false);
    const points = () => s.count("SELECT SUM(points) AS n FROM user_stats WHERE user_id = 'U1'");
    const before = points();
    expect(await s.service.dashboard('T1', 'U1')).toMatchObject({ dueToday: 1 });
    expect(s.reviews('T1', 'U1')).toBe(2);
    expect(s.count("SELECT misses AS n FROM practice_cards WHERE user_id = 'U1' AND question_id = 'lambda-1'")).toBe(1);
    expect(points()).toBe(before);
  });

  it('deletes only that person’s practice history', async () => {
    const s = setup();
    for (const [team, user] of [
      ['T1', 'U1'],
      ['T1', 'U2'],
      ['T2', 'U1'],
    ] as const) {
      const { session, question } = await started(s, user, team);
      await s.service.answer(team, user, session.id, question.id, 'a');
      await s.daily(team, user, 'ecs-1', true);
      await s.service.dashboard(team, user);
    }
    expect(await s.service.reset('T1', 'U1')).toEqual({ cards: 2, reviews: 2, sessions: 1 });
    expect(s.reviews('T1', 'U1')).toBe(0);
    expect(s.count("SELECT COUNT(*) AS n FROM practice_sessions WHERE team_id = 'T1' AND user_id = 'U1'")).toBe(0);
    expect(s.reviews('T1', 'U2')).toBe(2);
    expect(s.reviews('T2', 'U1')).toBe(2);
    expect(s.count('SELECT COUNT(*) AS n FROM practice_cards')).toBe(4);
    expect(s.count('SELECT COUNT(*) AS n FROM practice_sessions')).toBe(2);
    expect(await s.service.dashboard('T1', 'U1')).toMatchObject({ dueToday: 0, dueWeek: 0, mastered: 0 });
  });

  it('keeps to a topic or exam, and says which exist when one is unknown', async () => {
    const s = setup();
    const lambda = await s.service.start('T1', 'U1', { topic: 'Lambda' });
    expect(lambda).toMatchObject({ kind: 'question', question: { topic: 'lambda' }, session: { topic: 'lambda' } });
    expect(await s.service.start('T1', 'U1', { topic: 'cobol' })).toEqual({
      kind: 'unknown_topic',
      topics: ['lambda', 'ecs', 'sqs'],
    });
    expect(await s.service.start('T1', 'U1', { exam: 'saa-c03' })).toMatchObject({ question: { topic: 'ecs' } });
    expect(await s.service.start('T1', 'U1', { exam: 'DVA-C02/4' })).toMatchObject({ question: { topic: 'sqs' } });
    expect(await s.service.start('T1', 'U1', { exam: 'AZ-900' })).toEqual({
      kind: 'unknown_exam',
      exams: ['DVA-C02', 'SAA-C03'],
    });
  });

  it('ends early when nothing is left, and says nothing is left', async () => {
    const s = setup({ bank: practiceBank(['lambda'], 2) });
    const { session, question } = await started(s);
    await s.service.answer('T1', 'U1', session.id, question.id, 'a');
    const next = await s.service.next('T1', 'U1', session.id);
    if (next.kind !== 'question') throw new Error(next.kind);
    const last = await s.service.answer('T1', 'U1', session.id, next.question.id, 'a');
    expect(last).toMatchObject({ kind: 'graded', isLast: true, summary: { text: '2 of 2 right · 2 reviews due this week' } });
    expect(await s.service.start('T1', 'U1')).toEqual({ kind: 'nothing_left' });
    s.clock.now = new Date(s.clock.now.getTime() + DAY);
    expect((await s.service.start('T1', 'U1')).kind).toBe('question');
  });

  it('shows due counts, mastered questions and the three weakest topics', async () => {
    const s = setup({ bank: practiceBank(['lambda', 'ecs', 'sqs', 'sns', 'iam'], 2) });
    const answers: Record<string, boolean[]> = {
      lambda: [true, true],
      ecs: [false, false],
      sqs: [true, false],
      sns: [false, true],
    };
    for (const [topic, results] of Object.entries(answers)) {
      for (const [i, isCorrect] of results.entries()) {
        await s.daily('T1', 'U1', `${topic}-${i + 1}`, isCorrect);
      }
    }
    const d = await s.service.dashboard('T1', 'U1');
    expect(d).toMatchObject({ dueToday: 8, dueWeek: 8, mastered: 0 });
    const byTopic = Object.fromEntries(d.accuracyByTopic.map((r) => [r.topic, r]));
    expect(byTopic.ecs).toMatchObject({ accuracy: 0, isWeak: true });
    expect(byTopic.sqs).toMatchObject({ accuracy: 0.5, isWeak: true });
    expect(byTopic.sns).toMatchObject({ accuracy: 0.5, isWeak: true });
    expect(byTopic.lambda).toMatchObject({ accuracy: 1, isWeak: false });
    expect(byTopic.iam).toMatchObject({ accuracy: null, seen: 0, isWeak: false });
  });

  it('holds to the daily review cap, offering new questions instead', async () => {
    const s = setup({ bank: practiceBank(['lambda', 'ecs'], 30) });
    for (let i = 1; i <= 20; i++) await s.daily('T1', 'U1', `lambda-${i}`, true);
    // All 20 are due again within minutes; 20 reviews today is the cap, so a new question comes.
    s.clock.now = new Date(s.clock.now.getTime() + 15 * 60_000);
    const r = await s.service.start('T1', 'U1', { topic: 'lambda' });
    expect(r).toMatchObject({ kind: 'question' });
    if (r.kind !== 'question') return;
    expect(Number(r.question.id.split('-')[1])).toBeGreaterThan(20);
    s.clock.now = new Date(s.clock.now.getTime() + DAY);
    const tomorrow = await s.service.start('T1', 'U1', { topic: 'lambda' });
    expect(tomorrow).toMatchObject({ question: { id: 'lambda-1' } });
  });

  it('never joins a transaction the other stores hold open on the same connection', async () => {
    const s = setup();
    const { session, question } = await started(s);
    const stores = sqliteStores(s.db);
    let answered: Promise<unknown> | undefined;
    await expect(
      stores.transaction(async () => {
        answered = s.service.answer('T1', 'U1', session.id, question.id, 'a');
        await new Promise((resolve) => setTimeout(resolve, 5));
        throw new Error('roll back the outer work');
      }),
    ).rejects.toThrow('roll back');
    expect(await answered).toMatchObject({ kind: 'graded' });
    expect(s.reviews()).toBe(1);
  });
});
