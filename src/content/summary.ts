import type { Bank } from './bank.ts';

export interface TopicSummary {
  topic: string;
  title: string;
  questions: number;
  cards: number;
  byDifficulty: [number, number, number];
}

export function summarize(bank: Bank) {
  const topics: TopicSummary[] = bank.topics.map((t) => ({
    topic: t.topic,
    title: t.title,
    questions: t.questions.length,
    cards: t.cards.length,
    byDifficulty: [1, 2, 3].map((d) => t.questions.filter((q) => q.difficulty === d).length) as [number, number, number],
  }));
  const letters: Record<string, number> = {};
  for (const q of bank.questions) letters[q.answer] = (letters[q.answer] ?? 0) + 1;
  return { topics, letters, questions: bank.questions.length, cards: bank.cards.length };
}
