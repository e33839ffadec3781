/**
 * The storage seam of the weekly recap, asynchronous like stores.ts; db/sqlite-recap-store.ts is
 * the embedded implementation. A recap is claimed under its unique (team, channel, week) key
 * before Slack is called, so it is posted once whoever ticks and however often.
 */
import type { RecapAnswer } from '../recap/stats.ts';

export interface RecapKey {
  teamId: string;
  channelId: string;
  /** The recapped week's Monday in the channel's zone, 'YYYY-MM-DD' (recap/week.ts). */
  week: string;
}

export type RecapClaim =
  /** The caller holds the right to post until the lease it asked for; `attempts` counts this one. */
  | { kind: 'claimed'; attempts: number }
  /** Posted already, or skipped (a week without answers): nothing more to do for this week. */
  | { kind: 'done'; state: 'posted' | 'skipped' }
  /** Someone else holds it, or a failed attempt waits out its backoff. */
  | { kind: 'busy' }
  /** An admin turned recaps off in this channel. */
  | { kind: 'off' };

export interface RecapStore {
  /**
   * Creates the week's recap unless it exists and takes its lease until `leaseUntil`, when it is
   * pending and no one holds it; in one atomic step, and only while recaps are on in the channel.
   */
  claim(key: RecapKey, now: Date, leaseUntil: Date): Promise<RecapClaim>;
  markPosted(key: RecapKey, fileId: string | null, now: Date): Promise<void>;
  /** Nothing to recap (no answers): the week is settled without a message. */
  markSkipped(key: RecapKey, reason: string, now: Date): Promise<void>;
  /** A failed attempt; the lease stays until `retryAt`, so the next try waits. */
  recordFailure(key: RecapKey, error: string, retryAt: Date): Promise<void>;
  /** Every answer given in the channel before `until`, with its post's seq and topic. */
  answersBefore(teamId: string, channelId: string, until: Date): Promise<RecapAnswer[]>;
  /** Whether recaps are on in the channel: on unless an admin turned them off. */
  isEnabled(teamId: string, channelId: string): Promise<boolean>;
  setEnabled(teamId: string, channelId: string, enabled: boolean, userId: string, now: Date): Promise<void>;
}
