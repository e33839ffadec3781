import { describe, expect, it } from 'vitest';
import { ReplayGuard } from './server.ts';

describe('ReplayGuard', () => {
  it('refuses a signature seen within five minutes and accepts it after', () => {
    let now = 1_000_000;
    const guard = new ReplayGuard(() => now);
    expect(guard.isReplay('v0=a')).toBe(false);
    expect(guard.isReplay('v0=a')).toBe(true);
    now += 4 * 60_000;
    expect(guard.isReplay('v0=a')).toBe(true);
    now += 2 * 60_000;
    expect(guard.isReplay('v0=a')).toBe(false);
  });

  it('forgets expired signatures so memory stays bounded by the window', () => {
    let now = 0;
    const guard = new ReplayGuard(() => now);
    for (let i = 0; i < 1000; i++) guard.isReplay(`old-${i}`);
    now += 6 * 60_000;
    guard.isReplay('new');
    expect((guard as unknown as { seen: Map<string, number> }).seen.size).toBe(1);
  });
});
