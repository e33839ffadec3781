/** Small banks for unit tests that need questions but not the real content. */
import { type Bank, makeBank, type Question } from '../../src/content/bank.ts';

export function fakeQuestion(id: string, topic: string): Question {
  return {
    id,
    topic,
    difficulty: 1,
    prompt: `${id}?`,
    choices: [
      { key: 'a', text: 'yes' },
      { key: 'b', text: 'no' },
    ],
    answer: 'a',
    explanation: 'because',
    source: 'https://docs.aws.amazon.com/',
  };
}

/** `perTopic` questions in each topic, with ids `<topic>-1`, `<topic>-2`, … */
export function fakeBank(topics: string[], perTopic: number): Bank {
  return makeBank(
    topics.map((t) => ({
      topic: t,
      title: t,
      file: `${t}.yml`,
      cards: [],
      questions: Array.from({ length: perTopic }, (_, i) => fakeQuestion(`${t}-${i + 1}`, t)),
    })),
    'fake',
  );
}
