/** Small helpers shared by the benchmarks. */
export { seededRandom } from '../test/support/seeded-random.ts';

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, rank)] ?? 0;
}

export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

/** Times `run` one call at a time; returns the timings in ms, ascending. */
export function timeEach<T>(inputs: readonly T[], run: (input: T) => unknown): number[] {
  const timings: number[] = [];
  for (const input of inputs) {
    const start = performance.now();
    run(input);
    timings.push(performance.now() - start);
  }
  return timings.sort((a, b) => a - b);
}
