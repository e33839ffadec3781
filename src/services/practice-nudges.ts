/**
 * The daily practice reminder: once a day, at the person's own time in their own zone, a DM saying
 * how many reviews are due, only when some are. The scheduler's tick asks the store for the people
 * whose reminder has come (one index seek when nobody's has); each day's reminder is keyed by the
 * person's local day and claimed before Slack is called, so a second tick, a second instance or a
 * restart sends nothing twice, and a failed send is released to be tried again later that day.
 */
import { errorCode } from '../errors.ts';
import type { Log } from '../log.ts';
import { nextReminderAt, nudgeRetryAt, reminderDecision, storedReminderTime } from '../practice/nudge.ts';
import { NUDGE_BATCH, NUDGE_LEASE_MS } from '../runtime/timings.ts';
import type { PracticeService } from './practice.ts';
import type { DueNudge, PracticeStore } from './practice-store.ts';

/** The Slack side of a reminder. */
export interface NudgeSender {
  /** The person's IANA zone from their Slack profile; undefined when Slack gives none or cannot say. */
  timezoneOf(teamId: string, userId: string): Promise<string | undefined>;
  /** Sends the reminder by DM; throws when Slack does not take it. */
  send(teamId: string, userId: string, dueCount: number): Promise<void>;
}

export type NudgeOutcome = 'sent' | 'failed' | 'nothing_due' | 'day_over' | 'not_yet' | 'away' | 'off' | 'held' | 'already_sent';

const DAY_MS = 86_400_000;

export class PracticeNudges {
  constructor(
    private readonly o: {
      store: PracticeStore;
      practice: PracticeService;
      sender: NudgeSender;
      now: () => Date;
      log: Log;
      defaultZone: string;
    },
  ) {}

  /** One pass: every reminder that has come due, at most NUDGE_BATCH of them. */
  async tick(): Promise<void> {
    const now = this.o.now();
    for (const due of await this.o.store.dueNudges(now, NUDGE_BATCH)) {
      try {
        await this.handle(due, now);
      } catch (err) {
        this.o.log.error('practice.nudge_failed', { team: due.teamId, user: due.userId, error: errorCode(err) });
      }
    }
  }

  /** What became of one person's due reminder; the next look is always moved on, except while another holds it. */
  async handle(due: DueNudge, now: Date): Promise<NudgeOutcome> {
    const { teamId, userId, settings } = due;
    const expected = settings.nextNudgeAt;
    const moveTo = async (next: Date | null) => {
      await this.o.store.rescheduleNudge(teamId, userId, { expected, next }, now);
    };
    const time = storedReminderTime(settings.remindAt);
    if (!time) {
      await moveTo(null);
      return 'off';
    }
    const zone = await this.currentZone(due, now);
    if (settings.awayUntil && settings.awayUntil > now) {
      await moveTo(nextReminderAt(time, zone, settings.awayUntil));
      return 'away';
    }
    // In a zone other than the one the reminder was scheduled in, today's reminder is the time there.
    const scheduledAt = zone === settings.timezone ? expected : nextReminderAt(time, zone, new Date(now.getTime() - DAY_MS));
    if (scheduledAt > now) {
      await moveTo(scheduledAt);
      return 'not_yet';
    }
    const tomorrow = nextReminderAt(time, zone, now);
    const decision = reminderDecision(scheduledAt, now, zone);
    if (decision.kind === 'skip') {
      await moveTo(tomorrow);
      return 'day_over';
    }
    const { dueToday } = await this.o.practice.dashboard(teamId, userId);
    if (dueToday === 0) {
      await moveTo(tomorrow);
      return 'nothing_due';
    }
    const claim = await this.o.store.claimNudge(teamId, userId, decision.day, now, NUDGE_LEASE_MS);
    if (claim.kind === 'held') return 'held';
    if (claim.kind === 'sent') {
      await moveTo(tomorrow);
      return 'already_sent';
    }
    const log = { team: teamId, user: userId, day: decision.day, due: dueToday, attempt: claim.attempts };
    try {
      await this.o.sender.send(teamId, userId, dueToday);
    } catch (err) {
      const retry = nudgeRetryAt(now, claim.attempts, zone);
      this.o.log.warn('practice.nudge_send_failed', { ...log, error: errorCode(err), retryAt: retry?.toISOString() ?? null });
      const outcome = { sent: false, dueCount: dueToday };
      await this.o.store.finishNudge(teamId, userId, decision.day, outcome, { expected, next: retry ?? tomorrow }, now);
      return 'failed';
    }
    this.o.log.info('practice.nudge_sent', log);
    const outcome = { sent: true, dueCount: dueToday };
    await this.o.store.finishNudge(teamId, userId, decision.day, outcome, { expected, next: tomorrow }, now);
    return 'sent';
  }

  /**
   * People travel: the zone their Slack profile has now (one users.info per person a day), stored
   * when it changed; the stored zone when Slack cannot say.
   */
  private async currentZone(due: DueNudge, now: Date): Promise<string> {
    const stored = due.settings.timezone ?? this.o.defaultZone;
    const fresh = await this.o.sender.timezoneOf(due.teamId, due.userId).catch(() => undefined);
    if (!fresh || fresh === stored) return stored;
    await this.o.store.saveSettings(due.teamId, due.userId, { timezone: fresh }, now);
    return fresh;
  }
}
