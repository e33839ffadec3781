/**
 * Which question a person practises next, and the session rules around it. Pure: the caller
 * passes the bank's questions, the person's cards, the clock and a random source.
 */
import { isRetired, type PracticeCard } from './schedule.ts';

/** The little of a question the choice needs. */
export interface PracticeQuestion {
  id: string;
  topic: string;
  exams?: readonly string[] | undefined;
}

export const DEFAULT_DAILY_REVIEW_CAP = 20;
export const DEFAULT_SESSION_SIZE = 5;
export const MAX_SESSION_SIZE = 20;

const DAY_MS = 86_400_000;

export interface PracticeChoiceInput<Q extends PracticeQuestion> {
  questions: readonly Q[];
  /** The person's cards by question id. */
  cards: ReadonlyMap<string, PracticeCard>;
  now: Date;
  /** Never offered: the question just answered. */
  lastQuestionId?: string | undefined;
  /** Questions not to offer either, such as those already asked in this session. */
  exclude?: ReadonlySet<string> | undefined;
  topic?: string | undefined;
  /** An exam ("DVA-C02") or one of its domains ("DVA-C02/2"), any case. */
  examDomain?: string | undefined;
  reviewsDoneToday: number;
  dailyReviewCap?: number | undefined;
  random: () => number;
}

export type PracticeChoice<Q extends PracticeQuestion> = { kind: 'review' | 'new'; question: Q };

/** Whether a question serves an exam ("DVA-C02", any of its domains) or one domain ("DVA-C02/2"). */
export function servesExam(question: PracticeQuestion, examDomain: string): boolean {
  const wanted = examDomain.toUpperCase();
  return (question.exams ?? []).some((tag) => {
    const t = tag.toUpperCase();
    return t === wanted || t.startsWith(`${wanted}/`);
  });
}

const inScope = (q: PracticeQuestion, topic: string | undefined, examDomain: string | undefined): boolean =>
  (topic === undefined || q.topic === topic) && (examDomain === undefined || servesExam(q, examDomain));

interface TopicPool<Q> {
  reps: number;
  right: number;
  fresh: Q[];
}

/** How many of a card's reviews were right. */
const rightOf = (card: PracticeCard): number => Math.max(0, card.reps - card.misses);

/**
 * The next question, or undefined when nothing is left. Due reviews come first, the most overdue
 * first. Once the day's review cap is reached, due reviews wait for another day and new questions
 * are offered instead, so a long absence never turns into a wall of reviews. New questions come
 * from the weakest topic in scope that still has one: the lowest accuracy, a topic never practised
 * counting as 0%, ties broken at random. Retired questions are neither due nor new.
 */
export function nextPracticeQuestion<Q extends PracticeQuestion>(input: PracticeChoiceInput<Q>): PracticeChoice<Q> | undefined {
  const { cards, topic, examDomain, lastQuestionId, exclude } = input;
  const now = input.now.getTime();
  const mayReview = input.reviewsDoneToday < (input.dailyReviewCap ?? DEFAULT_DAILY_REVIEW_CAP);
  let due: Q | undefined;
  let dueAt = Number.POSITIVE_INFINITY;
  // Per topic, in bank order: reviews and right answers so far, and the questions never seen.
  const topics = new Map<string, TopicPool<Q>>();
  for (const q of input.questions) {
    if (!inScope(q, topic, examDomain)) continue;
    let t = topics.get(q.topic);
    if (!t) {
      t = { reps: 0, right: 0, fresh: [] };
      topics.set(q.topic, t);
    }
    const card = cards.get(q.id);
    const offerable = q.id !== lastQuestionId && !exclude?.has(q.id);
    if (card) {
      t.reps += card.reps;
      t.right += rightOf(card);
      const at = card.due.getTime();
      if (mayReview && offerable && at <= now && at < dueAt && !isRetired(card)) {
        due = q;
        dueAt = at;
      }
    } else if (offerable) {
      t.fresh.push(q);
    }
  }
  if (due) return { kind: 'review', question: due };

  let weakest: TopicPool<Q>[] = [];
  let lowest = Number.POSITIVE_INFINITY;
  for (const t of topics.values()) {
    if (t.fresh.length === 0) continue;
    const accuracy = t.reps === 0 ? 0 : t.right / t.reps;
    if (accuracy < lowest) {
      lowest = accuracy;
      weakest = [t];
    } else if (accuracy === lowest) {
      weakest.push(t);
    }
  }
  const pick = weakest[Math.floor(input.random() * weakest.length)];
  const question = pick?.fresh[Math.floor(input.random() * pick.fresh.length)];
  return question ? { kind: 'new', question } : undefined;
}

