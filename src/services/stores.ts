/**
 * The storage seam: what the services need from a database, as asynchronous interfaces over
 * domain values. The SQLite implementation (db/sqlite-stores.ts) sits behind it; a second
 * backend implements the same interfaces and passes the same tests.
 */
import type {
  AnswerInput,
  AnswerOutcome,
  ChannelSettings,
  ChannelState,
  LeaderRow,
  PersonalRecord,
  Post,
  PostedQuestion,
  QuizChannel,
} from '../quiz/model.ts';
import type { PeriodRange } from '../quiz/periods.ts';

/** The answer of PostStore.claimCountUpdate. */
export type CountClaim =
  /** This process shows `post`'s count now; the store has recorded it as shown. */
  | { kind: 'claimed'; post: Post }
  /** A newer count waits, but another update went out less than the gap ago: try again at `until`. */
  | { kind: 'wait'; until: Date }
  /** The post is closed, or its message already shows its count. */
  | { kind: 'nothing' };

export interface PostStore {
  get(teamId: string, postId: number): Promise<Post | undefined>;
  bySlot(teamId: string, channelId: string, slot: string): Promise<Post | undefined>;
  /** Questions a channel has had, oldest first, for choosing the next one. */
  history(teamId: string, channelId: string): Promise<{ questionId: string; topic: string }[]>;
  /** The slot's post, created unless it exists: the unique (team, channel, slot) key decides. */
  createForSlot(p: { teamId: string; channelId: string; slot: string; question: PostedQuestion }, now: Date): Promise<Post>;
  /** Takes the right to call Slack for a pending post until `until`; false when someone else holds it. */
  lease(postId: number, now: Date, until: Date): Promise<boolean>;
  recordFailure(postId: number, error: string, retryAt: Date): Promise<void>;
  /** Marks the post live with the next number of its channel, taken from the channel's counter. */
  markPosted(postId: number, messageTs: string, now: Date, revealDueAt: Date): Promise<Post>;
  retryable(now: Date): Promise<Post[]>;
  openInChannel(teamId: string, channelId: string, exceptId: number): Promise<Post[]>;
  dueForReveal(now: Date): Promise<Post[]>;
  /** Closes a post to answers; false if it was closed already. */
  close(postId: number, now: Date): Promise<boolean>;
  markRevealShown(postId: number, shown: boolean): Promise<void>;
  revealsToRetry(): Promise<Post[]>;
  latestInChannel(teamId: string, channelId: string): Promise<Post | undefined>;
  /**
   * Takes the right to show a live post's answer count: one conditional UPDATE that succeeds for one
   * caller per `gapMs` across every process on the database, and only while the count shown
   * (count_shown) is behind answer_count; it records the count and instant (count_shown_at) shown.
   */
  claimCountUpdate(postId: number, now: Date, gapMs: number): Promise<CountClaim>;
}

export interface ChannelStore {
  /**
   * Starts or restarts a channel's quiz (state active, last error and notified error cleared). The
   * person becomes its `setBy` (kept when null). `settings` replace the channel's; without them a
   * new channel gets DEFAULT_CHANNEL_SETTINGS and a known one keeps its own.
   */
  upsert(
    c: {
      teamId: string;
      channelId: string;
      schedule: string;
      timezone: string;
      userId: string | null;
      settings?: ChannelSettings;
    },
    now: Date,
  ): Promise<void>;
  /** Adds the channel unless it is known; false when it was. */
  seed(c: { teamId: string; channelId: string; schedule: string; timezone: string }, now: Date): Promise<boolean>;
  setState(teamId: string, channelId: string, state: ChannelState, userId: string, now: Date): Promise<boolean>;
  get(teamId: string, channelId: string): Promise<QuizChannel | undefined>;
  active(): Promise<QuizChannel[]>;
  /** A workspace's paused channels whose pause was set by `userId` (services/installations.ts: the uninstall). */
  pausedBy(teamId: string, userId: string): Promise<QuizChannel[]>;
  recordError(teamId: string, channelId: string, error: string | null, now: Date): Promise<void>;
  /** Stores the posting problem the channel's admin was last told about; null once told it recovered. */
  recordNotified(teamId: string, channelId: string, error: string | null): Promise<void>;
}

export type AnswerResult = { ok: true; outcome: AnswerOutcome } | { ok: false; error: unknown };

export interface AnswerStore {
  /**
   * Stores a group of clicks in one transaction, each decided by decideAnswer inside it; every
   * result is settled only after the commit. One click's failure is never another's.
   */
  recordAll(batch: readonly { answer: AnswerInput; at: Date }[]): Promise<AnswerResult[]>;
}

export interface StandingsStore {
  leaderboard(teamId: string, range: PeriodRange, limit?: number): Promise<LeaderRow[]>;
  personalRecord(teamId: string, userId: string): Promise<PersonalRecord>;
}

export interface ShareStore {
  /** Records a card shared into a channel; false when this person already shared it from there. */
  record(s: { teamId: string; userId: string; cardId: string; sourceTs: string }, now: Date): Promise<boolean>;
}

export interface Stores {
  posts: PostStore;
  channels: ChannelStore;
  answers: AnswerStore;
  standings: StandingsStore;
  shares: ShareStore;
  /** Runs `work` in one transaction: all of its writes commit together, or none does. */
  transaction<T>(work: (stores: Stores) => Promise<T>): Promise<T>;
  isHealthy(): Promise<boolean>;
}
