/**
 * A fair fan-out for a scheduled minute's work: many jobs, grouped by a key (the workspace), run with
 * bounded concurrency per key and in all, the keys taking turns (round-robin), so a workspace with a
 * hundred due channels, or one Slack has rate-limited, does not hold the others back. A job that
 * reports `retryAfterMs` (Slack's 429) goes back to the front of its key's queue and the whole key
 * pauses that long: the other keys carry on meanwhile.
 */
export interface FanOutJob {
  /** Jobs of one key share its concurrency and its rate-limit pauses. */
  key: string;
  /** One attempt. It must not throw; `{ retryAfterMs }` asks for another attempt after a pause. */
  run(): Promise<undefined | { retryAfterMs: number }>;
}

export interface FanOutLimits {
  maxInFlight: number;
  maxPerKey: number;
}

interface KeyState {
  queue: FanOutJob[];
  inFlight: number;
  pausedUntil: number;
}

/** Runs every job to completion (through its pauses); resolves when the last one has finished. */
export function fanOut(jobs: readonly FanOutJob[], limits: FanOutLimits, now: () => number = Date.now): Promise<void> {
  const keys = new Map<string, KeyState>();
  for (const job of jobs) {
    const state = keys.get(job.key) ?? { queue: [], inFlight: 0, pausedUntil: 0 };
    state.queue.push(job);
    keys.set(job.key, state);
  }
  const ring = [...keys.values()];
  let cursor = 0;
  let running = 0;
  let wake: NodeJS.Timeout | undefined;

  return new Promise<void>((resolve) => {
    const finish = (state: KeyState, job: FanOutJob, outcome: undefined | { retryAfterMs: number }) => {
      running--;
      state.inFlight--;
      if (outcome) {
        state.queue.unshift(job);
        state.pausedUntil = Math.max(state.pausedUntil, now() + outcome.retryAfterMs);
      }
      pump();
    };
    const start = (state: KeyState) => {
      const job = state.queue.shift() as FanOutJob;
      running++;
      state.inFlight++;
      job.run().then(
        (outcome) => finish(state, job, outcome),
        () => finish(state, job, undefined),
      );
    };
    /** Starts one job for each key that may run one, in turn from the cursor, until the limit is reached. */
    const pump = () => {
      if (wake) clearTimeout(wake);
      wake = undefined;
      const t = now();
      let nextWake = Number.POSITIVE_INFINITY;
      let started = true;
      while (started && running < limits.maxInFlight) {
        started = false;
        for (let i = 0; i < ring.length && running < limits.maxInFlight; i++) {
          const index = (cursor + i) % ring.length;
          const state = ring[index] as KeyState;
          if (state.queue.length === 0 || state.inFlight >= limits.maxPerKey) continue;
          if (state.pausedUntil > t) {
            nextWake = Math.min(nextWake, state.pausedUntil);
            continue;
          }
          start(state);
          started = true;
          cursor = (index + 1) % ring.length;
          // The next pass starts after this key: the ring turns one key at a time.
          break;
        }
      }
      if (running === 0 && ring.every((s) => s.queue.length === 0)) return resolve();
      if (nextWake < Number.POSITIVE_INFINITY) wake = setTimeout(pump, nextWake - t);
    };
    pump();
  });
}
