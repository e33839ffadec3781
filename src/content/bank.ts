/** The validated content the rest of the program works with. */

export interface Choice {
  key: string;
  text: string;
}

export interface Question {
  id: string;
  topic: string;
  difficulty: 1 | 2 | 3;
  prompt: string;
  choices: Choice[];
  /** The right choice's key, or for a "choose two" question the right keys, sorted, joined by commas ("a,c"). */
  answer: string;
  explanation: string;
  /** Why each wrong choice is wrong, by key; shown to whoever picked it. */
  why?: Record<string, string>;
  /** Exam guide domains the question serves, such as `DVA-C02/2`. */
  exams?: string[];
  /** The date the item was last checked against its source. */
  verified?: string;
  source: string;
  origin?: string;
}

/** The keys of a canonical answer or selection ("a,c" -> ["a", "c"]). */
export const answerKeys = (answer: string): string[] => answer.split(',');

/** A selection of keys in the one order the bank stores answers in. */
export const canonicalAnswer = (keys: readonly string[]): string => [...new Set(keys)].sort().join(',');

export const isMultipleResponse = (question: Pick<Question, 'answer'>): boolean => question.answer.includes(',');

export interface Card {
  id: string;
  topic: string;
  title: string;
  keywords: string[];
  body: string;
  source: string;
}

export interface Topic {
  topic: string;
  title: string;
  file: string;
  cards: Card[];
  questions: Question[];
}

export interface Bank {
  topics: Topic[];
  cards: Card[];
  questions: Question[];
  questionById: ReadonlyMap<string, Question>;
  cardById: ReadonlyMap<string, Card>;
  /** sha256 over the files, for change detection. */
  hash: string;
}

export function makeBank(topics: Topic[], hash: string): Bank {
  const cards = topics.flatMap((t) => t.cards);
  const questions = topics.flatMap((t) => t.questions);
  return {
    topics,
    cards,
    questions,
    questionById: new Map(questions.map((q) => [q.id, q])),
    cardById: new Map(cards.map((c) => [c.id, c])),
    hash,
  };
}
