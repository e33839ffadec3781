/**
 * The weekly recap's numbers for one channel, from its answers as plain rows: who led, who
 * improved, how accurate the team was, who took part, the hardest question and the streaks that
 * reached a milestone. No clock, no store: the caller hands in the week and the rows.
 */
import { withRanks } from '../quiz/periods.ts';
import { EMPTY_STREAK, streakAfterAnswer } from '../quiz/streak.ts';
import type { RecapWeek } from './week.ts';

/** One answer in the channel, with what the recap needs of its post. */
export interface RecapAnswer {
  userId: string;
  postId: number;
  /** The post's number in the channel; streaks follow it. */
  seq: number | null;
  topic: string;
  isCorrect: boolean;
  /** ISO instant. */
  answeredAt: string;
}

export interface PersonWeek {
  userId: string;
  points: number;
  answers: number;
}

export interface Tally {
  answers: number;
  correct: number;
}

export interface RecapStats {
  week: RecapWeek;
  answers: number;
  correct: number;
  /** Top five by points (ties share a rank; fewer answers first, as on the leaderboard). */
  top: (PersonWeek & { rank: number })[];
  /** The largest gain in points over the week before, among people who answered in both. */
  mostImproved?: { userId: string; points: number; previousPoints: number };
  /** People who answered last week, and people who answered in the PARTICIPATION_WEEKS weeks up to its end. */
  participants: number;
  regulars: number;
  /** The question with the lowest share correct, unless everyone got every question right. */
  hardest?: { postId: number } & Tally;
  /** Monday to Sunday in the channel's zone. */
  days: Tally[];
  /** Last week's answers by topic, weakest first. */
  topics: ({ topic: string } & Tally)[];
  /** The highest milestone each person's streak reached during the week, longest first. */
  milestones: { userId: string; streak: number }[];
}

export const TOP_COUNT = 5;

/** 5, 10, 25, 50, then every 50. */
export function isStreakMilestone(streak: number): boolean {
  return streak === 5 || streak === 10 || streak === 25 || (streak >= 50 && streak % 50 === 0);
}

const within = (at: string, start: string, end: string) => at >= start && at < end;

function pointsByPerson(answers: readonly RecapAnswer[]): Map<string, PersonWeek> {
  const people = new Map<string, PersonWeek>();
  for (const a of answers) {
    const p = people.get(a.userId) ?? { userId: a.userId, points: 0, answers: 0 };
    p.answers++;
    if (a.isCorrect) p.points++;
    people.set(a.userId, p);
  }
  return people;
}

const byStanding = (a: PersonWeek, b: PersonWeek) =>
  b.points - a.points || a.answers - b.answers || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);

function mostImproved(thisWeek: Map<string, PersonWeek>, before: Map<string, PersonWeek>): RecapStats['mostImproved'] {
  let best: RecapStats['mostImproved'];
  for (const now of [...thisWeek.values()].sort(byStanding)) {
    const previous = before.get(now.userId);
    if (!previous || now.points <= previous.points) continue;
    if (!best || now.points - previous.points > best.points - best.previousPoints) {
      best = { userId: now.userId, points: now.points, previousPoints: previous.points };
    }
  }
  return best;
}

function tallyBy<K>(answers: readonly RecapAnswer[], keyOf: (a: RecapAnswer) => K): Map<K, Tally> {
  const out = new Map<K, Tally>();
  for (const a of answers) {
    const k = keyOf(a);
    const t = out.get(k) ?? { answers: 0, correct: 0 };
    t.answers++;
    if (a.isCorrect) t.correct++;
    out.set(k, t);
  }
  return out;
}

function hardestQuestion(week: readonly RecapAnswer[]): RecapStats['hardest'] {
  let hardest: RecapStats['hardest'];
  for (const [postId, t] of tallyBy(week, (a) => a.postId)) {
    if (t.correct === t.answers) continue;
    // Lower share correct first; at equal shares, the one more people answered; then the earlier post.
    const worse =
      !hardest ||
      t.correct * hardest.answers < hardest.correct * t.answers ||
      (t.correct * hardest.answers === hardest.correct * t.answers &&
        (t.answers > hardest.answers || (t.answers === hardest.answers && postId < hardest.postId)));
    if (worse) hardest = { postId, ...t };
  }
  return hardest;
}

function dayIndex(days: readonly string[], at: string): number {
  let i = 0;
  while (i < 6 && at >= (days[i + 1] as string)) i++;
  return i;
}

/** Replays each person's answers in post order (streak.ts) and keeps the milestones reached in the week. */
export function streakMilestones(
  history: readonly RecapAnswer[],
  week: Pick<RecapWeek, 'start' | 'end'>,
): RecapStats['milestones'] {
  const byPerson = new Map<string, RecapAnswer[]>();
  for (const a of history) {
    if (a.seq === null || a.answeredAt >= week.end) continue;
    byPerson.set(a.userId, [...(byPerson.get(a.userId) ?? []), a]);
  }
  const out: RecapStats['milestones'] = [];
  for (const [userId, answers] of byPerson) {
    let state = EMPTY_STREAK;
    let reached = 0;
    for (const a of answers.sort((x, y) => (x.seq as number) - (y.seq as number))) {
      state = streakAfterAnswer(state, a.seq as number, a.isCorrect);
      if (a.isCorrect && within(a.answeredAt, week.start, week.end) && isStreakMilestone(state.currentStreak)) {
        reached = Math.max(reached, state.currentStreak);
      }
    }
    if (reached > 0) out.push({ userId, streak: reached });
  }
  return out.sort((a, b) => b.streak - a.streak || (a.userId < b.userId ? -1 : 1));
}

/**
 * The recap of `week` from the channel's answers up to the week's end: every one of them, since a
 * streak that reaches a milestone may have begun months ago (rows after the week are ignored).
 */
export function recapStats(week: RecapWeek, answers: readonly RecapAnswer[]): RecapStats {
  const thisWeek = answers.filter((a) => within(a.answeredAt, week.start, week.end));
  const people = pointsByPerson(thisWeek);
  const before = pointsByPerson(answers.filter((a) => within(a.answeredAt, week.previous.start, week.previous.end)));
  const regulars = new Set(answers.filter((a) => within(a.answeredAt, week.windowStart, week.end)).map((a) => a.userId));
  const byDay = tallyBy(thisWeek, (a) => dayIndex(week.days, a.answeredAt));
  const topics = [...tallyBy(thisWeek, (a) => a.topic)]
    .map(([topic, t]) => ({ topic, ...t }))
    .sort((a, b) => a.correct / a.answers - b.correct / b.answers || b.answers - a.answers || (a.topic < b.topic ? -1 : 1));
  const hardest = hardestQuestion(thisWeek);
  const improved = mostImproved(people, before);
  return {
    week,
    answers: thisWeek.length,
    correct: thisWeek.filter((a) => a.isCorrect).length,
    top: withRanks(
      [...people.values()]
        .filter((p) => p.points > 0)
        .sort(byStanding)
        .slice(0, TOP_COUNT),
    ),
    ...(improved ? { mostImproved: improved } : {}),
    participants: people.size,
    regulars: regulars.size,
    ...(hardest ? { hardest } : {}),
    days: Array.from({ length: 7 }, (_, i) => byDay.get(i) ?? { answers: 0, correct: 0 }),
    topics,
    milestones: streakMilestones(answers, week),
  };
}
