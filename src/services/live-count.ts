import { errorCode } from '../errors.ts';
import type { Log } from '../log.ts';
import type { Post } from '../quiz/model.ts';
import type { QuizPublisher } from './quiz.ts';
import type { PostStore } from './stores.ts';

/**
 * The live answer count on a posted question. Clicks are coalesced so a burst makes one chat.update
 * per interval; the right to send it is claimed in the database (PostStore.claimCountUpdate), so
 * several processes serving one post's clicks send one update per interval between them, and the
 * last count is shown by whichever process claims after it.
 */
export class LiveCount {
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly o: {
      posts: PostStore;
      publisher: Pick<QuizPublisher, 'showCount'>;
      log: Log;
      /** At least this long between two updates of one message (Slack rate-limits chat.update). */
      gapMs: number;
      /** Real time: the gap is about Slack's rate limit, whatever clock the quiz runs on. */
      wallClock: () => number;
    },
  ) {}

  /** A click was stored on `post`: its count is shown within the gap, once for the whole burst. */
  answered(post: Post): void {
    this.schedule(post, this.o.gapMs);
  }

  /** The post closed: no count update for it any more. */
  cancel(postId: number): void {
    const t = this.timers.get(postId);
    if (t) clearTimeout(t);
    this.timers.delete(postId);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private schedule(post: Post, delayMs: number): void {
    if (this.timers.has(post.id) || this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(post.id);
      void this.showLatest(post);
    }, delayMs);
    timer.unref();
    this.timers.set(post.id, timer);
  }

  private async showLatest(post: Post): Promise<void> {
    const ids = { team: post.teamId, channel: post.channelId, post: post.id };
    const claim = await this.o.posts
      .claimCountUpdate(post.id, new Date(this.o.wallClock()), this.o.gapMs)
      .catch((err: unknown) => {
        this.o.log.warn('quiz.count_update_failed', { ...ids, error: errorCode(err) });
        return undefined;
      });
    if (claim?.kind === 'wait') return this.schedule(post, Math.max(1, claim.until.getTime() - this.o.wallClock()));
    if (claim?.kind !== 'claimed') return;
    this.o.log.debug('quiz.count_claimed', { ...ids, count: claim.post.answerCount });
    await this.o.publisher.showCount(claim.post).catch((err: unknown) => {
      this.o.log.warn('quiz.count_update_failed', { ...ids, error: errorCode(err) });
    });
  }
}
