import type { Bank } from '../content/bank.ts';
import { errorCode, SlackRateLimitedError } from '../errors.ts';
import type { Log } from '../log.ts';
import { nextFilteredQuestion } from '../quiz/choose.ts';
import { dueFireTimeToday, nextFireTime, parseCron } from '../quiz/cron.ts';
import {
  type ChannelSettings,
  type ChannelState,
  DEFAULT_CHANNEL_SETTINGS,
  type Post,
  type PostedQuestion,
  type QuizChannel,
} from '../quiz/model.ts';
import {
  COUNT_UPDATE_MS,
  FAN_OUT_MAX_IN_FLIGHT,
  FAN_OUT_PER_WORKSPACE,
  POST_ATTEMPT_MAX_MS,
  POST_LEASE_MS,
  POST_RETRY_FIRST_MS,
  POST_RETRY_MAX_MS,
} from '../runtime/timings.ts';
import { type FanOutJob, fanOut } from './fan-out.ts';
import { LiveCount } from './live-count.ts';
import type { Stores } from './stores.ts';

/** What the quiz needs from Slack, as plain values; the Slack adapter implements it. */
export interface QuizPublisher {
  /** Posts the question; resolves to the message ts. Throws on failure: SlackRateLimitedError on a 429. */
  postQuestion(post: Post): Promise<string>;
  /** Replaces the message with the revealed answer; buttons go. */
  showReveal(post: Post): Promise<void>;
  /** Updates the live answer count on the message. */
  showCount(post: Post): Promise<void>;
}

/** How the admin who set a channel's quiz up hears that posting fails there, and that it works again. */
export interface QuizAlerts {
  /**
   * Tells the channel's admin about a posting error (its code), or with null that posting works
   * again. Resolves true when someone was told; false when there was nothing worth a message (a
   * rate limit passes by itself) or nobody to tell. Throws when the message could not be sent.
   */
  tell(channel: QuizChannel, error: string | null): Promise<boolean>;
}

export interface QuizServiceOptions {
  /** Direct messages about posting failures; without it they are only logged. */
  alerts?: QuizAlerts;
  stores: Stores;
  bank: () => Bank;
  publisher: QuizPublisher;
  log: Log;
  now?: () => Date;
  revealAfterHours: number;
  random?: () => number;
  /** Minimum gap between live-count updates of one message (Slack rate limits chat.update). */
  countUpdateMs?: number;
  /** Questions of a workspace held out of the rotation (reported wrong, under review). */
  heldOut?: (teamId: string) => Promise<ReadonlySet<string>>;
  /** Real time, for the gap between live-count updates (the quiz's `now` may be a test's frozen clock). */
  wallClock?: () => number;
}

const FAN_OUT_LIMITS = { maxInFlight: FAN_OUT_MAX_IN_FLIGHT, maxPerKey: FAN_OUT_PER_WORKSPACE };

/** A pending post this process holds the lease of, and when (real time) it took it. */
interface Held {
  post: Post;
  leasedAt: number;
}

export type PostResult =
  | { kind: 'posted'; post: Post }
  | { kind: 'exists'; post: Post }
  | { kind: 'busy'; post: Post }
  | { kind: 'failed'; post: Post; error: string }
  | { kind: 'no_questions' };

export interface ChannelChange {
  before?: QuizChannel;
  after: QuizChannel;
  next?: Date;
}

export type StateChange =
  | { kind: 'not_set_up' }
  | { kind: 'unchanged'; state: ChannelState }
  | { kind: 'changed'; from: ChannelState; to: ChannelState };

const sameSettings = (a: ChannelSettings, b: ChannelSettings): boolean =>
  a.exam === b.exam &&
  a.difficultyMin === b.difficultyMin &&
  a.difficultyMax === b.difficultyMax &&
  a.revealAfterHours === b.revealAfterHours &&
  [...a.topics].sort().join(',') === [...b.topics].sort().join(',');

