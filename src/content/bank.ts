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
  answer: string;
  explanation: string;
  source: string;
  origin?: string;
}

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
