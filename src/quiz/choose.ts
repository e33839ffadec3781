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
