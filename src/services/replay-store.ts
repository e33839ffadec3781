/**
 * The replay guard's memory: request signatures already admitted, kept while Slack's timestamp
 * window could still accept them. One process keeps them in memory (the fastest, and all a single
 * process needs); several instances behind one load balancer share them through their database, so
 * a request captured on its way to one instance is refused by every other.
 */
export interface ReplayStore {
  /**
   * True the first time `key` is offered, false for every later offer until `expiresAt`: one atomic
   * step across every instance sharing the store ("insert, and the key decides").
   */
  firstSeen(key: string, expiresAt: Date): Promise<boolean>;
  /** Forgets the keys expired by `now`; how many went. */
  sweep(now: Date): Promise<number>;
}

/** More signatures than this inside one window is no Slack traffic: memory wins over the oldest entry. */
export const REPLAY_MEMORY_MAX = 50_000;

/** The single-process default: a map in arrival order, expired entries dropped as new ones arrive. */
export function memoryReplayStore(now: () => number = Date.now, max = REPLAY_MEMORY_MAX): ReplayStore & { size(): number } {
  const seen = new Map<string, number>();
  const dropExpired = (t: number, all: boolean) => {
    let dropped = 0;
    for (const [key, expires] of seen) {
      // Arrival order is nearly expiry order: stop at the first live entry unless sweeping.
      if (expires > t) {
        if (all) continue;
        break;
      }
      seen.delete(key);
      dropped++;
    }
    return dropped;
  };
  return {
    async firstSeen(key, expiresAt) {
      dropExpired(now(), false);
      if (seen.has(key)) return false;
      if (seen.size >= max) {
        const oldest = seen.keys().next().value;
        if (oldest !== undefined) seen.delete(oldest);
      }
      seen.set(key, expiresAt.getTime());
      return true;
    },
    sweep: async (at) => dropExpired(at.getTime(), true),
    size: () => seen.size,
  };
}
