import type { Bank } from '../content/bank.ts';
import { activeQuizChannels, type QuizChannel, recordChannelError } from '../db/channels.ts';
import type { Db } from '../db/open.ts';
import {
  channelHistory,
  closePost,
  createPostForSlot,
  getPostBySlot,
  leasePost,
  markPosted,
  markRevealShown,
  openPostsInChannel,
  type Post,
  postsDueForReveal,
  recordPostFailure,
  retryablePosts,
  revealsToRetry,
} from '../db/posts.ts';
import type { Log } from '../log.ts';
import { nextQuestionFor } from './choose.ts';
import { dueFireTimeToday, nextFireTime, parseCron } from './cron.ts';
import type { PostedQuestion } from './grade.ts';

/** What the quiz needs from Slack, as plain values; the Slack adapter implements it. */
export interface QuizPublisher {
  /** Posts the question; resolves to the message ts. Throws on failure. */
  postQuestion(post: Post): Promise<string>;
  /** Replaces the message with the revealed answer; buttons go. */
  showReveal(post: Post): Promise<void>;
  /** Updates the live answer count on the message. */
  showCount(post: Post): Promise<void>;
}

export interface QuizServiceOptions {
  db: Db;
  bank: () => Bank;
  publisher: QuizPublisher;
  log: Log;
  now?: () => Date;
  revealAfterHours: number;
  random?: () => number;
  /** Minimum gap between live-count updates of one message (Slack rate limits chat.update). */
  countUpdateMs?: number;
}

export type PostResult =
  | { kind: 'posted'; post: Post }
  | { kind: 'exists'; post: Post }
  | { kind: 'busy'; post: Post }
  | { kind: 'failed'; post: Post; error: string }
  | { kind: 'no_questions' };

const LEASE_MS = 5 * 60_000;
const MAX_BACKOFF_MS = 60 * 60_000;

export function errorCode(err: unknown): string {
  const e = err as { data?: { error?: string }; code?: string; message?: string };
  return e?.data?.error ?? e?.code ?? e?.message ?? String(err);
}

export class QuizService {
  private readonly db: Db;
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly countTimers = new Map<number, NodeJS.Timeout>();
  private readonly countUpdateMs: number;

  constructor(private readonly o: QuizServiceOptions) {
    this.db = o.db;
    this.now = o.now ?? (() => new Date());
    this.random = o.random ?? Math.random;
    this.countUpdateMs = o.countUpdateMs ?? 3000;
  }

  private snapshot(bank: Bank, questionId: string): PostedQuestion | undefined {
    const q = bank.questionById.get(questionId);
    if (!q) return undefined;
    const topicTitle = bank.topics.find((t) => t.topic === q.topic)?.title ?? q.topic;
    return {
      id: q.id,
      topic: q.topic,
      topicTitle,
      difficulty: q.difficulty,
      prompt: q.prompt,
      choices: q.choices,
      answer: q.answer,
      explanation: q.explanation,
      ...(q.why ? { why: q.why } : {}),
      source: q.source,
    };
  }

  /** Posts the question for a slot (a fire time, or a `quiz now`), at most once per slot. */
  async postForSlot(teamId: string, channelId: string, slot: string): Promise<PostResult> {
    const now = this.now();
    let post = getPostBySlot(this.db, teamId, channelId, slot);
    if (!post) {
      const bank = this.o.bank();
      const question = nextQuestionFor(bank, channelHistory(this.db, teamId, channelId), this.random);
      const snap = question && this.snapshot(bank, question.id);
      if (!snap) return { kind: 'no_questions' };
      post = createPostForSlot(this.db, { teamId, channelId, slot, question: snap }, now);
    }
    if (post.state !== 'pending') return { kind: 'exists', post };
    return this.publish(post);
  }

