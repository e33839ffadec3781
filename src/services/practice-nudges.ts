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

export type NudgeOutcome = 'sent' | 'failed' | 'nothing_due' | 'day_over' | 'away' | 'off' | 'held' | 'already_sent';

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
    const zone = settings.timezone ?? this.o.defaultZone;
    if (settings.awayUntil && settings.awayUntil > now) {
      await moveTo(nextReminderAt(time, zone, settings.awayUntil));
      return 'away';
    }
    const tomorrow = nextReminderAt(time, zone, now);
    const decision = reminderDecision(expected, now, zone);
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
    // People travel: tomorrow's reminder follows the zone their Slack profile has now.
    const fresh = await this.o.sender.timezoneOf(teamId, userId).catch(() => undefined);
    const next = fresh && fresh !== zone ? nextReminderAt(time, fresh, now) : tomorrow;
    if (fresh && fresh !== zone) await this.o.store.saveSettings(teamId, userId, { timezone: fresh }, now);
    await this.o.store.finishNudge(teamId, userId, decision.day, { sent: true, dueCount: dueToday }, { expected, next }, now);
    return 'sent';
  }
}
