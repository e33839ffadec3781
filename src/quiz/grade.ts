import type { Question } from '../content/bank.ts';

/** The question as it was posted: grading and reveal use this snapshot, not today's content. */
export type PostedQuestion = Omit<Question, 'origin'> & { topicTitle: string };

export function gradeAnswer(question: PostedQuestion, choiceKey: string): { isValid: boolean; isCorrect: boolean } {
  const isValid = question.choices.some((c) => c.key === choiceKey);
  return { isValid, isCorrect: isValid && choiceKey === question.answer };
}

export function choiceText(question: PostedQuestion, key: string): string {
  return question.choices.find((c) => c.key === key)?.text ?? key;
}
