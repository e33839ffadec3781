import { createHash } from 'node:crypto';

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

/** Slack's signature: `v0=` and the hex of an HMAC-SHA256, whose first 64 bits serve as its key. */
const SLACK_SIGNATURE = /^v0=[0-9a-f]{16}/;
const EMPTY = 0;
const REMOVED = -1;

/** A key's 64 bits as two unsigned 32-bit halves. */
function keyBits(key: string): [number, number] {
  if (SLACK_SIGNATURE.test(key)) {
    return [Number.parseInt(key.slice(3, 11), 16), Number.parseInt(key.slice(11, 19), 16)];
  }
  const digest = createHash('sha256').update(key).digest();
  return [digest.readUInt32BE(0), digest.readUInt32BE(4)];
}

/**
 * 64-bit keys with an expiry each, in an open-addressing table of typed arrays kept at most half
 * full, so a probe ends within a few slots.
 */
class KeyTable {
  private readonly mask: number;
  private readonly high: Uint32Array;
  private readonly low: Uint32Array;
  // Expiry in ms; EMPTY ends a probe, REMOVED does not.
  private readonly expires: Float64Array;
  live = 0;
  private removed = 0;

  constructor(max: number) {
    const capacity = 2 ** Math.ceil(Math.log2(Math.max(2, max) * 2));
    this.mask = capacity - 1;
    this.high = new Uint32Array(capacity);
    this.low = new Uint32Array(capacity);
    this.expires = new Float64Array(capacity);
  }

  private home(high: number, low: number): number {
    return (Math.imul(high ^ Math.imul(low, 0x9e3779b1), 0x85ebca6b) >>> 0) & this.mask;
  }

  /** The key's expiry, or EMPTY when it is not held. */
  expiryOf(high: number, low: number): number {
    const slot = this.find(high, low);
    return slot < 0 ? EMPTY : (this.expires[slot] ?? EMPTY);
  }

  /** Forgets the key if it is held with exactly this expiry (a later offer of it stays). */
  remove(high: number, low: number, expires?: number): void {
    const slot = this.find(high, low);
    if (slot >= 0 && (expires === undefined || this.expires[slot] === expires)) this.removeSlot(slot);
  }

  /** Holds a key that is not held yet. */
  place(high: number, low: number, expires: number): void {
    let slot = this.home(high, low);
    while (this.occupied(slot)) slot = (slot + 1) & this.mask;
    if (this.expires[slot] === REMOVED) this.removed--;
    this.high[slot] = high;
    this.low[slot] = low;
    this.expires[slot] = expires;
    this.live++;
    this.compact();
  }

  /** Forgets every key expired by `t`; how many went. */
  sweep(t: number): number {
    let dropped = 0;
    for (let slot = 0; slot <= this.mask; slot++) {
      const expires = this.expires[slot] ?? EMPTY;
      if (expires > 0 && expires <= t) {
        this.removeSlot(slot);
        dropped++;
      }
    }
    this.compact();
    return dropped;
  }

  private occupied(slot: number): boolean {
    const expires = this.expires[slot];
    return expires !== EMPTY && expires !== REMOVED;
  }

  private find(high: number, low: number): number {
    for (let slot = this.home(high, low); this.expires[slot] !== EMPTY; slot = (slot + 1) & this.mask) {
      if (this.occupied(slot) && this.high[slot] === high && this.low[slot] === low) return slot;
    }
    return -1;
  }

  private removeSlot(slot: number): void {
    this.expires[slot] = REMOVED;
    this.live--;
    this.removed++;
  }

  // Removed slots lengthen probes: once they and the live keys fill three quarters, lay the live
  // keys out again.
  private compact(): void {
    const capacity = this.mask + 1;
    if (this.live + this.removed <= capacity * 0.75) return;
    const kept: Array<[number, number, number]> = [];
    for (let slot = 0; slot < capacity; slot++) {
      if (this.occupied(slot)) kept.push([this.high[slot] ?? 0, this.low[slot] ?? 0, this.expires[slot] ?? 0]);
    }
    this.expires.fill(EMPTY);
    this.live = 0;
    this.removed = 0;
    for (const [high, low, expires] of kept) this.place(high, low, expires);
  }
}

/** The same keys in arrival order, in a ring of typed arrays, to expire and evict the oldest. */
class ArrivalRing {
  private readonly high: Uint32Array;
  private readonly low: Uint32Array;
  private readonly expires: Float64Array;
  private start = 0;
  count = 0;

  constructor(readonly max: number) {
    this.high = new Uint32Array(max);
    this.low = new Uint32Array(max);
    this.expires = new Float64Array(max);
  }

  oldestExpiry(): number {
    return this.count > 0 ? (this.expires[this.start] ?? 0) : Number.POSITIVE_INFINITY;
  }

  push(high: number, low: number, expires: number): void {
    const end = (this.start + this.count) % this.max;
    this.high[end] = high;
    this.low[end] = low;
    this.expires[end] = expires;
    this.count++;
  }

  /** Takes the oldest entry out and hands it to `drop`. */
  shift(drop: (high: number, low: number, expires: number) => void): void {
    drop(this.high[this.start] ?? 0, this.low[this.start] ?? 0, this.expires[this.start] ?? 0);
    this.start = (this.start + 1) % this.max;
    this.count--;
  }
}

/**
 * The single-process default. Each signature is kept as 64 bits of its HMAC in typed arrays (a
 * table to look it up and a ring in arrival order to expire and evict it), not as a string in a
 * Map: at the cap that is under 3 MB outside the garbage-collected heap instead of about 9 MB of
 * strings and boxed numbers inside it. Two different signatures share a key with a chance of about
 * 1 in 10^10 at the cap, and then the later one is refused as a replay.
 */
export function memoryReplayStore(now: () => number = Date.now, max = REPLAY_MEMORY_MAX): ReplayStore & { size(): number } {
  const table = new KeyTable(max);
  const ring = new ArrivalRing(max);
  // The ring's oldest entry goes, and its key unless the key was offered again since.
  const dropOldest = () => ring.shift((high, low, expires) => table.remove(high, low, expires));
  // Arrival order is nearly expiry order: stop at the first live entry (the sweep gets the rest).
  const expireUntil = (t: number) => {
    while (ring.oldestExpiry() <= t) dropOldest();
  };

  return {
    async firstSeen(key, expiresAt) {
      const t = now();
      expireUntil(t);
      const [high, low] = keyBits(key);
      const held = table.expiryOf(high, low);
      if (held > t) return false;
      if (held !== EMPTY) table.remove(high, low);
      if (ring.count === max) dropOldest();
      // Kept above EMPTY; an expiry that is not a time is already over.
      const ms = expiresAt.getTime();
      const expires = Number.isFinite(ms) && ms > 1 ? ms : 1;
      table.place(high, low, expires);
      ring.push(high, low, expires);
      return true;
    },
    async sweep(at) {
      const t = at.getTime();
      const dropped = table.sweep(t);
      expireUntil(t);
      return dropped;
    },
    size: () => table.live,
  };
}
