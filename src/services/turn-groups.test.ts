import { describe, expect, it } from 'vitest';
import { type Settled, TurnGroups } from './turn-groups.ts';

/** A runner that records its groups and answers each when the test says so. */
function gatedRunner() {
  const groups: number[][] = [];
  const gates: (() => void)[] = [];
  const run = async (items: number[]): Promise<Settled<number>[]> => {
    groups.push(items);
    await new Promise<void>((resolve) => gates.push(resolve));
    return items.map((n) => (n < 0 ? { ok: false, error: new Error(`bad ${n}`) } : { ok: true, value: n * 10 }));
  };
  return { groups, gates, run };
}

const turn = () => new Promise((r) => setImmediate(r));

describe('TurnGroups', () => {
  it('runs what arrives in one turn as one group, and what arrives while it runs as the next', async () => {
    const r = gatedRunner();
    const g = new TurnGroups(r.run, 100);
    const first = [1, 2, 3].map((n) => g.add(n));
    await turn();
    expect(r.groups).toEqual([[1, 2, 3]]);
    const second = [4, 5].map((n) => g.add(n));
    await turn();
    await turn();
    // One group in flight at a time: 4 and 5 wait for the first group.
    expect(r.groups).toEqual([[1, 2, 3]]);
    r.gates.shift()?.();
    expect(await Promise.all(first)).toEqual([10, 20, 30]);
    await turn();
    expect(r.groups).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    r.gates.shift()?.();
    expect(await Promise.all(second)).toEqual([40, 50]);
  });

  it('keeps an item’s failure its own, fails a group that throws, and caps a group’s size', async () => {
    const r = gatedRunner();
    const g = new TurnGroups(r.run, 2);
    const settled = Promise.allSettled([1, -2, 3].map((n) => g.add(n)));
    await turn();
    r.gates.shift()?.();
    await turn();
    await turn();
    expect(r.groups).toEqual([[1, -2], [3]]);
    r.gates.shift()?.();
    expect((await settled).map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual([
      10,
      'bad -2',
      30,
    ]);

    let isDown = true;
    const flaky = new TurnGroups<number, number>(async (items) => {
      if (isDown) throw new Error('database gone');
      return items.map((n) => ({ ok: true, value: n }));
    }, 10);
    const both = await Promise.allSettled([flaky.add(1), flaky.add(2)]);
    expect(both.map((s) => s.status === 'rejected' && (s.reason as Error).message)).toEqual(['database gone', 'database gone']);
    // And it serves the next group once the database is back.
    isDown = false;
    expect(await flaky.add(7)).toBe(7);
  });
});
