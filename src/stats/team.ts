/**
 * What `/aws stats` shows a team's admins: participation and accuracy by week, accuracy by topic and
 * by exam domain, and the hardest questions. Pure functions of totals the store summed up.
 */
import { EXAM_DOMAINS } from '../content/exams.ts';
import { type PeriodRange, periodRange } from '../quiz/periods.ts';
import { type ActivityTotal, type ChoiceTotal, shareOf } from './model.ts';

export const TEAM_STATS = {
  /** Weeks shown, the current one included. */
  weeks: 6,
  /** Questions listed as the hardest. */
  hardest: 5,
  /** A question needs this many answers before it can be called hard: one miss is not a pattern. */
  minAnswersForHardest: 3,
} as const;

/** The last `count` calendar weeks (Monday start) in `zone`, oldest first, the one holding `now` last. */
export function recentWeeks(now: Date, zone: string, count: number = TEAM_STATS.weeks): PeriodRange[] {
  const weeks: PeriodRange[] = [];
  let cursor = periodRange('week', now, zone);
  for (let i = 0; i < count; i++) {
    weeks.unshift(cursor);
    // An instant inside the previous week: an hour before this one starts.
    cursor = periodRange('week', new Date(Date.parse(cursor.start ?? '') - 3_600_000), zone);
  }
  return weeks;
}

export interface WeekRow {
  label: string;
  start: string;
  people: number;
  answers: number;
  posts: number;
  /** Share correct, 0–1; null in a week without answers. */
  accuracy: number | null;
}

/** One row per week, in the order of `weeks`; a week the store had nothing for counts as empty. */
export function weeklyActivity(weeks: readonly PeriodRange[], totals: readonly ActivityTotal[]): WeekRow[] {
  return weeks.map((w) => {
    const t = totals.find((x) => x.start === w.start);
    return {
      label: w.label,
      start: w.start ?? '',
      people: t?.people ?? 0,
      answers: t?.answers ?? 0,
      posts: t?.posts ?? 0,
      accuracy: shareOf(t?.correct ?? 0, t?.answers ?? 0),
    };
  });
}

export interface AccuracyRow {
  /** A topic id, or an exam domain tag such as DVA-C02/2. */
  key: string;
  /** The exam domain's name; the topic id again for a topic. */
  name: string;
  answers: number;
  correct: number;
  accuracy: number;
}

interface QuestionSum {
  questionId: string;
  topic: string;
  answers: number;
  correct: number;
}

/** Choice totals summed per question. */
export function perQuestion(totals: readonly ChoiceTotal[]): QuestionSum[] {
  const byId = new Map<string, QuestionSum>();
  for (const t of totals) {
    const q = byId.get(t.questionId) ?? { questionId: t.questionId, topic: t.topic, answers: 0, correct: 0 };
    q.answers += t.picks;
    q.correct += t.correct;
    byId.set(t.questionId, q);
  }
  return [...byId.values()];
}

const weakestFirst = (a: AccuracyRow, b: AccuracyRow) =>
  a.accuracy - b.accuracy || b.answers - a.answers || (a.key < b.key ? -1 : 1);

function accuracyRows(groups: Map<string, { name: string; answers: number; correct: number }>): AccuracyRow[] {
  return [...groups]
    .filter(([, g]) => g.answers > 0)
    .map(([key, g]) => ({ key, name: g.name, answers: g.answers, correct: g.correct, accuracy: g.correct / g.answers }))
    .sort(weakestFirst);
}

/** Accuracy per topic (the topic a question was posted under), weakest first. */
export function accuracyByTopic(totals: readonly ChoiceTotal[]): AccuracyRow[] {
  const groups = new Map<string, { name: string; answers: number; correct: number }>();
  for (const q of perQuestion(totals)) {
    const g = groups.get(q.topic) ?? { name: q.topic, answers: 0, correct: 0 };
    g.answers += q.answers;
    g.correct += q.correct;
    groups.set(q.topic, g);
  }
  return accuracyRows(groups);
}

/**
 * Accuracy per exam domain, weakest first. A question tagged with two domains counts in both; a
 * question the bank no longer has (or that has no tags) counts in none.
 */
export function accuracyByDomain(
  totals: readonly ChoiceTotal[],
  examsOf: (questionId: string) => readonly string[],
): AccuracyRow[] {
  const groups = new Map<string, { name: string; answers: number; correct: number }>();
  for (const q of perQuestion(totals)) {
    for (const tag of examsOf(q.questionId)) {
      const name = (EXAM_DOMAINS as Record<string, { name: string }>)[tag]?.name ?? tag;
      const g = groups.get(tag) ?? { name, answers: 0, correct: 0 };
      g.answers += q.answers;
      g.correct += q.correct;
      groups.set(tag, g);
    }
  }
  return accuracyRows(groups);
}

export interface HardQuestion {
  questionId: string;
  topic: string;
  answers: number;
  correct: number;
  accuracy: number;
  /** The wrong choice picked most often, and how often; undefined when nobody was wrong. */
  commonWrong?: { choice: string; picks: number };
}

/** The questions with the lowest share correct among those answered often enough; more answers first on a tie. */
export function hardestQuestions(
  totals: readonly ChoiceTotal[],
  count: number = TEAM_STATS.hardest,
  minAnswers: number = TEAM_STATS.minAnswersForHardest,
): HardQuestion[] {
  return perQuestion(totals)
    .filter((q) => q.answers >= minAnswers)
    .map((q) => {
      // A choice's wrong picks: all of them, unless the answer key changed between two posts.
      const wrong = totals
        .filter((t) => t.questionId === q.questionId && t.picks > t.correct)
        .map((t) => ({ choice: t.choice, picks: t.picks - t.correct }))
        .sort((a, b) => b.picks - a.picks || (a.choice < b.choice ? -1 : 1))[0];
      return { ...q, accuracy: q.correct / q.answers, ...(wrong ? { commonWrong: wrong } : {}) };
    })
    .sort((a, b) => a.accuracy - b.accuracy || b.answers - a.answers || (a.questionId < b.questionId ? -1 : 1))
    .slice(0, count);
}
