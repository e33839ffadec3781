/**
 * The storage contract of the feature stores (reports, recaps, installations, team stats, channel
 * settings): the same cases against every backend (sqlite.test.ts, postgres.test.ts), so the
 * services cannot tell SQLite from PostgreSQL by what they read back.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { TokenDecryptionError } from '../../src/db/token-crypto.ts';
import type { PostedQuestion } from '../../src/quiz/model.ts';
import type { StorageKit } from '../../src/runtime/storage.ts';
import type { WorkspaceInstallation } from '../../src/services/installation-store.ts';
import { fakeQuestion } from '../support/content-fixtures.ts';

export interface FeatureBackend {
  kit: StorageKit;
  /** The same database through another connection (another process, as far as the database knows). */
  otherKit(): Promise<StorageKit>;
  /** Rows of a statement with `?` placeholders, read straight from the database. */
  read(sql: string, values?: unknown[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

const TEAM = 'T0FEA';
const NOW = new Date('2026-11-23T10:00:00.000Z');
const HOUR = 3_600_000;
const later = (hours: number) => new Date(NOW.getTime() + hours * HOUR);
const posted = (id: string, topic: string): PostedQuestion => ({ ...fakeQuestion(id, topic), topicTitle: topic });

export function featuresContract(name: string, open: () => Promise<FeatureBackend>): void {
  describe(`feature storage contract: ${name}`, () => {
    const opened: FeatureBackend[] = [];
    afterEach(async () => {
      while (opened.length) await opened.pop()?.close();
    });
    const backend = async () => {
      const b = await open();
      opened.push(b);
      return b;
    };

    /** A live post in the channel, and each person's click on it ('a' is right). */
    const answered = async (
      kit: StorageKit,
      channelId: string,
      slot: string,
      q: PostedQuestion,
      clicks: Record<string, string>,
    ) => {
      const made = await kit.stores.posts.createForSlot({ teamId: TEAM, channelId, slot, question: q }, NOW);
      const post = await kit.stores.posts.markPosted(made.id, `${slot}.1`, NOW, later(8));
      const results = await kit.stores.answers.recordAll(
        Object.entries(clicks).map(([userId, choice]) => ({
          answer: { teamId: TEAM, postId: made.id, userId, choice },
          at: NOW,
        })),
      );
      expect(results.every((r) => r.ok)).toBe(true);
      return post;
    };

    it('claims a week’s recap once across connections, holds a failed one off until its retry, and settles it', async () => {
      const b = await backend();
      const other = await b.otherKit();
      const key = { teamId: TEAM, channelId: 'C0R', week: '2026-11-16' };
      const claims = await Promise.all([
        b.kit.recaps.claim(key, NOW, later(1)),
        other.recaps.claim(key, NOW, later(1)),
        b.kit.recaps.claim(key, NOW, later(1)),
        other.recaps.claim(key, NOW, later(1)),
      ]);
      expect(claims.filter((c) => c.kind === 'claimed')).toEqual([{ kind: 'claimed', attempts: 1 }]);
      expect(claims.filter((c) => c.kind === 'busy')).toHaveLength(3);

      await b.kit.recaps.recordFailure(key, 'upload_failed', later(2));
      expect(await other.recaps.claim(key, later(1.5), later(3))).toEqual({ kind: 'busy' });
      expect(await other.recaps.claim(key, later(2), later(3))).toEqual({ kind: 'claimed', attempts: 2 });
      await other.recaps.markPosted(key, 'F0CHART', later(2));
      expect(await b.kit.recaps.claim(key, later(9), later(10))).toEqual({ kind: 'done', state: 'posted' });
      expect(await b.read('SELECT state, attempts, file_id, last_error FROM recaps')).toEqual([
        { state: 'posted', attempts: 2, file_id: 'F0CHART', last_error: null },
      ]);

      const quiet = { ...key, week: '2026-11-09' };
      expect(await b.kit.recaps.claim(quiet, NOW, later(1))).toEqual({ kind: 'claimed', attempts: 1 });
      await b.kit.recaps.markSkipped(quiet, 'no_answers', NOW);
      expect(await other.recaps.claim(quiet, later(5), later(6))).toEqual({ kind: 'done', state: 'skipped' });
    });

    it('turns recaps off and on per channel, and an off channel claims nothing', async () => {
      const b = await backend();
      expect(await b.kit.recaps.isEnabled(TEAM, 'C0R')).toBe(true);
      await b.kit.recaps.setEnabled(TEAM, 'C0R', false, 'U0ADM', NOW);
      expect(await b.kit.recaps.isEnabled(TEAM, 'C0R')).toBe(false);
      expect(await b.kit.recaps.isEnabled(TEAM, 'C0OTHER')).toBe(true);
      expect(await b.kit.recaps.claim({ teamId: TEAM, channelId: 'C0R', week: '2026-11-16' }, NOW, later(1))).toEqual({
        kind: 'off',
      });
      expect(await b.read('SELECT COUNT(*) AS n FROM recaps')).toEqual([{ n: 0 }]);
      await b.kit.recaps.setEnabled(TEAM, 'C0R', true, 'U0ADM', later(1));
      expect(await b.kit.recaps.isEnabled(TEAM, 'C0R')).toBe(true);
    });

    it('reads a channel’s answers before an instant with their post’s seq and topic, oldest first', async () => {
      const b = await backend();
      const first = await answered(b.kit, 'C0R', 's1', posted('lambda-1', 'lambda'), { U0ANN: 'a', U0BOB: 'b' });
      await answered(b.kit, 'C0ELSE', 's1', posted('s3-1', 's3'), { U0ANN: 'a' });
      const answers = await b.kit.recaps.answersBefore(TEAM, 'C0R', later(1));
      expect(answers).toEqual([
        { userId: 'U0ANN', postId: first.id, seq: first.seq, topic: 'lambda', isCorrect: true, answeredAt: NOW.toISOString() },
        { userId: 'U0BOB', postId: first.id, seq: first.seq, topic: 'lambda', isCorrect: false, answeredAt: NOW.toISOString() },
      ]);
      expect(await b.kit.recaps.answersBefore(TEAM, 'C0R', NOW)).toEqual([]);
    });

    it('stores a report once however often it is sent, scopes and resolves open reports, and takes a new one after', async () => {
      const b = await backend();
      const other = await b.otherKit();
      const report = {
        teamId: TEAM,
        userId: 'U0ANN',
        questionId: 'lambda-1',
        reason: 'ambiguous' as const,
        comment: 'two answers fit',
        surface: 'feedback' as const,
      };
      const sent = await Promise.all([
        b.kit.reports.record(report, NOW),
        other.reports.record(report, NOW),
        b.kit.reports.record({ ...report, comment: null }, later(1)),
      ]);
      const stored = sent.filter((s) => s.kind === 'stored');
      expect(stored).toHaveLength(1);
      expect(new Set(sent.map((s) => s.report.id)).size).toBe(1);
      expect(stored[0]?.report).toMatchObject({ ...report, resolvedAt: null, resolvedBy: null, resolutionNote: null });
      await b.kit.reports.record({ ...report, userId: 'U0BOB', reason: 'typo', comment: null }, later(2));
      await b.kit.reports.record({ ...report, teamId: 'T0OTHER', questionId: 's3-1' }, later(3));

      expect((await other.reports.openReports()).map((r) => [r.teamId, r.userId, r.questionId])).toEqual([
        [TEAM, 'U0ANN', 'lambda-1'],
        [TEAM, 'U0BOB', 'lambda-1'],
        ['T0OTHER', 'U0ANN', 's3-1'],
      ]);
      expect(await b.kit.reports.openReports({ teamId: 'T0OTHER' })).toHaveLength(1);
      expect(await b.kit.reports.openReports({ questionId: 'lambda-1', teamId: TEAM })).toHaveLength(2);
      expect(await b.kit.reports.resolve('lambda-1', { by: 'ops', note: 'reworded', teamId: 'T0NONE' }, later(4))).toBe(0);
      expect(await b.kit.reports.resolve('lambda-1', { by: 'ops', note: 'reworded' }, later(4))).toBe(2);
      expect(await b.kit.reports.resolve('lambda-1', { by: 'ops', note: null }, later(5))).toBe(0);
      expect(await b.kit.reports.openReports()).toHaveLength(1);

      const again = await b.kit.reports.record(report, later(6));
      expect(again.kind).toBe('stored');
      expect(again.report.id).not.toBe(stored[0]?.report.id);
      expect(
        await b.read('SELECT resolved_by, resolution_note, resolved_at FROM reports WHERE user_id = ? ORDER BY id', ['U0ANN']),
      ).toEqual([
        { resolved_by: 'ops', resolution_note: 'reworded', resolved_at: later(4).toISOString() },
        { resolved_by: null, resolution_note: null, resolved_at: null },
        { resolved_by: null, resolution_note: null, resolved_at: null },
      ]);
    });

    it('keeps an installation’s bot token sealed at rest, round trips it, replaces it on reinstall and deletes it', async () => {
      const b = await backend();
      const key = randomBytes(32);
      const store = b.kit.installations(key);
      const install: WorkspaceInstallation = {
        teamId: TEAM,
        enterpriseId: null,
        isEnterpriseInstall: false,
        botToken: 'xoxb-contract-secret-1',
        botUserId: 'U0BOT',
        botId: 'B0BOT',
        scopes: ['chat:write', 'commands'],
        installerUserId: 'U0INST',
        installedAt: NOW,
      };
      await store.save(install);
      expect(await store.find({ teamId: TEAM })).toEqual(install);
      expect(await store.find({ teamId: TEAM, enterpriseId: null })).toEqual(install);
      expect(await store.find({ teamId: TEAM, enterpriseId: 'E0GRID' })).toBeUndefined();
      const [row] = await b.read('SELECT bot_token_sealed FROM installations');
      expect(String(row?.bot_token_sealed)).toMatch(/^v1:/);
      expect(String(row?.bot_token_sealed)).not.toContain('xoxb');

      const other = (await b.otherKit()).installations(key);
      await other.save({ ...install, botToken: 'xoxb-contract-secret-2', scopes: [], installedAt: later(1) });
      expect(await store.find({ teamId: TEAM })).toEqual({
        ...install,
        botToken: 'xoxb-contract-secret-2',
        scopes: [],
        installedAt: later(1),
      });
      expect(await b.read('SELECT COUNT(*) AS n FROM installations')).toEqual([{ n: 1 }]);
      await expect(b.kit.installations(randomBytes(32)).find({ teamId: TEAM })).rejects.toBeInstanceOf(TokenDecryptionError);

      expect(await store.delete({ teamId: TEAM })).toBe(true);
      expect(await store.delete({ teamId: TEAM })).toBe(false);
      expect(await store.find({ teamId: TEAM })).toBeUndefined();
    });

    it('sums team statistics in the database: activity per range, choice totals and responses', async () => {
      const b = await backend();
      const lambda = await answered(b.kit, 'C0S', 's1', posted('lambda-1', 'lambda'), { U0ANN: 'a', U0BOB: 'b', U0CAT: 'a' });
      await answered(b.kit, 'C0S', 's2', posted('s3-1', 's3'), { U0ANN: 'b' });
      expect(lambda.postedAt).toBe(NOW.toISOString());
      const ranges = [
        { start: later(-1).toISOString(), end: later(1).toISOString() },
        { start: later(1).toISOString(), end: later(2).toISOString() },
      ];
      expect(await b.kit.stats.activity(TEAM, ranges)).toEqual([
        { ...ranges[0], people: 3, answers: 4, correct: 2, posts: 2 },
        { ...ranges[1], people: 0, answers: 0, correct: 0, posts: 0 },
      ]);
      expect(await b.kit.stats.choiceTotals({ teamId: TEAM })).toEqual([
        { questionId: 'lambda-1', topic: 'lambda', choice: 'a', picks: 2, correct: 2 },
        { questionId: 'lambda-1', topic: 'lambda', choice: 'b', picks: 1, correct: 0 },
        { questionId: 's3-1', topic: 's3', choice: 'b', picks: 1, correct: 0 },
      ]);
      expect(await b.kit.stats.choiceTotals({ teamId: TEAM, since: later(1).toISOString() })).toEqual([]);
      expect(await b.kit.stats.choiceTotals({ teamId: 'T0NONE' })).toEqual([]);
      const responses = await b.kit.stats.responses({});
      expect(responses).toHaveLength(4);
      expect(responses.slice(0, 3)).toEqual([
        { teamId: TEAM, userId: 'U0ANN', questionId: 'lambda-1', isCorrect: true },
        { teamId: TEAM, userId: 'U0BOB', questionId: 'lambda-1', isCorrect: false },
        { teamId: TEAM, userId: 'U0CAT', questionId: 'lambda-1', isCorrect: true },
      ]);
      expect(await b.kit.stats.responses({ teamId: TEAM, since: NOW.toISOString() })).toEqual(responses);
    });

    it('keeps a channel’s settings, who set it up and the problem they were told about', async () => {
      const b = await backend();
      const channels = b.kit.stores.channels;
      const settings = {
        topics: ['lambda', 's3'],
        exam: 'SAA-C03',
        difficultyMin: 2 as const,
        difficultyMax: 3 as const,
        revealAfterHours: 4,
      };
      await channels.upsert(
        { teamId: TEAM, channelId: 'C0SET', schedule: 'weekdays 09:00', timezone: 'UTC', userId: 'U0LEAD', settings },
        NOW,
      );
      expect(await channels.get(TEAM, 'C0SET')).toMatchObject({
        settings,
        setBy: 'U0LEAD',
        notifiedError: null,
        state: 'active',
      });
      await channels.recordNotified(TEAM, 'C0SET', 'not_in_channel');
      expect((await channels.get(TEAM, 'C0SET'))?.notifiedError).toBe('not_in_channel');
      // A restart without settings by nobody in particular keeps both the settings and who set it up.
      await channels.upsert(
        { teamId: TEAM, channelId: 'C0SET', schedule: 'daily 10:00', timezone: 'UTC', userId: null },
        later(1),
      );
      expect(await channels.get(TEAM, 'C0SET')).toMatchObject({
        settings,
        setBy: 'U0LEAD',
        notifiedError: null,
        schedule: 'daily 10:00',
      });
      await channels.seed({ teamId: TEAM, channelId: 'C0NEW', schedule: 'daily 09:00', timezone: 'UTC' }, NOW);
      expect(await channels.get(TEAM, 'C0NEW')).toMatchObject({
        settings: { topics: [], exam: null, difficultyMin: 1, difficultyMax: 3, revealAfterHours: null },
        setBy: null,
      });

      await channels.setState(TEAM, 'C0SET', 'paused', 'U0LEAD', later(2));
      await channels.setState(TEAM, 'C0NEW', 'paused', 'U0ELSE', later(2));
      expect((await channels.pausedBy(TEAM, 'U0LEAD')).map((c) => c.channelId)).toEqual(['C0SET']);
      expect(await channels.pausedBy('T0NONE', 'U0LEAD')).toEqual([]);
    });
    it('claims a person’s reminder of a local day once across connections, releases a failed send, and keeps a newer next look', async () => {
      const b = await backend();
      const other = await b.otherKit();
      const lease = 5 * 60_000;
      const claims = await Promise.all([
        b.kit.practice.claimNudge(TEAM, 'U0REM', '2026-11-23', NOW, lease),
        other.practice.claimNudge(TEAM, 'U0REM', '2026-11-23', NOW, lease),
        b.kit.practice.claimNudge(TEAM, 'U0REM', '2026-11-23', NOW, lease),
      ]);
      expect(claims.filter((c) => c.kind === 'claimed')).toEqual([{ kind: 'claimed', attempts: 1 }]);
      expect(claims.filter((c) => c.kind === 'held')).toHaveLength(2);
      expect((await b.kit.practice.claimNudge(TEAM, 'U0REM', '2026-11-24', NOW, lease)).kind).toBe('claimed');

      await b.kit.practice.saveSettings(TEAM, 'U0REM', { remindAt: '09:00', timezone: 'UTC', nextNudgeAt: NOW }, NOW);
      expect((await other.practice.dueNudges(NOW, 10)).map((n) => [n.userId, n.settings.nextNudgeAt])).toEqual([['U0REM', NOW]]);
      await b.kit.practice.finishNudge(
        TEAM,
        'U0REM',
        '2026-11-23',
        { sent: false, dueCount: 2 },
        { expected: NOW, next: later(1) },
        NOW,
      );
      expect(await other.practice.claimNudge(TEAM, 'U0REM', '2026-11-23', later(0.01), lease)).toEqual({
        kind: 'claimed',
        attempts: 2,
      });
      // The person picks another time while the send is under way: the tick's reschedule must not undo it.
      await b.kit.practice.saveSettings(TEAM, 'U0REM', { remindAt: '15:00', nextNudgeAt: later(6) }, later(0.01));
      await other.practice.finishNudge(
        TEAM,
        'U0REM',
        '2026-11-23',
        { sent: true, dueCount: 2 },
        { expected: later(1), next: later(24) },
        later(0.02),
      );
      expect(await b.kit.practice.claimNudge(TEAM, 'U0REM', '2026-11-23', later(10), lease)).toEqual({ kind: 'sent' });
      expect(await b.kit.practice.settings(TEAM, 'U0REM')).toMatchObject({
        remindAt: '15:00',
        timezone: 'UTC',
        nextNudgeAt: later(6),
      });
      expect(await b.kit.practice.rescheduleNudge(TEAM, 'U0REM', { expected: later(1), next: null }, later(1))).toBe(false);
      expect(await b.kit.practice.rescheduleNudge(TEAM, 'U0REM', { expected: later(6), next: null }, later(1))).toBe(true);
      expect(await b.kit.practice.dueNudges(later(100), 10)).toEqual([]);
    });

    it('merges concurrent settings changes of one person, and moves the cards due while away on return, once', async () => {
      const b = await backend();
      const other = await b.otherKit();
      expect(await b.kit.practice.settings(TEAM, 'U0AWAY')).toEqual({
        remindAt: null,
        timezone: null,
        nextNudgeAt: null,
        awayFrom: null,
        awayUntil: null,
        sessionSize: null,
        dailyReviewCap: null,
      });
      await Promise.all([
        b.kit.practice.saveSettings(TEAM, 'U0AWAY', { sessionSize: 7 }, NOW),
        other.practice.saveSettings(TEAM, 'U0AWAY', { dailyReviewCap: 30 }, NOW),
        b.kit.practice.saveSettings(TEAM, 'U0AWAY', { remindAt: '08:30' }, NOW),
      ]);
      expect(await other.practice.settings(TEAM, 'U0AWAY')).toMatchObject({
        sessionSize: 7,
        dailyReviewCap: 30,
        remindAt: '08:30',
      });

      await answered(b.kit, 'C0P', 's1', posted('lambda-1', 'lambda'), { U0AWAY: 'b' });
      expect(await b.kit.practice.importDailyReviews(TEAM, 'U0AWAY')).toBe(1);
      const before = (await b.kit.practice.cards(TEAM, 'U0AWAY')).get('lambda-1');
      if (!before) throw new Error('the daily answer did not become a card');
      const week = 7 * 24;
      await b.kit.practice.saveSettings(TEAM, 'U0AWAY', { awayFrom: NOW, awayUntil: later(week) }, NOW);
      const returns = await Promise.all([
        b.kit.practice.returnFromAway(TEAM, 'U0AWAY', later(week)),
        other.practice.returnFromAway(TEAM, 'U0AWAY', later(week)),
      ]);
      expect(returns.sort()).toEqual([0, 1]);
      const due = (await b.kit.practice.cards(TEAM, 'U0AWAY')).get('lambda-1')?.due;
      expect(due).toEqual(new Date(before.due.getTime() + week * HOUR));
      expect(await b.kit.practice.settings(TEAM, 'U0AWAY')).toMatchObject({ awayFrom: null, awayUntil: null, sessionSize: 7 });
    });
    it('exports a workspace and forgets a person in every workspace, recounting the posts they answered', async () => {
      const b = await backend();
      const post = await answered(b.kit, 'C0D', 's1', posted('lambda-1', 'lambda'), { U0ANN: 'a', U0BOB: 'b' });
      await b.kit.reports.record(
        { teamId: TEAM, userId: 'U0ANN', questionId: 'lambda-1', reason: 'typo', comment: null, surface: 'feedback' },
        NOW,
      );
      const exported = await b.kit.data.exportTeam(TEAM);
      expect(exported.answers).toEqual([
        {
          channelId: 'C0D',
          postId: post.id,
          questionId: 'lambda-1',
          topic: 'lambda',
          userId: 'U0ANN',
          choice: 'a',
          isCorrect: true,
          answeredAt: NOW.toISOString(),
        },
        {
          channelId: 'C0D',
          postId: post.id,
          questionId: 'lambda-1',
          topic: 'lambda',
          userId: 'U0BOB',
          choice: 'b',
          isCorrect: false,
          answeredAt: NOW.toISOString(),
        },
      ]);
      expect(exported.standings.map((r) => [r.userId, r.points, r.answers, r.correct])).toEqual([
        ['U0ANN', 1, 1, 1],
        ['U0BOB', 0, 1, 0],
      ]);
      const report = await (await b.otherKit()).data.forget('U0ANN');
      expect(report).toMatchObject({ userId: 'U0ANN', teams: [TEAM], answers: 1, postsRecounted: 1, standings: 1, reports: 1 });
      expect(await b.kit.stores.posts.get(TEAM, post.id)).toMatchObject({ answerCount: 1, correctCount: 0 });
      expect((await b.kit.data.exportTeam(TEAM)).answers.map((a) => a.userId)).toEqual(['U0BOB']);
      expect((await b.kit.data.forget('U0ANN')).answers).toBe(0);
    });
    it('gives the right to show a live post’s answer count to one connection per gap, only while the count shown is behind', async () => {
      const b = await backend();
      const other = await b.otherKit();
      const gap = 3000;
      const at = (ms: number) => new Date(NOW.getTime() + ms);
      const made = await b.kit.stores.posts.createForSlot(
        { teamId: TEAM, channelId: 'C0L', slot: 's1', question: posted('lambda-1', 'lambda') },
        NOW,
      );
      await b.kit.stores.posts.markPosted(made.id, 's1.1', NOW, later(8));
      expect(await b.kit.stores.posts.claimCountUpdate(made.id, NOW, gap)).toEqual({ kind: 'nothing' });
      const click = (userId: string) => ({ answer: { teamId: TEAM, postId: made.id, userId, choice: 'a' }, at: NOW });
      await b.kit.stores.answers.recordAll([click('U0ANN'), click('U0BOB')]);
      const claims = await Promise.all([
        b.kit.stores.posts.claimCountUpdate(made.id, NOW, gap),
        other.stores.posts.claimCountUpdate(made.id, NOW, gap),
        b.kit.stores.posts.claimCountUpdate(made.id, NOW, gap),
        other.stores.posts.claimCountUpdate(made.id, NOW, gap),
      ]);
      const won = claims.filter((c) => c.kind === 'claimed');
      expect(won).toHaveLength(1);
      expect(won[0]).toMatchObject({ post: { id: made.id, answerCount: 2 } });
      expect(claims.filter((c) => c.kind === 'nothing')).toHaveLength(3);
      await other.stores.answers.recordAll([click('U0CAT')]);
      expect(await b.kit.stores.posts.claimCountUpdate(made.id, at(1000), gap)).toEqual({ kind: 'wait', until: at(gap) });
      expect(await other.stores.posts.claimCountUpdate(made.id, at(gap), gap)).toMatchObject({
        kind: 'claimed',
        post: { answerCount: 3 },
      });
      await b.kit.stores.answers.recordAll([click('U0DAN')]);
      await b.kit.stores.posts.close(made.id, at(4000));
      expect(await b.kit.stores.posts.claimCountUpdate(made.id, at(9000), gap)).toEqual({ kind: 'nothing' });
    });

    it('admits a request signature once across connections until it expires, and sweeps the expired ones', async () => {
      const b = await backend();
      const mine = b.kit.replays();
      const theirs = (await b.otherKit()).replays();
      const firsts = await Promise.all([
        mine.firstSeen('v0=abc', later(0.1)),
        theirs.firstSeen('v0=abc', later(0.1)),
        mine.firstSeen('v0=abc', later(0.1)),
      ]);
      expect(firsts.filter(Boolean)).toHaveLength(1);
      expect(await theirs.firstSeen('v0=def', later(1))).toBe(true);
      expect(await mine.sweep(later(0.5))).toBe(1);
      expect(await theirs.firstSeen('v0=def', later(1))).toBe(false);
      expect(await mine.sweep(later(2))).toBe(1);
      expect(await mine.sweep(later(3))).toBe(0);
    });
  });
}