export class QuizService {
  private readonly stores: Stores;
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly counts: LiveCount;
  private readonly wallClock: () => number;

  constructor(private readonly o: QuizServiceOptions) {
    this.stores = o.stores;
    this.now = o.now ?? (() => new Date());
    this.random = o.random ?? Math.random;
    this.wallClock = o.wallClock ?? Date.now;
    this.counts = new LiveCount({
      posts: o.stores.posts,
      publisher: o.publisher,
      log: o.log,
      gapMs: o.countUpdateMs ?? COUNT_UPDATE_MS,
      wallClock: this.wallClock,
    });
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

  /**
   * Posts the question for a slot (a fire time, or a `quiz now`), at most once per slot, waiting out
   * Slack's rate limit while the lease allows.
   */
  async postForSlot(teamId: string, channelId: string, slot: string): Promise<PostResult> {
    const ready = await this.slotPost(teamId, channelId, slot);
    if (!('pending' in ready)) return ready;
    const held = await this.leaseFor(ready.pending);
    if (!held) return { kind: 'busy', post: ready.pending };
    for (;;) {
      const r = await this.attempt(held);
      if (r.kind !== 'rate_limited') return r;
      await new Promise((resolve) => setTimeout(resolve, r.retryAfterMs));
    }
  }

  /** The slot's post, made (with its question chosen) unless it exists; `pending` while it is still to be posted. */
  private async slotPost(teamId: string, channelId: string, slot: string): Promise<{ pending: Post } | PostResult> {
    const { posts } = this.stores;
    let post = await posts.bySlot(teamId, channelId, slot);
    if (!post) {
      const bank = this.o.bank();
      const [history, heldOut, channel] = await Promise.all([
        posts.history(teamId, channelId),
        this.o.heldOut?.(teamId),
        this.stores.channels.get(teamId, channelId),
      ]);
      const settings = channel?.settings ?? DEFAULT_CHANNEL_SETTINGS;
      const { question, widened } = nextFilteredQuestion(bank, history, settings, this.random, heldOut);
      if (widened) this.o.log.warn('quiz.filter_empty', { team: teamId, channel: channelId, using: 'whole bank' });
      const snap = question && this.snapshot(bank, question.id);
      if (!snap) return { kind: 'no_questions' };
      post = await posts.createForSlot({ teamId, channelId, slot, question: snap }, this.now());
    }
    return post.state === 'pending' ? { pending: post } : { kind: 'exists', post };
  }

  /** Takes the right to call Slack for a pending post; undefined when another process holds it. */
  private async leaseFor(post: Post): Promise<Held | undefined> {
    const now = this.now();
    if (!(await this.stores.posts.lease(post.id, now, new Date(now.getTime() + POST_LEASE_MS)))) return undefined;
    return { post, leasedAt: this.wallClock() };
  }

  /**
   * One chat.postMessage for a leased post. A 429 changes nothing in Slack: while the lease has
   * room for another attempt after Retry-After, the caller waits and tries again (the lease stays,
   * so no other process posts meanwhile); past that it is an ordinary failure, retried with backoff.
   */
  private async attempt(held: Held): Promise<PostResult | { kind: 'rate_limited'; retryAfterMs: number }> {
    const { post } = held;
    const channel = await this.stores.channels.get(post.teamId, post.channelId);
    let ts: string;
    try {
      ts = await this.o.publisher.postQuestion(post);
    } catch (err) {
      if (err instanceof SlackRateLimitedError) {
        const end = this.wallClock() + err.retryAfterMs + POST_ATTEMPT_MAX_MS;
        if (end <= held.leasedAt + POST_LEASE_MS) return { kind: 'rate_limited', retryAfterMs: err.retryAfterMs };
      }
      return this.failed(post, err, channel);
    }
    const postedAt = this.now();
    const revealHours = channel?.settings.revealAfterHours ?? this.o.revealAfterHours;
    const revealDueAt = new Date(postedAt.getTime() + revealHours * 3600_000);
    // The post goes live and the channel's last error clears together.
    const posted = await this.stores.transaction(async ({ posts, channels }) => {
      const live = await posts.markPosted(post.id, ts, postedAt, revealDueAt);
      await channels.recordError(post.teamId, post.channelId, null, postedAt);
      return live;
    });
    this.o.log.info('quiz.posted', {
      team: post.teamId,
      channel: post.channelId,
      post: post.id,
      question: post.question.id,
      seq: posted.seq,
    });
    await this.alertAdmin(channel, null);
    for (const previous of await this.stores.posts.openInChannel(post.teamId, post.channelId, post.id))
      await this.reveal(previous);
    return { kind: 'posted', post: posted };
  }

  /**
   * One message per problem: the admin hears about an error unless it is the one they were last
   * told about (stored on the channel, so a restart does not repeat it), and hears once that
   * posting works again. A message that could not be sent is tried again at the next failure.
   */
  private async alertAdmin(channel: QuizChannel | undefined, error: string | null): Promise<void> {
    if (!channel || !this.o.alerts || channel.notifiedError === error) return;
    try {
      if (!(await this.o.alerts.tell(channel, error))) return;
      await this.stores.channels.recordNotified(channel.teamId, channel.channelId, error);
      this.o.log.info('quiz.admin_told', { team: channel.teamId, channel: channel.channelId, user: channel.setBy, error });
    } catch (err) {
      this.o.log.warn('quiz.admin_not_told', { team: channel.teamId, channel: channel.channelId, error: errorCode(err) });
    }
  }

  private async failed(post: Post, err: unknown, channel: QuizChannel | undefined): Promise<PostResult> {
    const error = errorCode(err);
    const backoff = Math.min(POST_RETRY_MAX_MS, POST_RETRY_FIRST_MS * 2 ** post.attempts);
    const failedAt = this.now();
    await this.stores.transaction(async ({ posts, channels }) => {
      await posts.recordFailure(post.id, error, new Date(failedAt.getTime() + backoff));
      await channels.recordError(post.teamId, post.channelId, `posting failed: ${error}`, failedAt);
    });
    await this.alertAdmin(channel, error);
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

  /**
   * One due post as a fan-out job of its workspace: made and leased on its first run, posted, and
   * run again after Retry-After when Slack rate-limits it.
   */
  private postJob(teamId: string, load: () => Promise<Post | undefined>): FanOutJob {
    let held: Held | undefined;
    return {
      key: teamId,
      run: async () => {
        try {
          if (!held) {
            const post = await load();
            held = post?.state === 'pending' ? await this.leaseFor(post) : undefined;
            if (!held) return undefined;
          }
          const r = await this.attempt(held);
          return r.kind === 'rate_limited' ? { retryAfterMs: r.retryAfterMs } : undefined;
        } catch (err) {
          this.o.log.error('quiz.tick_failed', { team: teamId, post: held?.post.id, error: errorCode(err) });
          return undefined;
        }
      },
    };
  }

  /** Closes a post to answers and shows the answer on its message. */
  async reveal(post: Post): Promise<void> {
    this.counts.cancel(post.id);
    if (!(await this.stores.posts.close(post.id, this.now()))) return;
    await this.showReveal({ ...post, state: 'revealed' });
  }

  private async showReveal(post: Post): Promise<void> {
    try {
      await this.o.publisher.showReveal(post);
      await this.stores.posts.markRevealShown(post.id, true);
      this.o.log.info('quiz.revealed', { team: post.teamId, channel: post.channelId, post: post.id });
    } catch (err) {
      await this.stores.posts.markRevealShown(post.id, false);
      const error = errorCode(err);
      // A workspace that removed the app (multi-workspace mode) is retried every pass until it
      // installs again: expected, so not an error line every pass.
      this.o.log[error === 'not_installed' ? 'debug' : 'error']('quiz.reveal_failed', {
        team: post.teamId,
        channel: post.channelId,
        post: post.id,
        error,
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
    const { posts } = this.stores;
    const jobs: FanOutJob[] = [];
    for (const channel of await this.stores.channels.active()) {
      try {
        const slot = this.dueSlot(channel, now);
        if (slot && !(await posts.bySlot(channel.teamId, channel.channelId, slot))) {
          const { teamId, channelId } = channel;
          jobs.push(
            this.postJob(teamId, async () =>
              this.slotPost(teamId, channelId, slot).then((r) => ('pending' in r ? r.pending : undefined)),
            ),
          );
        }
      } catch (err) {
        this.o.log.error('quiz.tick_failed', { team: channel.teamId, channel: channel.channelId, error: errorCode(err) });
      }
    }
    for (const post of await posts.retryable(now)) jobs.push(this.postJob(post.teamId, async () => post));
    await fanOut(jobs, FAN_OUT_LIMITS);
    for (const post of await posts.dueForReveal(now)) await this.reveal(post);
    for (const post of await posts.revealsToRetry()) await this.showReveal(post);
  }

  /** A click was stored: the post's live count is updated soon (services/live-count.ts). */
  answered(post: Post): void {
    this.counts.answered(post);
  }

  /**
   * Starts (or restarts with a new schedule or settings) the daily quiz in a channel, and says what
   * it was before, so the reply can tell "already runs" from "changed from … to …". A channel that
   * already runs exactly so is not written again (its start time, and so today's post, stay).
   */
  async startInChannel(c: {
    teamId: string;
    channelId: string;
    schedule: string;
    timezone: string;
    userId: string;
    settings?: ChannelSettings;
  }): Promise<ChannelChange> {
    const now = this.now();
    const before = await this.stores.channels.get(c.teamId, c.channelId);
    const unchanged =
      before?.state === 'active' &&
      before.schedule === c.schedule &&
      before.timezone === c.timezone &&
      (!c.settings || sameSettings(before.settings, c.settings));
    if (!unchanged) await this.stores.channels.upsert(c, now);
    const after = unchanged ? before : await this.stores.channels.get(c.teamId, c.channelId);
    if (!after) throw new Error('channel not stored');
    const next = this.nextFireTime(after, now);
    return { ...(before ? { before } : {}), after, ...(next ? { next } : {}) };
  }

  /** Stops, pauses or resumes a channel's quiz, and says whether it was so already. */
  async setChannelState(teamId: string, channelId: string, state: ChannelState, userId: string): Promise<StateChange> {
    const channel = await this.stores.channels.get(teamId, channelId);
    if (!channel) return { kind: 'not_set_up' };
    if (channel.state === state) return { kind: 'unchanged', state };
    if (!(await this.stores.channels.setState(teamId, channelId, state, userId, this.now()))) return { kind: 'not_set_up' };
    return { kind: 'changed', from: channel.state, to: state };
  }

  /** The channel's quiz setup, stopped or not. */
  channel(teamId: string, channelId: string): Promise<QuizChannel | undefined> {
    return this.stores.channels.get(teamId, channelId);
  }

  /** The channel's quiz, if it has one that is not stopped (its zone sets the leaderboard's weeks). */
  async liveChannel(teamId: string, channelId: string): Promise<QuizChannel | undefined> {
    const channel = await this.stores.channels.get(teamId, channelId);
    return channel && channel.state !== 'off' ? channel : undefined;
  }

  /** What `quiz status` shows: the channel, its next fire time while running, and its latest post. */
  async status(teamId: string, channelId: string): Promise<{ channel?: QuizChannel; next?: Date; latest?: Post }> {
    const channel = await this.stores.channels.get(teamId, channelId);
    const next = channel?.state === 'active' ? this.nextFireTime(channel, this.now()) : undefined;
    const latest = await this.stores.posts.latestInChannel(teamId, channelId);
    return { ...(channel ? { channel } : {}), ...(next ? { next } : {}), ...(latest ? { latest } : {}) };
  }

  stop(): void {
    this.counts.stop();
  }
}
