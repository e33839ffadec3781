import { describe, expect, it } from 'vitest';
import { type FanOutJob, fanOut } from './fan-out.ts';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('fanOut', () => {
  it('serves the keys in turn, so a key with many jobs waits behind one job of each other key', async () => {
    const order: string[] = [];
    const job = (key: string, name: string): FanOutJob => ({
      key,
      run: async () => {
        order.push(name);
        return undefined;
      },
    });
    const jobs = [...['a1', 'a2', 'a3', 'a4'].map((n) => job('A', n)), job('B', 'b1'), job('C', 'c1'), job('B', 'b2')];
    await fanOut(jobs, { maxInFlight: 1, maxPerKey: 1 });
    expect(order).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3', 'a4']);
  });

  it('never runs more than the limits at once, per key and in all', async () => {
    const inFlight = new Map<string, number>();
    let total = 0;
    let peakTotal = 0;
    let peakPerKey = 0;
    const jobs: FanOutJob[] = Array.from({ length: 120 }, (_, i) => ({
      key: `T${i % 7}`,
      run: async () => {
        const key = `T${i % 7}`;
        inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
        total++;
        peakTotal = Math.max(peakTotal, total);
        peakPerKey = Math.max(peakPerKey, inFlight.get(key) ?? 0);
        await pause(1 + (i % 3));
        inFlight.set(key, (inFlight.get(key) ?? 0) - 1);
        total--;
        return undefined;
      },
    }));
    await fanOut(jobs, { maxInFlight: 5, maxPerKey: 2 });
    expect(peakTotal).toBe(5);
    expect(peakPerKey).toBe(2);
  });

  it('pauses only the key Slack rate-limited and runs its job again after Retry-After', async () => {
    const done: { name: string; at: number }[] = [];
    const t0 = Date.now();
    let limited = false;
    const jobs: FanOutJob[] = [
      {
        key: 'A',
        run: async () => {
          if (!limited) {
            limited = true;
            return { retryAfterMs: 120 };
          }
          done.push({ name: 'a1', at: Date.now() - t0 });
          return undefined;
        },
      },
      { key: 'A', run: async () => void done.push({ name: 'a2', at: Date.now() - t0 }) },
      ...['b1', 'b2', 'b3'].map((name) => ({ key: 'B', run: async () => void done.push({ name, at: Date.now() - t0 }) })),
    ];
    await fanOut(jobs, { maxInFlight: 4, maxPerKey: 1 });
    expect(done.map((d) => d.name)).toEqual(['b1', 'b2', 'b3', 'a1', 'a2']);
    expect(done.find((d) => d.name === 'b3')?.at).toBeLessThan(100);
    expect(done.find((d) => d.name === 'a1')?.at).toBeGreaterThanOrEqual(118);
  });

  it('finishes at once with no jobs, and treats a job that throws as done', async () => {
    await fanOut([], { maxInFlight: 2, maxPerKey: 1 });
    let ran = 0;
    await fanOut(
      [
        { key: 'A', run: () => Promise.reject(new Error('boom')) },
        { key: 'A', run: async () => void ran++ },
      ],
      { maxInFlight: 2, maxPerKey: 1 },
    );
    expect(ran).toBe(1);
  });
});
