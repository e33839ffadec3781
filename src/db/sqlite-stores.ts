/**
 * The SQLite implementation of the storage seam. better-sqlite3 is synchronous: each method does
 * its work at once and hands back a settled promise, so the seam costs a microtask, not a thread.
 */
import type { Stores } from '../services/stores.ts';
import { recordAnswers } from './answers.ts';
import * as channels from './channels.ts';
import { gateOf } from './gate.ts';
import type { Db } from './open.ts';
import * as posts from './posts.ts';
import { recordShare } from './shares.ts';
import * as standings from './standings.ts';

/** Runs a synchronous store call as the seam's asynchronous one; a throw becomes a rejection. */
function async<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => Promise<R> {
  return (...args) => {
    try {
      return Promise.resolve(fn(...args));
    } catch (err) {
      return Promise.reject(err);
    }
  };
}

/** The stores over one connection, each call passed through `wrap`. */
function storesOver(db: Db, wrap: typeof async): Omit<Stores, 'transaction' | 'isHealthy'> {
  return {
    posts: {
      get: wrap((teamId: string, postId: number) => posts.getPost(db, teamId, postId)),
      bySlot: wrap((teamId: string, channelId: string, slot: string) => posts.getPostBySlot(db, teamId, channelId, slot)),
      history: wrap((teamId: string, channelId: string) => posts.channelHistory(db, teamId, channelId)),
      createForSlot: wrap((p: Parameters<typeof posts.createPostForSlot>[1], now: Date) => posts.createPostForSlot(db, p, now)),
      lease: wrap((postId: number, now: Date, until: Date) => posts.leasePost(db, postId, now, until)),
      recordFailure: wrap((postId: number, error: string, retryAt: Date) => posts.recordPostFailure(db, postId, error, retryAt)),
      markPosted: wrap((postId: number, ts: string, now: Date, due: Date) => posts.markPosted(db, postId, ts, now, due)),
      retryable: wrap((now: Date) => posts.retryablePosts(db, now)),
      openInChannel: wrap((teamId: string, channelId: string, exceptId: number) =>
        posts.openPostsInChannel(db, teamId, channelId, exceptId),
      ),
      dueForReveal: wrap((now: Date) => posts.postsDueForReveal(db, now)),
      close: wrap((postId: number, now: Date) => posts.closePost(db, postId, now)),
      markRevealShown: wrap((postId: number, shown: boolean) => posts.markRevealShown(db, postId, shown)),
      revealsToRetry: wrap(() => posts.revealsToRetry(db)),
      latestInChannel: wrap((teamId: string, channelId: string) => posts.latestPostInChannel(db, teamId, channelId)),
      claimCountUpdate: wrap((postId: number, now: Date, gapMs: number) => posts.claimCountUpdate(db, postId, now, gapMs)),
    },
    channels: {
      upsert: wrap((c: Parameters<typeof channels.upsertQuizChannel>[1], now: Date) => channels.upsertQuizChannel(db, c, now)),
      seed: wrap((c: Parameters<typeof channels.seedQuizChannel>[1], now: Date) => channels.seedQuizChannel(db, c, now)),
      setState: wrap(
        (teamId: string, channelId: string, state: Parameters<typeof channels.setChannelState>[3], userId: string, now: Date) =>
          channels.setChannelState(db, teamId, channelId, state, userId, now),
      ),
      get: wrap((teamId: string, channelId: string) => channels.getQuizChannel(db, teamId, channelId)),
      active: wrap(() => channels.activeQuizChannels(db)),
      pausedBy: wrap((teamId: string, userId: string) => channels.channelsPausedBy(db, teamId, userId)),
      recordError: wrap((teamId: string, channelId: string, error: string | null, now: Date) =>
        channels.recordChannelError(db, teamId, channelId, error, now),
      ),
      recordNotified: wrap((teamId: string, channelId: string, error: string | null) =>
        channels.recordNotifiedError(db, teamId, channelId, error),
      ),
    },
    answers: { recordAll: wrap((batch: Parameters<typeof recordAnswers>[1]) => recordAnswers(db, batch)) },
    standings: {
      leaderboard: wrap((teamId: string, range: Parameters<typeof standings.leaderboard>[2], limit?: number) =>
        standings.leaderboard(db, teamId, range, limit),
      ),
      personalRecord: wrap((teamId: string, userId: string) => standings.personalRecord(db, teamId, userId)),
    },
    shares: { record: wrap((s: Parameters<typeof recordShare>[1], now: Date) => recordShare(db, s, now)) },
  };
}

export function sqliteStores(db: Db): Stores {
  const gate = gateOf(db);
  const inside: Stores = {
    ...storesOver(db, async),
    transaction: (work) => work(inside),
    isHealthy: async () => isHealthy(db),
  };
  const outside: Stores = {
    ...storesOver(db, gate.wrap),
    transaction: (work) => gate.transaction(() => work(inside)),
    isHealthy: async () => isHealthy(db),
  };
  return outside;
}

function isHealthy(db: Db): boolean {
  try {
    return db.open && (db.prepare('SELECT 1 AS ok').get() as { ok: number }).ok === 1;
  } catch {
    return false;
  }
}
