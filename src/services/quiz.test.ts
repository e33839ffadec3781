import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { fakeBank } from '../../test/support/content-fixtures.ts';
import { getQuizChannel, upsertQuizChannel } from '../db/channels.ts';
import { migrate } from '../db/migrate.ts';
import { type Db, openDatabase } from '../db/open.ts';
import { sqliteStores } from '../db/sqlite-stores.ts';
import { silentLog } from '../log.ts';
import type { ChannelSettings, Post } from '../quiz/model.ts';
import { type QuizPublisher, QuizService } from './quiz.ts';

const bank = fakeBank(['lambda', 'ecs'], 5);

class RecordingPublisher implements QuizPublisher {
  posts: { post: Post; at: Date }[] = [];
  reveals: Post[] = [];
  failures: Error[] = [];
  private ts = 1;
  constructor(private readonly clock: { now: Date }) {}
  async postQuestion(post: Post) {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.posts.push({ post, at: this.clock.now });
    return `${this.ts++}.0001`;
  }
  async showReveal(post: Post) {
    this.reveals.push(post);
  }
  async showCount(_post: Post) {}
}

function setup(o: { start: string; schedule?: string; zone?: string; db?: Db }) {
  const db = o.db ?? openDatabase(':memory:');
  if (!o.db) migrate(db);
  const clock = { now: new Date(o.start) };
  const publisher = new RecordingPublisher(clock);
  const service = new QuizService({
    stores: sqliteStores(db),
    bank: () => bank,
    publisher,
    log: silentLog,
    now: () => clock.now,
    revealAfterHours: 8,
    random: () => 0,
  });
  if (!o.db) {
    upsertQuizChannel(
      db,
      { teamId: 'T1', channelId: 'C1', schedule: o.schedule ?? '0 9 * * 1-5', timezone: o.zone ?? 'UTC', userId: 'U1' },
      clock.now,
    );
  }
  return { db, clock, publisher, service };
}

async function runUntil(s: ReturnType<typeof setup>, end: string, stepMinutes = 15) {
  while (s.clock.now.getTime() < Date.parse(end)) {
    s.clock.now = new Date(s.clock.now.getTime() + stepMinutes * 60_000);
    await s.service.tick();
  }
}