export interface TopicAccuracy {
  topic: string;
  /** Questions of the topic in the bank. */
  questions: number;
  /** Of them, those the person has answered at least once. */
  seen: number;
  reviews: number;
  right: number;
  /** right / reviews; null for a topic never practised. */
  accuracy: number | null;
  /** Questions of the topic retired for the person. */
  mastered: number;
}

/** Accuracy per topic over the given questions, in the order topics first appear among them. */
export function accuracyByTopic(
  questions: readonly PracticeQuestion[],
  cards: ReadonlyMap<string, PracticeCard>,
): TopicAccuracy[] {
  const rows = new Map<string, TopicAccuracy>();
  for (const q of questions) {
    let row = rows.get(q.topic);
    if (!row) {
      row = { topic: q.topic, questions: 0, seen: 0, reviews: 0, right: 0, accuracy: null, mastered: 0 };
      rows.set(q.topic, row);
    }
    row.questions += 1;
    const card = cards.get(q.id);
    if (!card) continue;
    row.seen += 1;
    row.reviews += card.reps;
    row.right += rightOf(card);
    if (isRetired(card)) row.mastered += 1;
  }
  for (const row of rows.values()) row.accuracy = row.reviews === 0 ? null : row.right / row.reviews;
  return [...rows.values()];
}

/** The `count` practised topics with the lowest accuracy, weakest first (ties: fewer reviews first). */
export function weakestTopics(rows: readonly TopicAccuracy[], count = 3): string[] {
  return rows
    .filter((r): r is TopicAccuracy & { accuracy: number } => r.accuracy !== null)
    .sort((a, b) => a.accuracy - b.accuracy || a.reviews - b.reviews || a.topic.localeCompare(b.topic))
    .slice(0, count)
    .map((r) => r.topic);
}

/**
 * Questions not retired that are due within a day (overdue included) and within a week. Rolling
 * windows: this layer knows no time zone for the person.
 */
export function dueCounts(cards: Iterable<PracticeCard>, now: Date): { today: number; week: number } {
  const day = now.getTime() + DAY_MS;
  const week = now.getTime() + 7 * DAY_MS;
  let today = 0;
  let inWeek = 0;
  for (const card of cards) {
    if (isRetired(card)) continue;
    const at = card.due.getTime();
    if (at <= day) today += 1;
    if (at <= week) inWeek += 1;
  }
  return { today, week: inWeek };
}

/** Where "today" starts for the daily review cap: the last 24 hours, as no zone is known here. */
export const reviewDayStart = (now: Date): Date => new Date(now.getTime() - DAY_MS);

export type PracticeSessionState = 'open' | 'done';

/** A private practice session: `size` questions, one at a time. */
export interface PracticeSession {
  id: number;
  teamId: string;
  userId: string;
  topic: string | null;
  exam: string | null;
  size: number;
  asked: number;
  correct: number;
  /** The question on screen (or just answered, until the next one is chosen). */
  currentQuestionId: string | null;
  state: PracticeSessionState;
  createdAt: Date;
  updatedAt: Date;
}

/** A session size within bounds; the default when none is asked for. */
export function sessionSize(requested: number | undefined): number {
  if (requested === undefined || !Number.isFinite(requested)) return DEFAULT_SESSION_SIZE;
  return Math.min(MAX_SESSION_SIZE, Math.max(1, Math.floor(requested)));
}

/** The session's counters after one answer: it is done once `size` questions were answered. */
export function sessionAfterAnswer(
  session: Pick<PracticeSession, 'asked' | 'correct' | 'size'>,
  isCorrect: boolean,
): { asked: number; correct: number; state: PracticeSessionState } {
  const asked = session.asked + 1;
  return { asked, correct: session.correct + (isCorrect ? 1 : 0), state: asked >= session.size ? 'done' : 'open' };
}
