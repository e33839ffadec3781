import { describe, expect, it } from 'vitest';
import { reviewCard } from '../practice/schedule.ts';
import { migrate } from './migrate.ts';
import { openDatabase } from './open.ts';
import { practiceCards } from './practice.ts';
import {
  claimNudge,
  dueNudges,
  finishNudge,
  practiceSettings,
  returnFromAway,
  savePracticeSettings,
} from './practice-settings.ts';

const LEASE = 5 * 60_000;
const now = new Date('2026-12-02T09:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);

function db() {
  const d = openDatabase(':memory:');
  migrate(d);
  return d;
}

describe('the reminder key of a local day', () => {
  it('is claimed once: a second claim is held, a sent day stays sent', () => {
    const d = db();
    expect(claimNudge(d, 'T1', 'U1', '2026-12-02', now, LEASE)).toEqual({ kind: 'claimed', attempts: 1 });
    expect(claimNudge(d, 'T1', 'U1', '2026-12-02', later(1000), LEASE)).toEqual({ kind: 'held' });
    // Another person, and another day, have keys of their own.
    expect(claimNudge(d, 'T1', 'U2', '2026-12-02', now, LEASE).kind).toBe('claimed');
    expect(claimNudge(d, 'T2', 'U1', '2026-12-02', now, LEASE).kind).toBe('claimed');
    expect(claimNudge(d, 'T1', 'U1', '2026-12-03', now, LEASE).kind).toBe('claimed');
    finishNudge(d, 'T1', 'U1', '2026-12-02', { sent: true, dueCount: 3 }, { expected: now, next: null }, now);
    expect(claimNudge(d, 'T1', 'U1', '2026-12-02', later(LEASE * 10), LEASE)).toEqual({ kind: 'sent' });
  });

  it('is released by a failed send, and taken over from a process that died after its lease', () => {
    const d = db();
    claimNudge(d, 'T1', 'U1', '2026-12-02', now, LEASE);
    finishNudge(d, 'T1', 'U1', '2026-12-02', { sent: false, dueCount: 2 }, { expected: now, next: null }, now);
    expect(claimNudge(d, 'T1', 'U1', '2026-12-02', later(1000), LEASE)).toEqual({ kind: 'claimed', attempts: 2 });
    // This claim's process dies: held until the lease runs out, then taken over.
    expect(claimNudge(d, 'T1', 'U1', '2026-12-02', later(LEASE), LEASE)).toEqual({ kind: 'held' });
    expect(claimNudge(d, 'T1', 'U1', '2026-12-02', later(LEASE + 1000), LEASE)).toEqual({ kind: 'claimed', attempts: 3 });
  });

  it('moves the next look only if nobody changed it meanwhile', () => {
    const d = db();
    savePracticeSettings(d, 'T1', 'U1', { remindAt: '09:00', timezone: 'UTC', nextNudgeAt: now }, now);
    expect(dueNudges(d, now, 10).map((n) => n.userId)).toEqual(['U1']);
    // The person set another time while the tick was sending: the tick's reschedule must not undo it.
    const mine = later(6 * 3_600_000);
    savePracticeSettings(d, 'T1', 'U1', { remindAt: '15:00', nextNudgeAt: mine }, now);
    claimNudge(d, 'T1', 'U1', '2026-12-02', now, LEASE);
    finishNudge(d, 'T1', 'U1', '2026-12-02', { sent: true, dueCount: 1 }, { expected: now, next: later(86_400_000) }, now);
    expect(practiceSettings(d, 'T1', 'U1')).toMatchObject({ remindAt: '15:00', nextNudgeAt: mine });
    expect(dueNudges(d, now, 10)).toEqual([]);
  });

  it('asks the index, not the table, whose reminder is due', () => {
    const d = db();
    const plan = d
      .prepare(
        'EXPLAIN QUERY PLAN SELECT * FROM practice_settings WHERE next_nudge_at IS NOT NULL AND next_nudge_at <= ? ORDER BY next_nudge_at LIMIT ?',
      )
      .all(now.toISOString(), 50) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX practice_settings_next_nudge/);
  });
});

describe('returning from away', () => {
  it('moves the cards due during the absence in one transaction and clears the window, once', () => {
    const d = db();
    const card = reviewCard(undefined, false, now).card;
    d.prepare(
      `INSERT INTO practice_cards (team_id, user_id, question_id, due, stability, difficulty, elapsed_days, scheduled_days,
         learning_steps, reps, lapses, misses, state, last_review, long_right_streak, retired, updated_at)
       VALUES ('T1', 'U1', 'q1', ?, ?, ?, 0, 0, ?, ?, 0, 1, ?, ?, 0, 0, ?)`,
    ).run(
      card.due.toISOString(),
      card.stability,
      card.difficulty,
      card.learningSteps,
      card.reps,
      card.state,
      now.toISOString(),
      now.toISOString(),
    );
    savePracticeSettings(d, 'T1', 'U1', { awayFrom: now, awayUntil: later(7 * 86_400_000) }, now);
    expect(returnFromAway(d, 'T1', 'U1', later(7 * 86_400_000))).toBe(1);
    expect(practiceCards(d, 'T1', 'U1').get('q1')?.due).toEqual(new Date(card.due.getTime() + 7 * 86_400_000));
    expect(practiceSettings(d, 'T1', 'U1')).toMatchObject({ awayFrom: null, awayUntil: null });
    expect(returnFromAway(d, 'T1', 'U1', later(8 * 86_400_000))).toBe(0);
    expect(practiceCards(d, 'T1', 'U1').get('q1')?.due).toEqual(new Date(card.due.getTime() + 7 * 86_400_000));
  });
});