describe('QuizService scheduling', () => {
  it('posts once per weekday at 09:00 in the channel zone over a whole week', async () => {
    const s = setup({ start: '2026-11-22T12:00:00Z', zone: 'Europe/Berlin' });
    await runUntil(s, '2026-11-29T12:00:00Z');
    expect(s.publisher.posts.map((p) => p.at.toISOString())).toEqual([
      '2026-11-23T08:00:00.000Z',
      '2026-11-24T08:00:00.000Z',
      '2026-11-25T08:00:00.000Z',
      '2026-11-26T08:00:00.000Z',
      '2026-11-27T08:00:00.000Z',
    ]);
    // Each question was revealed 8 hours later (nothing posted the same day after it).
    expect(s.publisher.reveals).toHaveLength(5);
    expect(new Set(s.publisher.posts.map((p) => p.post.question.id)).size).toBe(5);
    // Topics alternate.
    const topics = s.publisher.posts.map((p) => p.post.question.topic);
    for (let i = 1; i < topics.length; i++) expect(topics[i]).not.toBe(topics[i - 1]);
  });

  it('fires once at the local time across a daylight-saving change', async () => {
    const s = setup({ start: '2026-03-27T00:00:00Z', zone: 'Europe/Berlin', schedule: '0 9 * * *' });
    await runUntil(s, '2026-03-31T00:00:00Z', 10);
    expect(s.publisher.posts.map((p) => p.at.toISOString())).toEqual([
      '2026-03-27T08:00:00.000Z',
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
    ]);
  });

  it('makes up a post missed while down, once, and not the day before', async () => {
    const s = setup({ start: '2026-11-23T06:00:00Z' });
    // The app was down from 06:00 to 11:00; the first tick after start posts the 09:00 question.
    s.clock.now = new Date('2026-11-23T11:00:00Z');
    await s.service.tick();
    await s.service.tick();
    s.clock.now = new Date('2026-11-23T15:00:00Z');
    await s.service.tick();
    expect(s.publisher.posts).toHaveLength(1);
    expect(s.publisher.posts[0]?.post.slot).toBe('2026-11-23T09:00:00.000Z');
  });

  it('does not post a fire time from before the quiz was started', async () => {
    const s = setup({ start: '2026-11-23T10:00:00Z' });
    await s.service.tick();
    expect(s.publisher.posts).toHaveLength(0);
  });

  it('neither skips nor doubles when restarted between the schedule and the post', async () => {
    const s = setup({ start: '2026-11-23T08:00:00Z' });
    s.publisher.failures.push(new Error('process killed mid-call'));
    s.clock.now = new Date('2026-11-23T09:00:00Z');
    await s.service.tick();
    expect(s.publisher.posts).toHaveLength(0);
    // A new process on the same database, once the retry backoff is over.
    const restarted = setup({ start: '2026-11-23T09:05:00Z', db: s.db });
    await restarted.service.tick();
    await restarted.service.tick();
    expect(restarted.publisher.posts).toHaveLength(1);
    expect(s.db.prepare('SELECT COUNT(*) AS n FROM posts').get()).toEqual({ n: 1 });
  });

  it('lets only one of two processes post a slot', async () => {
    const a = setup({ start: '2026-11-23T08:59:00Z' });
    const b = setup({ start: '2026-11-23T09:01:00Z', db: a.db });
    a.clock.now = b.clock.now;
    await Promise.all([a.service.tick(), b.service.tick()]);
    expect(a.publisher.posts.length + b.publisher.posts.length).toBe(1);
  });

  it('sends one live-count update per interval between two processes, and the last count is shown', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-count-')), 'tutor.db');
    const first = openDatabase(file);
    migrate(first);
    upsertQuizChannel(
      first,
      { teamId: 'T1', channelId: 'C1', schedule: '0 9 * * 1-5', timezone: 'UTC', userId: 'U1' },
      new Date('2026-11-23T08:00:00Z'),
    );
    const shown: { at: number; count: number }[] = [];
    const gapMs = 120;
    const service = (db: Db) => {
      const publisher = new RecordingPublisher({ now: new Date('2026-11-23T09:00:30Z') });
      publisher.showCount = async (post: Post) => {
        shown.push({ at: Date.now(), count: post.answerCount });
      };
      return new QuizService({
        stores: sqliteStores(db),
        bank: () => bank,
        publisher,
        log: silentLog,
        now: () => new Date('2026-11-23T09:00:30Z'),
        revealAfterHours: 8,
        random: () => 0,
        countUpdateMs: gapMs,
      });
    };
    const dbs = [first, openDatabase(file)];
    const [a, b] = dbs.map(service) as [QuizService, QuizService];
    await a.tick();
    const post = (await sqliteStores(first).posts.latestInChannel('T1', 'C1')) as Post;
    // 60 clicks over about 600 ms, landing on the two processes in turn.
    for (let i = 0; i < 60; i++) {
      const db = dbs[i % 2] as Db;
      db.prepare('UPDATE posts SET answer_count = answer_count + 1 WHERE id = ?').run(post.id);
      (i % 2 === 0 ? a : b).answered(post);
      await new Promise((r) => setTimeout(r, 10));
    }
    await vi.waitFor(() => expect(shown.at(-1)?.count).toBe(60), { timeout: 3000, interval: 20 });
    await new Promise((r) => setTimeout(r, 3 * gapMs));
    expect(shown.at(-1)?.count).toBe(60);
    for (let i = 1; i < shown.length; i++) {
      expect((shown[i]?.at ?? 0) - (shown[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(gapMs - 10);
      expect(shown[i]?.count).toBeGreaterThan(shown[i - 1]?.count ?? 0);
    }
    // Each process on its own would have sent about one per interval: together they sent that many.
    expect(shown.length).toBeLessThanOrEqual(Math.ceil(((shown.at(-1)?.at ?? 0) - (shown[0]?.at ?? 0)) / gapMs) + 1);
    a.stop();
    b.stop();
    for (const db of dbs) db.close();
  });

  it('retries a failed post with backoff and records the error for quiz status', async () => {
    const s = setup({ start: '2026-11-23T08:59:00Z' });
    s.publisher.failures.push(Object.assign(new Error('An API error occurred: ratelimited'), { data: { error: 'ratelimited' } }));
    s.clock.now = new Date('2026-11-23T09:00:00Z');
    await s.service.tick();
    expect(getQuizChannel(s.db, 'T1', 'C1')?.lastError).toMatch(/ratelimited/);
    s.clock.now = new Date('2026-11-23T09:00:10Z'); // inside the 30 s backoff
    await s.service.tick();
    expect(s.publisher.posts).toHaveLength(0);
    s.clock.now = new Date('2026-11-23T09:01:00Z');
    await s.service.tick();
    expect(s.publisher.posts).toHaveLength(1);
    expect(getQuizChannel(s.db, 'T1', 'C1')?.lastError).toBeNull();
  });

  it('reveals the previous question as soon as the next one posts', async () => {
    const s = setup({ start: '2026-11-23T08:00:00Z', schedule: '0 9,12 * * *' });
    await runUntil(s, '2026-11-23T12:30:00Z');
    expect(s.publisher.posts).toHaveLength(2);
    expect(s.publisher.reveals.map((p) => p.id)).toEqual([s.publisher.posts[0]?.post.id]);
  });

  it('keeps a question that changed in content by id: the posted snapshot is what is graded', async () => {
    const s = setup({ start: '2026-11-23T09:00:00Z' });
    await s.service.tick();
    const row = s.db.prepare('SELECT question_id, question_json FROM posts').get() as {
      question_id: string;
      question_json: string;
    };
    expect(JSON.parse(row.question_json).id).toBe(row.question_id);
  });
});

describe('QuizService channel settings', () => {
  it("draws from the channel's topics and reveals after the channel's delay", async () => {
    const s = setup({ start: '2026-11-23T08:00:00Z', schedule: '0 9 * * *' });
    upsertQuizChannel(
      s.db,
      {
        teamId: 'T1',
        channelId: 'C1',
        schedule: '0 9 * * *',
        timezone: 'UTC',
        userId: 'U1',
        settings: { topics: ['ecs'], exam: null, difficultyMin: 1, difficultyMax: 3, revealAfterHours: 2 },
      },
      s.clock.now,
    );
    expect(getQuizChannel(s.db, 'T1', 'C1')?.settings.topics).toEqual(['ecs']);
    await runUntil(s, '2026-11-23T10:45:00Z');
    expect(s.publisher.posts.map((p) => p.post.question.topic)).toEqual(['ecs']);
    expect(s.publisher.reveals).toHaveLength(0);
    await runUntil(s, '2026-11-23T11:15:00Z');
    expect(s.publisher.reveals).toHaveLength(1);
  });

  it('keeps a channel’s settings when `quiz here` changes only its schedule', async () => {
    const s = setup({ start: '2026-11-23T08:00:00Z' });
    const settings: ChannelSettings = {
      topics: ['lambda'],
      exam: 'DVA-C02',
      difficultyMin: 2,
      difficultyMax: 3,
      revealAfterHours: 4,
    };
    upsertQuizChannel(
      s.db,
      { teamId: 'T1', channelId: 'C1', schedule: '0 9 * * *', timezone: 'UTC', userId: 'U1', settings },
      s.clock.now,
    );
    upsertQuizChannel(
      s.db,
      { teamId: 'T1', channelId: 'C1', schedule: '0 10 * * *', timezone: 'UTC', userId: 'U2' },
      s.clock.now,
    );
    const channel = getQuizChannel(s.db, 'T1', 'C1');
    expect(channel?.settings).toEqual(settings);
    expect(channel?.setBy).toBe('U2');
  });
});
