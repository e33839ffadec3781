/**
 * A person's practice settings: the daily reminder, away mode, the session size and the daily
 * review cap. The rules (times, spans, bounds) are pure in practice/; this stores what they decide.
 */
import { awayUntil } from '../practice/away.ts';
import {
  DEFAULT_REMINDER_TIME,
  formatReminderTime,
  nextReminderAt,
  type ReminderTime,
  storedReminderTime,
} from '../practice/nudge.ts';
import type { PracticeSettings, PracticeStore } from './practice-store.ts';

/** The bounds of a person's own session size and daily review cap. */
export const SESSION_SIZE_RANGE = { min: 1, max: 20 } as const;
export const DAILY_CAP_RANGE = { min: 1, max: 200 } as const;

export type ReminderResult = { kind: 'on'; time: string; zone: string; next: Date } | { kind: 'off' };

export type AwayResult =
  | { kind: 'away'; until: Date }
  /** Back: `moved` reviews that fell due during the absence moved on by its length. */
  | { kind: 'back'; moved: number }
  | { kind: 'not_away' };

export type LimitResult = { kind: 'set'; value: number; isDefault: boolean } | { kind: 'out_of_range'; min: number; max: number };

export class PracticeSettingsService {
  constructor(
    private readonly o: {
      store: PracticeStore;
      now: () => Date;
      /** The zone of a person whose Slack profile gives none. */
      defaultZone: string;
      /** The workspace's defaults, shown when a person goes back to them. */
      defaults: { sessionSize: number; dailyReviewCap: number };
    },
  ) {}

  settings(teamId: string, userId: string): Promise<PracticeSettings> {
    return this.o.store.settings(teamId, userId);
  }

  /**
   * Turns the daily reminder on at `time` in the person's zone (from users.info, when Slack gave
   * one), or off with null. While away, the first reminder is the first one after the return.
   */
  async remind(teamId: string, userId: string, time: ReminderTime | null, zone: string | undefined): Promise<ReminderResult> {
    const now = this.o.now();
    if (time === null) {
      await this.o.store.saveSettings(teamId, userId, { remindAt: null, nextNudgeAt: null }, now);
      return { kind: 'off' };
    }
    const current = await this.o.store.settings(teamId, userId);
    const tz = zone ?? current.timezone ?? this.o.defaultZone;
    const from = current.awayUntil && current.awayUntil > now ? current.awayUntil : now;
    const next = nextReminderAt(time, tz, from);
    const stored = formatReminderTime(time);
    await this.o.store.saveSettings(teamId, userId, { remindAt: stored, timezone: tz, nextNudgeAt: next }, now);
    return { kind: 'on', time: stored, zone: tz, next };
  }

  /** The App Home toggle: on at 09:00 in the person's zone (`remind <time>` sets another time), or off. */
  async toggleReminder(teamId: string, userId: string, isOn: boolean, zone: string | undefined): Promise<ReminderResult> {
    if (!isOn) return this.remind(teamId, userId, null, zone);
    return this.remind(teamId, userId, DEFAULT_REMINDER_TIME, zone);
  }

  /**
   * Away for `days` from now (null: back now). Reminders pause until the return; the reviews due
   * meanwhile move on by the absence when it ends (returnFromAway), early or as planned.
   */
  async away(teamId: string, userId: string, days: number | null): Promise<AwayResult> {
    const now = this.o.now();
    const s = await this.o.store.settings(teamId, userId);
    if (days === null) {
      if (!s.awayFrom) return { kind: 'not_away' };
      const returnedAt = s.awayUntil && s.awayUntil < now ? s.awayUntil : now;
      const moved = await this.o.store.returnFromAway(teamId, userId, returnedAt);
      await this.o.store.saveSettings(teamId, userId, { nextNudgeAt: this.nextReminder(s, now) }, now);
      return { kind: 'back', moved };
    }
    // Already away: the absence runs on from when it began, to the new end.
    const isAway = s.awayFrom !== null && s.awayUntil !== null && s.awayUntil > now;
    const until = awayUntil(now, days);
    const patch: Partial<PracticeSettings> = { awayFrom: isAway ? s.awayFrom : now, awayUntil: until };
    if (!isAway && s.awayFrom) await this.o.store.returnFromAway(teamId, userId, s.awayUntil ?? now);
    await this.o.store.saveSettings(teamId, userId, { ...patch, nextNudgeAt: this.nextReminder(s, until) }, now);
    return { kind: 'away', until };
  }

  /** A person's own session size (null: back to the workspace's). */
  sessionSize(teamId: string, userId: string, size: number | null): Promise<LimitResult> {
    return this.limit(teamId, userId, 'sessionSize', size, SESSION_SIZE_RANGE, this.o.defaults.sessionSize);
  }

  /** A person's own daily review cap (null: back to the workspace's). */
  dailyReviewCap(teamId: string, userId: string, cap: number | null): Promise<LimitResult> {
    return this.limit(teamId, userId, 'dailyReviewCap', cap, DAILY_CAP_RANGE, this.o.defaults.dailyReviewCap);
  }

  private async limit(
    teamId: string,
    userId: string,
    field: 'sessionSize' | 'dailyReviewCap',
    value: number | null,
    range: { min: number; max: number },
    fallback: number,
  ): Promise<LimitResult> {
    if (value !== null && (!Number.isInteger(value) || value < range.min || value > range.max)) {
      return { kind: 'out_of_range', ...range };
    }
    await this.o.store.saveSettings(teamId, userId, { [field]: value }, this.o.now());
    return { kind: 'set', value: value ?? fallback, isDefault: value === null };
  }

  /** The next reminder after `after`, when the person has one. */
  private nextReminder(s: PracticeSettings, after: Date): Date | null {
    const time = storedReminderTime(s.remindAt);
    return time ? nextReminderAt(time, s.timezone ?? this.o.defaultZone, after) : null;
  }
}
