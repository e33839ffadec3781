import type { LeaderRow, PersonalRecord } from '../quiz/model.ts';
import { type Period, type PeriodRange, periodRange } from '../quiz/periods.ts';
import type { Stores } from './stores.ts';

/** Points, streaks and shares: what the leaderboard, `/aws streak`, the App Home and Share read and write. */
export class StandingsService {
  constructor(
    private readonly stores: Stores,
    private readonly o: { timezone: string; now: () => Date },
  ) {}

  /** `timezone`: whose weeks and months (a channel's quiz zone); QUIZ_TIMEZONE without one. */
  async leaderboard(
    teamId: string,
    period: Period,
    limit = 10,
    timezone = this.o.timezone,
  ): Promise<{ rows: LeaderRow[]; range: PeriodRange }> {
    const range = periodRange(period, this.o.now(), timezone);
    return { rows: await this.stores.standings.leaderboard(teamId, range, limit), range };
  }

  personalRecord(teamId: string, userId: string): Promise<PersonalRecord> {
    return this.stores.standings.personalRecord(teamId, userId);
  }

  /** What a person's App Home shows: their record and the week's top five. */
  async home(teamId: string, userId: string): Promise<{ record: PersonalRecord; leaders: LeaderRow[]; range: PeriodRange }> {
    const [record, board] = await Promise.all([this.personalRecord(teamId, userId), this.leaderboard(teamId, 'week', 5)]);
    return { record, leaders: board.rows, range: board.range };
  }

  /** Records a shared card; false when this person already shared it from that message. */
  recordShare(s: { teamId: string; userId: string; cardId: string; sourceTs: string }): Promise<boolean> {
    return this.stores.shares.record(s, this.o.now());
  }
}
