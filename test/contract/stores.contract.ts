/**
 * The storage contract: the same cases against every backend (sqlite.test.ts, postgres.test.ts).
 * A backend passes when the services could not tell it from another by what they read back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PostedQuestion } from '../../src/quiz/model.ts';
import { type Period, periodRange } from '../../src/quiz/periods.ts';
import { AnswerRecorder } from '../../src/services/answers.ts';
import type { PracticeStore } from '../../src/services/practice-store.ts';
import type { Stores } from '../../src/services/stores.ts';
import { fakeQuestion } from '../support/content-fixtures.ts';

export interface Backend {
  stores: Stores;
  practice: PracticeStore;
  /** Another connection (another process, as far as the database knows) to the same database. */
  other(): Promise<Stores>;
  /** Makes the database refuse every answer of this person, as a fault that belongs to one click. */
  refuseAnswersOf(userId: string): Promise<void>;
  close(): Promise<void>;
}

const TEAM = 'T0CON';
const NOW = new Date('2026-11-23T10:00:00.000Z');
const HOUR = 3_600_000;
const question: PostedQuestion = { ...fakeQuestion('lambda-1', 'lambda'), topicTitle: 'Lambda' };

export function storesContract(name: string, open: () => Promise<Backend>): void {
  describe(`storage contract: ${name}`, () => {
    const opened: Backend[] = [];
    afterEach(async () => {
      while (opened.length) await opened.pop()?.close();
    });
    const backend = async () => {
      const b = await open();
      opened.push(b);
      return b;
    };
    const live = async (s: Stores, channelId: string, slot: string, at = NOW) => {
      const post = await s.posts.createForSlot({ teamId: TEAM, channelId, slot, question }, at);
      return s.posts.markPosted(post.id, `${slot}.1`, at, new Date(at.getTime() + 8 * HOUR));
    };

    it('creates the post of a slot once, whoever asks and however often', async () => {
      const b = await backend();
      const other = await b.other();
      const slot = { teamId: TEAM, channelId: 'C0A', slot: '2026-11-23T09:00:00.000Z', question };
      const made = await Promise.all([
        b.stores.posts.createForSlot(slot, NOW),
        other.posts.createForSlot(slot, NOW),
        b.stores.posts.createForSlot(slot, NOW),
      ]);
      expect(new Set(made.map((p) => p.id)).size).toBe(1);
      expect(made[0]).toEqual({
        id: made[0]?.id,
        teamId: TEAM,
        channelId: 'C0A',
        slot: '2026-11-23T09:00:00.000Z',
        seq: null,
        question,
        state: 'pending',
        messageTs: null,
        attempts: 0,
        leaseUntil: null,
        lastError: null,
        postedAt: null,
        revealDueAt: null,
        answerCount: 0,
        correctCount: 0,
      });
      expect(await b.stores.posts.history(TEAM, 'C0A')).toEqual([{ questionId: 'lambda-1', topic: 'lambda' }]);
      expect(await b.stores.posts.retryable(NOW)).toHaveLength(1);
    });

    it('leases a pending post to one caller at a time, across connections, until the lease runs out', async () => {
      const b = await backend();
      const other = await b.other();
      const post = await b.stores.posts.createForSlot({ teamId: TEAM, channelId: 'C0A', slot: 's1', question }, NOW);
      const until = new Date(NOW.getTime() + 60_000);
      const tries = await Promise.all(
        Array.from({ length: 6 }, (_, i) => (i % 2 ? other : b.stores).posts.lease(post.id, NOW, until)),
      );
      expect(tries.filter(Boolean)).toHaveLength(1);
      expect(await other.posts.lease(post.id, new Date(NOW.getTime() + 59_000), until)).toBe(false);
      await b.stores.posts.recordFailure(post.id, 'ratelimited', new Date(NOW.getTime() + 120_000));
      expect(await b.stores.posts.retryable(new Date(NOW.getTime() + 90_000))).toEqual([]);
      expect(await other.posts.lease(post.id, new Date(NOW.getTime() + 120_000), new Date(NOW.getTime() + 180_000))).toBe(true);
      const leased = await b.stores.posts.get(TEAM, post.id);
      expect(leased).toMatchObject({ attempts: 2, lastError: 'ratelimited', leaseUntil: '2026-11-23T10:03:00.000Z' });
      // Another workspace cannot read it by id.
      expect(await b.stores.posts.get('T0OTHER', post.id)).toBeUndefined();
    });

    it('numbers the posts of each channel from its counter, once each, also when marked live twice', async () => {
      const b = await backend();
      const other = await b.other();
      const seqs = [
        (await live(b.stores, 'C1', 'a')).seq,
        (await live(other, 'C1', 'b')).seq,
        (await live(b.stores, 'C2', 'a')).seq,
      ];
      // Made at once: their ids (and so the order of the lists below) follow arrival.
      const pending = await Promise.all(
        ['c', 'd', 'e', 'f'].map((s) => b.stores.posts.createForSlot({ teamId: TEAM, channelId: 'C1', slot: s, question }, NOW)),
      );
      const together = await Promise.all(
        pending.map((p, i) => (i % 2 ? other : b.stores).posts.markPosted(p.id, `${p.slot}.1`, NOW, NOW)),
      );
      expect(seqs).toEqual([1, 2, 1]);
      expect(together.map((p) => p.seq).sort()).toEqual([3, 4, 5, 6]);
      const first = await b.stores.posts.bySlot(TEAM, 'C1', 'a');
      const again = await other.posts.markPosted(first?.id ?? 0, 'again.1', NOW, NOW);
      expect(again).toMatchObject({
        seq: 1,
        messageTs: 'a.1',
        state: 'posted',
        postedAt: NOW.toISOString(),
        revealDueAt: '2026-11-23T18:00:00.000Z',
      });
      expect((await b.stores.posts.latestInChannel(TEAM, 'C1'))?.id).toBe(Math.max(...pending.map((p) => p.id)));
      expect((await b.stores.posts.openInChannel(TEAM, 'C1', again.id)).map((p) => p.slot).sort()).toEqual([
        'b',
        'c',
        'd',
        'e',
        'f',
      ]);
      expect(await b.stores.posts.close(again.id, NOW)).toBe(true);
      expect(await other.posts.close(again.id, NOW)).toBe(false);
      await b.stores.posts.markRevealShown(again.id, false);
      expect((await b.stores.posts.revealsToRetry()).map((p) => p.id)).toEqual([again.id]);
      expect((await b.stores.posts.dueForReveal(NOW)).map((p) => p.slot).sort()).toEqual(['c', 'd', 'e', 'f']);
    });

    it('stores an answer once, with the post counts, the person’s totals and the period totals', async () => {
      const b = await backend();
      const other = await b.other();
      const post = await live(b.stores, 'C0A', 'once');
      const click = (userId: string, choice: string) => ({ answer: { teamId: TEAM, postId: post.id, userId, choice }, at: NOW });
      const [mine, theirs] = await Promise.all([
        b.stores.answers.recordAll([click('U0ANN', 'a'), click('U0ANN', 'b'), click('U0BOB', 'b')]),
        other.answers.recordAll([click('U0ANN', 'b'), click('U0CAT', 'a')]),
      ]);
      const kinds = [...(mine ?? []), ...(theirs ?? [])].map((r) => (r.ok ? r.outcome.kind : 'error'));
      expect(kinds.filter((k) => k === 'graded')).toHaveLength(3);
      expect(kinds.filter((k) => k === 'duplicate')).toHaveLength(2);
      expect(await b.stores.posts.get(TEAM, post.id)).toMatchObject({ answerCount: 3 });
      const ann = await b.stores.standings.personalRecord(TEAM, 'U0ANN');
      expect(ann.answers).toBe(1);
      expect(await b.stores.standings.personalRecord(TEAM, 'U0BOB')).toEqual({
        points: 0,
        answers: 1,
        correct: 0,
        currentStreak: 0,
        bestStreak: 0,
      });
      expect(await b.stores.standings.personalRecord(TEAM, 'U0CAT')).toEqual({
        points: 1,
        answers: 1,
        correct: 1,
        currentStreak: 1,
        bestStreak: 1,
      });
      const week = await b.stores.standings.leaderboard(TEAM, periodRange('week', NOW, 'UTC'));
      expect(week.map((r) => r.userId).sort()).toEqual(ann.points ? ['U0ANN', 'U0CAT'] : ['U0CAT']);
      // Closed: refused, and a person who answered hears that first.
      await b.stores.posts.close(post.id, NOW);
      const late = await b.stores.answers.recordAll([
        click('U0DAN', 'a'),
        click('U0CAT', 'b'),
        { answer: { teamId: 'T0X', postId: post.id, userId: 'U0E', choice: 'a' }, at: NOW },
      ]);
      expect(late.map((r) => (r.ok ? r.outcome.kind : 'error'))).toEqual(['closed', 'duplicate', 'not_found']);
    });

    it('stores a group of clicks as the same clicks one by one: outcomes, running counts, streaks and totals', async () => {
      const [grouped, single] = [await backend(), await backend()];
      const setUp = async (s: Stores) => [
        await live(s, 'C0G', 'g1', new Date(NOW.getTime() - 48 * HOUR)),
        await live(s, 'C0G', 'g2', new Date(NOW.getTime() - 24 * HOUR)),
        await live(s, 'C0H', 'h1'),
      ];
      const posts = await setUp(grouped.stores);
      expect((await setUp(single.stores)).map((p) => p.id)).toEqual(posts.map((p) => p.id));
      const [g1, g2, h1] = posts.map((p) => p.id) as [number, number, number];
      const clicks = (
        [
          ['U0ANN', g1, 'a'],
          ['U0BOB', g1, 'b'],
          ['U0ANN', g2, 'a'],
          ['U0ANN', g1, 'b'],
          ['U0ANN', h1, 'a'],
          ['U0BOB', g2, 'a'],
          ['U0CAT', g2, 'z'],
          ['U0CAT', 999_999, 'a'],
          ['U0BOB', g2, 'a'],
        ] as const
      ).map(([userId, postId, choice]) => ({ answer: { teamId: TEAM, postId, userId, choice }, at: NOW }));
      const together = await grouped.stores.answers.recordAll(clicks);
      const oneByOne = [];
      for (const c of clicks) oneByOne.push(...(await single.stores.answers.recordAll([c])));
      expect(together).toEqual(oneByOne);
      expect(together.map((r) => (r.ok ? r.outcome.kind : 'error'))).toEqual([
        'graded',
        'graded',
        'graded',
        'duplicate',
        'graded',
        'graded',
        'invalid_choice',
        'not_found',
        'duplicate',
      ]);
      // The running count of each click's post, as its feedback and the live count show it.
      expect(together.map((r) => (r.ok && r.outcome.kind === 'graded' ? r.outcome.post.answerCount : 0))).toEqual([
        1, 2, 1, 0, 1, 2, 0, 0, 0,
      ]);
      for (const s of [grouped, single]) {
        expect(await s.stores.standings.personalRecord(TEAM, 'U0ANN')).toEqual({
          points: 3,
          answers: 3,
          correct: 3,
          currentStreak: 2,
          bestStreak: 2,
        });
      }
      const board = async (s: Backend) => s.stores.standings.leaderboard(TEAM, periodRange('week', NOW, 'UTC'));
      expect(await board(grouped)).toEqual(await board(single));
      expect(await grouped.stores.posts.get(TEAM, g2)).toMatchObject({ answerCount: 2, correctCount: 2 });
    });

    it('keeps one click’s failure its own in a group: the others are stored', async () => {
      const b = await backend();
      const post = await live(b.stores, 'C0A', 'group');
      await b.refuseAnswersOf('U0BAD');
      const recorder = new AnswerRecorder(b.stores.answers);
      const settled = await Promise.allSettled(
        ['U0A', 'U0B', 'U0BAD', 'U0C'].map((u) =>
          recorder.record({ teamId: TEAM, postId: post.id, userId: u, choice: 'a' }, NOW),
        ),
      );
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
      expect(await b.stores.posts.get(TEAM, post.id)).toMatchObject({ answerCount: 3, correctCount: 3 });
      const all = await b.stores.standings.leaderboard(TEAM, periodRange('all', NOW, 'UTC'));
      expect(all).toEqual(['U0A', 'U0B', 'U0C'].map((userId) => ({ userId, points: 1, answers: 1, streak: 1 })));
    });

    it('runs a transaction on one connection: all of it commits, or none of it', async () => {
      const b = await backend();
      await expect(
        b.stores.transaction(async (tx) => {
          await tx.channels.upsert(
            { teamId: TEAM, channelId: 'C0T', schedule: '0 9 * * 1-5', timezone: 'UTC', userId: 'U0ADM' },
            NOW,
          );
          await tx.transaction(async (inner) =>
            inner.posts.createForSlot({ teamId: TEAM, channelId: 'C0T', slot: 'x', question }, NOW),
          );
          expect(await tx.channels.get(TEAM, 'C0T')).toBeDefined();
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      expect(await b.stores.channels.get(TEAM, 'C0T')).toBeUndefined();
      expect(await b.stores.posts.bySlot(TEAM, 'C0T', 'x')).toBeUndefined();
      const made = await b.stores.transaction(async (tx) => {
        await tx.channels.upsert(
          { teamId: TEAM, channelId: 'C0T', schedule: '0 9 * * 1-5', timezone: 'UTC', userId: 'U0ADM' },
          NOW,
        );
        return tx.posts.createForSlot({ teamId: TEAM, channelId: 'C0T', slot: 'x', question }, NOW);
      });
      expect(await b.stores.posts.bySlot(TEAM, 'C0T', 'x')).toEqual(made);
      expect(await b.stores.isHealthy()).toBe(true);
    });

    it('keeps channel settings as SQLite does: seed once, pause, resume afresh, errors', async () => {
      const b = await backend();
      const c = { teamId: TEAM, channelId: 'C0S', schedule: '0 9 * * 1-5', timezone: 'Europe/Berlin' };
      expect(await b.stores.channels.seed(c, NOW)).toBe(true);
      expect(await b.stores.channels.seed({ ...c, schedule: '0 10 * * *' }, NOW)).toBe(false);
      const later = new Date(NOW.getTime() + HOUR);
      expect(await b.stores.channels.setState(TEAM, 'C0S', 'paused', 'U0ADM', later)).toBe(true);
      expect(await b.stores.channels.active()).toEqual([]);
      const resumed = new Date(NOW.getTime() + 2 * HOUR);
      await b.stores.channels.setState(TEAM, 'C0S', 'active', 'U0ADM', resumed);
      await b.stores.channels.recordError(TEAM, 'C0S', 'not_in_channel', resumed);
      expect(await b.stores.channels.active()).toEqual([
        {
          ...c,
          state: 'active',
          startedAt: resumed.toISOString(),
          lastError: 'not_in_channel',
          lastErrorAt: resumed.toISOString(),
          // Seeded from the environment: nobody set it up, and it has the default settings.
          settings: { topics: [], exam: null, difficultyMin: 1, difficultyMax: 3, revealAfterHours: null },
          setBy: null,
          notifiedError: null,
        },
      ]);
      await b.stores.channels.recordError(TEAM, 'C0S', null, resumed);
      expect(await b.stores.channels.get(TEAM, 'C0S')).toMatchObject({ lastError: null, lastErrorAt: null });
      expect(await b.stores.channels.setState(TEAM, 'C0NONE', 'off', 'U0ADM', NOW)).toBe(false);
      expect(await b.stores.shares.record({ teamId: TEAM, userId: 'U0A', cardId: 'lambda', sourceTs: '1.2' }, NOW)).toBe(true);
      expect(await b.stores.shares.record({ teamId: TEAM, userId: 'U0A', cardId: 'lambda', sourceTs: '1.2' }, NOW)).toBe(false);
    });

    it.each(['UTC', 'America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Kiritimati'])(
      'ranks week, month and all time as the answers say, in %s',
      async (zone) => {
        const b = await backend();
        // A post every 9 hours over ~40 days; answers near every hour, so some fall on each zone's boundaries.
        const answers: { userId: string; at: Date; correct: boolean }[] = [];
        const start = Date.parse('2026-10-25T00:00:00.000Z');
        for (let i = 0; i < 100; i++) {
          const at = new Date(start + i * 9 * HOUR + (i % 7) * 11 * 60_000);
          const post = await live(b.stores, 'C0L', `p${i}`, at);
          const batch = ['U1', 'U2', 'U3', 'U4']
            .filter((_, u) => (i + u) % 3 !== 0)
            .map((userId, u) => ({
              answer: { teamId: TEAM, postId: post.id, userId, choice: (i * (u + 1)) % 4 === 0 ? 'b' : 'a' },
              at,
            }));
          await b.stores.answers.recordAll(batch);
          for (const c of batch) answers.push({ userId: c.answer.userId, at, correct: c.answer.choice === 'a' });
          await b.stores.posts.close(post.id, at);
        }
        const now = new Date('2026-11-30T20:00:00.000Z');
        for (const period of ['week', 'month', 'all'] as Period[]) {
          const range = periodRange(period, now, zone);
          const expected = new Map<string, { points: number; answers: number }>();
          for (const a of answers) {
            const iso = a.at.toISOString();
            if (range.start && range.end && (iso < range.start || iso >= range.end)) continue;
            const row = expected.get(a.userId) ?? { points: 0, answers: 0 };
            expected.set(a.userId, { points: row.points + (a.correct ? 1 : 0), answers: row.answers + 1 });
          }
          const want = [...expected]
            .map(([userId, r]) => ({ userId, ...r }))
            .filter((r) => r.points > 0)
            .sort((x, y) => y.points - x.points || x.answers - y.answers || (x.userId < y.userId ? -1 : 1));
          const got = await b.stores.standings.leaderboard(TEAM, range, 10);
          expect(got.map(({ userId, points, answers: n }) => ({ userId, points, answers: n }))).toEqual(want);
        }
        const record = await b.stores.standings.personalRecord(TEAM, 'U1');
        const mine = answers.filter((a) => a.userId === 'U1');
        expect(record).toMatchObject({ answers: mine.length, points: mine.filter((a) => a.correct).length });
      },
    );

    it('stores practice: a session, its answer once, stale buttons, daily reviews once, and forgetting', async () => {
      const b = await backend();
      const p = b.practice;
      const session = await p.createSession(
        { teamId: TEAM, userId: 'U0P', topic: 'lambda', exam: null, size: 2, questionId: 'q1' },
        NOW,
      );
      expect(session).toMatchObject({
        teamId: TEAM,
        userId: 'U0P',
        topic: 'lambda',
        exam: null,
        size: 2,
        asked: 0,
        correct: 0,
        currentQuestionId: 'q1',
        state: 'open',
        createdAt: NOW,
        updatedAt: NOW,
      });
      const answer = { teamId: TEAM, userId: 'U0P', sessionId: session.id, questionId: 'q1', choice: 'a', isCorrect: true };
      const [first, second] = await Promise.all([p.recordPracticeAnswer(answer, NOW), p.recordPracticeAnswer(answer, NOW)]);
      expect([first.kind, second.kind].sort()).toEqual(['duplicate', 'recorded']);
      const recorded = (first.kind === 'recorded' ? first : second) as Extract<typeof first, { kind: 'recorded' }>;
      expect(recorded.session).toMatchObject({ asked: 1, correct: 1, state: 'open' });
      expect(await p.recordPracticeAnswer({ ...answer, questionId: 'q9' }, NOW)).toMatchObject({ kind: 'stale' });
      expect(await p.recordPracticeAnswer({ ...answer, userId: 'U0OTHER' }, NOW)).toEqual({ kind: 'not_found' });
      expect(await p.moveSession(TEAM, 'U0P', session.id, 'q9', 'q2', NOW)).toBe(false);
      expect(await p.moveSession(TEAM, 'U0P', session.id, 'q1', 'q2', NOW)).toBe(true);
      expect(await p.answeredInSession(TEAM, 'U0P', session.id)).toEqual(['q1']);
      const cards = await p.cards(TEAM, 'U0P');
      expect([...cards.keys()]).toEqual(['q1']);
      expect(cards.get('q1')).toEqual(recorded.card);
      await p.finishSession(TEAM, 'U0P', session.id, NOW);
      expect((await p.getSession(TEAM, 'U0P', session.id))?.state).toBe('done');
      // A new session ends the open one.
      const s2 = await p.createSession(
        { teamId: TEAM, userId: 'U0P', topic: null, exam: 'DVA-C02', size: 5, questionId: 'q3' },
        NOW,
      );
      const s3 = await p.createSession({ teamId: TEAM, userId: 'U0P', topic: null, exam: null, size: 5, questionId: 'q4' }, NOW);
      expect((await p.getSession(TEAM, 'U0P', s2.id))?.state).toBe('done');
      expect(s3.id).toBeGreaterThan(s2.id);
      const daily = await live(b.stores, 'C0P', 'p1');
      await b.stores.answers.recordAll([{ answer: { teamId: TEAM, postId: daily.id, userId: 'U0P', choice: 'b' }, at: NOW }]);
      expect(await p.importDailyReviews(TEAM, 'U0P')).toBe(1);
      expect(await p.importDailyReviews(TEAM, 'U0P')).toBe(0);
      expect(await p.reviewsSince(TEAM, 'U0P', NOW)).toBe(2);
      expect(await p.reviewsSince(TEAM, 'U0P', new Date(NOW.getTime() + 1))).toBe(0);
      expect(await p.deleteHistory(TEAM, 'U0P', NOW)).toEqual({ cards: 2, reviews: 2, sessions: 3 });
      expect((await p.cards(TEAM, 'U0P')).size).toBe(0);
    });

    it('turns daily answers into reviews once, at the time they were given', async () => {
      const b = await backend();
      const post = await live(b.stores, 'C0D', 'd1');
      const later = await live(b.stores, 'C0D', 'd2', new Date(NOW.getTime() + HOUR));
      await b.stores.answers.recordAll([
        { answer: { teamId: TEAM, postId: later.id, userId: 'U0D', choice: 'b' }, at: new Date(NOW.getTime() + 2 * HOUR) },
        { answer: { teamId: TEAM, postId: post.id, userId: 'U0D', choice: 'a' }, at: NOW },
      ]);
      expect(await b.practice.importDailyReviews(TEAM, 'U0D')).toBe(2);
      expect(await b.practice.importDailyReviews(TEAM, 'U0D')).toBe(0);
      const card = (await b.practice.cards(TEAM, 'U0D')).get('lambda-1');
      expect(card).toMatchObject({ reps: 2, misses: 1, lastReview: new Date(NOW.getTime() + 2 * HOUR) });
    });

    it('keeps the daily answers given before a reset from coming back as reviews, and counts those after it', async () => {
      const b = await backend();
      const answer = async (slot: string, userId: string, at: Date) => {
        const post = await live(b.stores, 'C0R', slot, at);
        await b.stores.answers.recordAll([{ answer: { teamId: TEAM, postId: post.id, userId, choice: 'a' }, at }]);
      };
      await answer('r1', 'U0R', NOW);
      await answer('n1', 'U0N', NOW);
      await b.practice.saveSettings(TEAM, 'U0R', { sessionSize: 7 }, NOW);
      // U0R's answer was made a review before the reset; U0N's never was.
      expect(await b.practice.importDailyReviews(TEAM, 'U0R')).toBe(1);
      const reset = new Date(NOW.getTime() + HOUR);
      expect(await b.practice.deleteHistory(TEAM, 'U0R', reset)).toEqual({ cards: 1, reviews: 1, sessions: 0 });
      expect(await b.practice.deleteHistory(TEAM, 'U0N', reset)).toEqual({ cards: 0, reviews: 0, sessions: 0 });
      for (const user of ['U0R', 'U0N']) {
        expect(await b.practice.importDailyReviews(TEAM, user)).toBe(0);
        expect((await b.practice.cards(TEAM, user)).size).toBe(0);
      }
      // The reset leaves the person's settings as they were.
      expect(await b.practice.settings(TEAM, 'U0R')).toMatchObject({ sessionSize: 7, remindAt: null });
      await answer('r2', 'U0R', new Date(reset.getTime() + HOUR));
      expect(await b.practice.importDailyReviews(TEAM, 'U0R')).toBe(1);
      expect([...(await b.practice.cards(TEAM, 'U0R')).keys()]).toEqual(['lambda-1']);
    });
  });
}
