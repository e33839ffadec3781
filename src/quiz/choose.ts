import type { Bank, Question } from '../content/bank.ts';

export interface PastPost {
  questionId: string;
  topic: string;
}

/**
 * The next question for a channel: never one it has had until the bank is used up (then the
 * cycle starts again from the least-used ones), and never the topic of the previous post when
 * another topic still has fresh questions; among the candidates the least recently seen topic wins.
 * `history` is oldest first; `random` is injected so tests are repeatable. Questions in `heldOut`
 * (reported wrong, under review) are never chosen and do not count towards using the bank up.
 */
export function nextQuestionFor(
  bank: Bank,
  history: PastPost[],
  random: () => number = Math.random,
  heldOut: ReadonlySet<string> = new Set(),
): Question | undefined {
  const questions = heldOut.size === 0 ? bank.questions : bank.questions.filter((q) => !heldOut.has(q.id));
  if (questions.length === 0) return undefined;
  const timesAsked = new Map<string, number>();
  for (const p of history) timesAsked.set(p.questionId, (timesAsked.get(p.questionId) ?? 0) + 1);
  const fewest = Math.min(...questions.map((q) => timesAsked.get(q.id) ?? 0));
  const fresh = questions.filter((q) => (timesAsked.get(q.id) ?? 0) === fewest);

  const lastSeen = new Map<string, number>();
  for (const [i, p] of history.entries()) lastSeen.set(p.topic, i);
  const topicsWithFresh = [...new Set(fresh.map((q) => q.topic))];
  // Least recently seen topic first; a topic never seen counts as oldest.
  topicsWithFresh.sort((a, b) => (lastSeen.get(a) ?? -1) - (lastSeen.get(b) ?? -1));
  const oldest = lastSeen.get(topicsWithFresh[0] ?? '') ?? -1;
  const tied = topicsWithFresh.filter((t) => (lastSeen.get(t) ?? -1) === oldest);
  const topic = tied[Math.floor(random() * tied.length)] ?? topicsWithFresh[0];
  const pool = fresh.filter((q) => q.topic === topic);
  return pool[Math.floor(random() * pool.length)] ?? pool[0];
}

/** Which questions a channel's daily choice draws from (ChannelSettings without the reveal delay). */
export interface QuestionFilter {
  topics: readonly string[];
  exam: string | null;
  difficultyMin: number;
  difficultyMax: number;
}

/** The questions a channel's settings allow: topics (none = all), exam tag, difficulty range. */
export function questionsMatching(questions: readonly Question[], filter: QuestionFilter): Question[] {
  const topics = new Set(filter.topics);
  const exam = filter.exam ? `${filter.exam}/` : undefined;
  return questions.filter(
    (q) =>
      (topics.size === 0 || topics.has(q.topic)) &&
      (!exam || (q.exams ?? []).some((tag) => tag.startsWith(exam))) &&
      q.difficulty >= filter.difficultyMin &&
      q.difficulty <= filter.difficultyMax,
  );
}

/**
 * The next question under a channel's filter. When the filter leaves nothing (content changed
 * since setup), the whole bank is used rather than stall the channel, and `widened` says so.
 * Questions in `heldOut` (reported wrong, under review) are never chosen.
 */
export function nextFilteredQuestion(
  bank: Bank,
  history: PastPost[],
  filter: QuestionFilter,
  random: () => number = Math.random,
  heldOut: ReadonlySet<string> = new Set(),
): { question: Question | undefined; widened: boolean } {
  const pool = questionsMatching(bank.questions, filter).filter((q) => !heldOut.has(q.id));
  if (pool.length === 0) {
    return { question: nextQuestionFor(bank, history, random, heldOut), widened: bank.questions.length > 0 };
  }
  return { question: nextQuestionFor({ ...bank, questions: pool }, history, random, heldOut), widened: false };
}
