import type { Bank } from '../content/bank.ts';
import { type ItemRow, itemAnalysis } from '../stats/item-analysis.ts';
import {
  type AccuracyRow,
  accuracyByDomain,
  accuracyByTopic,
  type HardQuestion,
  hardestQuestions,
  recentWeeks,
  type WeekRow,
  weeklyActivity,
} from '../stats/team.ts';
import type { StatsScope, StatsStore } from './stats-store.ts';

export interface TeamStats {
  /** The first instant counted (the start of the oldest week shown), ISO. */
  since: string;
  /** Answers in the whole window: 0 means there is nothing to show. */
  answers: number;
  weeks: WeekRow[];
  topics: AccuracyRow[];
  domains: AccuracyRow[];
  hardest: HardQuestion[];
}

/** Team statistics for admins and item analysis for authors: loads totals through the stats store, the pure stats decide. */
export class StatsService {
  constructor(private readonly o: { store: StatsStore; bank: () => Bank; timezone: string; now: () => Date }) {}

  /** The last weeks of a workspace, in the quiz time zone; every section counts the same weeks. */
  async teamStats(teamId: string): Promise<TeamStats> {
    const weeks = recentWeeks(this.o.now(), this.o.timezone);
    const since = weeks[0]?.start ?? '';
    const ranges = weeks.map((w) => ({ start: w.start ?? '', end: w.end ?? '' }));
    const [activity, totals] = await Promise.all([
      this.o.store.activity(teamId, ranges),
      this.o.store.choiceTotals({ teamId, since }),
    ]);
    const bank = this.o.bank();
    const rows = weeklyActivity(weeks, activity);
    return {
      since,
      answers: rows.reduce((n, w) => n + w.answers, 0),
      weeks: rows,
      topics: accuracyByTopic(totals),
      domains: accuracyByDomain(totals, (id) => bank.questionById.get(id)?.exams ?? []),
      hardest: hardestQuestions(totals),
    };
  }

  /** One row per question of the bank, in bank order. */
  async itemAnalysis(scope: StatsScope = {}): Promise<ItemRow[]> {
    const [totals, responses] = await Promise.all([this.o.store.choiceTotals(scope), this.o.store.responses(scope)]);
    const questions = this.o.bank().questions.map((q) => ({
      id: q.id,
      topic: q.topic,
      choiceKeys: q.choices.map((c) => c.key),
      answer: q.answer,
    }));
    return itemAnalysis(questions, totals, responses);
  }
}