  private async publish(post: Post): Promise<PostResult> {
    const now = this.now();
    if (!leasePost(this.db, post.id, now, new Date(now.getTime() + LEASE_MS))) return { kind: 'busy', post };
    let ts: string;
    try {
      ts = await this.o.publisher.postQuestion(post);
    } catch (err) {
      const error = errorCode(err);
      const backoff = Math.min(MAX_BACKOFF_MS, 30_000 * 2 ** post.attempts);
      recordPostFailure(this.db, post.id, error, new Date(this.now().getTime() + backoff));
      recordChannelError(this.db, post.teamId, post.channelId, `posting failed: ${error}`, this.now());
      this.o.log.error('quiz.post_failed', {
        team: post.teamId,
        channel: post.channelId,
        post: post.id,
        attempt: post.attempts + 1,
        retryInMs: backoff,
        error,
      });
      return { kind: 'failed', post, error };
    }
    const postedAt = this.now();
    const posted = markPosted(this.db, post.id, ts, postedAt, new Date(postedAt.getTime() + this.o.revealAfterHours * 3600_000));
    recordChannelError(this.db, post.teamId, post.channelId, null, postedAt);
    this.o.log.info('quiz.posted', {
      team: post.teamId,
      channel: post.channelId,
      post: post.id,
      question: post.question.id,
      seq: posted.seq,
    });
    for (const previous of openPostsInChannel(this.db, post.teamId, post.channelId, post.id)) await this.reveal(previous);
    return { kind: 'posted', post: posted };
  }

  /** Closes a post to answers and shows the answer on its message. */
  async reveal(post: Post): Promise<void> {
    this.cancelCountUpdate(post.id);
    if (!closePost(this.db, post.id, this.now())) return;
    await this.showReveal({ ...post, state: 'revealed' });
  }

  private async showReveal(post: Post): Promise<void> {
    try {
      await this.o.publisher.showReveal(post);
      markRevealShown(this.db, post.id, true);
      this.o.log.info('quiz.revealed', { team: post.teamId, channel: post.channelId, post: post.id });
    } catch (err) {
      markRevealShown(this.db, post.id, false);
      this.o.log.error('quiz.reveal_failed', {
        team: post.teamId,
        channel: post.channelId,
        post: post.id,
        error: errorCode(err),
      });
    }
  }

  /** The fire time due now in a channel's day, if it has not been posted yet. */
  dueSlot(channel: QuizChannel, now: Date): string | undefined {
    const due = dueFireTimeToday(parseCron(channel.schedule), channel.timezone, now);
    if (!due || due.getTime() < Date.parse(channel.startedAt)) return undefined;
    return due.toISOString();
  }

  nextFireTime(channel: QuizChannel, after = this.now()): Date | undefined {
    return nextFireTime(parseCron(channel.schedule), channel.timezone, after);
  }

  /**
   * One pass of the scheduler: today's due question in each active channel (also the one missed
   * while the app was down), retries of failed posts, reveals that are due, and failed reveals.
   */
  async tick(): Promise<void> {
    const now = this.now();
    for (const channel of activeQuizChannels(this.db)) {
      try {
        const slot = this.dueSlot(channel, now);
        if (slot && !getPostBySlot(this.db, channel.teamId, channel.channelId, slot)) {
          await this.postForSlot(channel.teamId, channel.channelId, slot);
        }
      } catch (err) {
        this.o.log.error('quiz.tick_failed', { team: channel.teamId, channel: channel.channelId, error: errorCode(err) });
      }
    }
    for (const post of retryablePosts(this.db, now)) await this.publish(post);
    for (const post of postsDueForReveal(this.db, now)) await this.reveal(post);
    for (const post of revealsToRetry(this.db)) await this.showReveal(post);
  }

  /** Schedules a live-count update, coalescing clicks so a burst makes one chat.update. */
  answered(post: Post): void {
    if (this.countTimers.has(post.id)) return;
    const timer = setTimeout(() => {
      this.countTimers.delete(post.id);
      const fresh = getPostBySlot(this.db, post.teamId, post.channelId, post.slot);
      if (fresh?.state !== 'posted') return;
      this.o.publisher.showCount(fresh).catch((err: unknown) => {
        this.o.log.warn('quiz.count_update_failed', {
          team: post.teamId,
          channel: post.channelId,
          post: post.id,
          error: errorCode(err),
        });
      });
    }, this.countUpdateMs);
    timer.unref();
    this.countTimers.set(post.id, timer);
  }

  private cancelCountUpdate(postId: number): void {
    const t = this.countTimers.get(postId);
    if (t) clearTimeout(t);
    this.countTimers.delete(postId);
  }

  stop(): void {
    for (const t of this.countTimers.values()) clearTimeout(t);
    this.countTimers.clear();
  }
}
