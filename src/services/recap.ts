import type { Bank } from '../content/bank.ts';
import { errorCode } from '../errors.ts';
import type { Log } from '../log.ts';
import type { PostedQuestion, QuizChannel } from '../quiz/model.ts';
import { recapChartData, recapChartSvg } from '../recap/chart.ts';
import { svgToPng } from '../recap/png.ts';
import { type RecapStats, recapStats } from '../recap/stats.ts';
import { mayBeRecapTimeSomewhere, type RecapWeek, recapDueWeek } from '../recap/week.ts';
import { RECAP_LEASE_MS, RECAP_RETRY_FIRST_MS, RECAP_RETRY_MAX_MS } from '../runtime/timings.ts';
import type { RecapKey, RecapStore } from './recap-store.ts';
import type { Stores } from './stores.ts';

/** What a recap message shows, as plain values; the Slack adapter renders and uploads it. */
export interface RecapContent {
  stats: RecapStats;
  /** The week's hardest question as it was posted, with how many got it right. */
  hardest?: { question: PostedQuestion; answers: number; correct: number };
  /** Topic titles from the bank, by topic id. */
  topicTitle: (topic: string) => string;
  /** The chart, a PNG. */
  chart: Buffer;
}

export interface RecapPublisher {
  /** Posts the recap with its chart into the channel; resolves to the uploaded file's id. Throws on failure. */
  postRecap(teamId: string, channelId: string, content: RecapContent): Promise<string | null>;
}

export type RecapResult =
  | { kind: 'posted' }
  | { kind: 'skipped' }
  | { kind: 'failed'; error: string }
  | { kind: 'done' }
  | { kind: 'busy' }
  | { kind: 'off' };

export interface RecapServiceOptions {
  stores: Stores;
  recaps: RecapStore;
  bank: () => Bank;
  publisher: RecapPublisher;
  log: Log;
  now?: () => Date;
}

/** Weeks (team:channel:week) known to be posted or skipped; kept small, it only saves reads. */
const SETTLED_MAX = 10_000;

/**
 * The weekly recap: on Monday from 09:00 in each quiz channel's zone, last week's numbers and a
 * chart, once per channel per week (the recap store's unique key), retried with backoff on failure.
 */
export class RecapService {
  private readonly now: () => Date;
  private readonly settled = new Set<string>();

  constructor(private readonly o: RecapServiceOptions) {
    this.now = o.now ?? (() => new Date());
  }

  /** One pass of the scheduler: reads nothing unless it is Monday somewhere, and skips weeks it saw settled. */
  async tick(): Promise<void> {
    const now = this.now();
    if (!mayBeRecapTimeSomewhere(now)) return;
    for (const channel of await this.o.stores.channels.active()) {
      const week = recapDueWeek(now, channel.timezone);
      if (!week) continue;
      const id = `${channel.teamId}:${channel.channelId}:${week.key}`;
      if (this.settled.has(id)) continue;
      try {
        const result = await this.postRecap(channel, week);
        if (result.kind === 'posted' || result.kind === 'skipped' || result.kind === 'done') {
          if (this.settled.size >= SETTLED_MAX) this.settled.clear();
          this.settled.add(id);
        }
      } catch (err) {
        this.o.log.error('recap.tick_failed', { team: channel.teamId, channel: channel.channelId, error: errorCode(err) });
      }
    }
  }

  /** Posts a channel's recap of `week` unless it was posted, is being posted, or recaps are off there. */
  async postRecap(channel: Pick<QuizChannel, 'teamId' | 'channelId'>, week: RecapWeek): Promise<RecapResult> {
    const key: RecapKey = { teamId: channel.teamId, channelId: channel.channelId, week: week.key };
    const now = this.now();
    const claim = await this.o.recaps.claim(key, now, new Date(now.getTime() + RECAP_LEASE_MS));
    if (claim.kind !== 'claimed') return { kind: claim.kind };
    const where = { team: key.teamId, channel: key.channelId, week: key.week };
    try {
      const stats = recapStats(week, await this.o.recaps.answersBefore(key.teamId, key.channelId, new Date(week.end)));
      // A quiet week gets no message: a recap of nothing is noise in the channel.
      if (stats.answers === 0) {
        await this.o.recaps.markSkipped(key, 'no_answers', this.now());
        this.o.log.info('recap.skipped', { ...where, reason: 'no_answers' });
        return { kind: 'skipped' };
      }
      const fileId = await this.o.publisher.postRecap(key.teamId, key.channelId, await this.contentOf(key.teamId, stats));
      await this.o.recaps.markPosted(key, fileId, this.now());
      this.o.log.info('recap.posted', { ...where, answers: stats.answers, people: stats.participants, attempt: claim.attempts });
      return { kind: 'posted' };
    } catch (err) {
      const error = errorCode(err);
      const backoff = Math.min(RECAP_RETRY_MAX_MS, RECAP_RETRY_FIRST_MS * 2 ** (claim.attempts - 1));
      await this.o.recaps.recordFailure(key, error, new Date(this.now().getTime() + backoff));
      this.o.log.error('recap.post_failed', { ...where, attempt: claim.attempts, retryInMs: backoff, error });
      return { kind: 'failed', error };
    }
  }

  private async contentOf(teamId: string, stats: RecapStats): Promise<RecapContent> {
    const bank = this.o.bank();
    const titles = new Map(bank.topics.map((t) => [t.topic, t.title]));
    const topicTitle = (topic: string) => titles.get(topic) ?? topic;
    const post = stats.hardest && (await this.o.stores.posts.get(teamId, stats.hardest.postId));
    const chart = await svgToPng(recapChartSvg(recapChartData(stats, topicTitle)));
    return {
      stats,
      ...(post && stats.hardest ? { hardest: { question: post.question, ...stats.hardest } } : {}),
      topicTitle,
      chart,
    };
  }

  /** Turns recaps on or off in a channel; resolves to whether they were on before. */
  async setEnabled(teamId: string, channelId: string, enabled: boolean, userId: string): Promise<boolean> {
    const before = await this.o.recaps.isEnabled(teamId, channelId);
    await this.o.recaps.setEnabled(teamId, channelId, enabled, userId, this.now());
    return before;
  }
}
