import { answerKeys, canonicalAnswer, isMultipleResponse } from '../content/bank.ts';

import type { PostedQuestion } from './model.ts';

export type { PostedQuestion };

/**
 * A selection is one key, or for a "choose two" question the picked keys in canonical form ("a,c").
 * It is valid when every key names a choice, it is written canonically, and it has the question's
 * shape: one key for a single-answer question, two or more for a choose-two question (so a letter
 * button forged onto a choose-two post scores nothing). A choose-two question is all-or-nothing.
 */
export function gradeAnswer(question: PostedQuestion, selection: string): { isValid: boolean; isCorrect: boolean } {
  const keys = answerKeys(selection);
  const isValid =
    selection.length > 0 &&
    canonicalAnswer(keys) === selection &&
    keys.every((key) => question.choices.some((c) => c.key === key)) &&
    (isMultipleResponse(question) ? keys.length >= 2 && keys.length < question.choices.length : keys.length === 1);
  return { isValid, isCorrect: isValid && selection === question.answer };
}

/** The text of a choice, or of each choice of a selection ("a,c"), joined. */
export function choiceText(question: PostedQuestion, selection: string): string {
  return answerKeys(selection)
    .map((key) => question.choices.find((c) => c.key === key)?.text ?? key)
    .join(' + ');
}

/** The wrong choices of a selection, each with the content's reason, where it has one. */
export function wrongPicks(question: PostedQuestion, selection: string): { key: string; why?: string }[] {
  const right = new Set(answerKeys(question.answer));
  return answerKeys(selection)
    .filter((key) => !right.has(key))
    .map((key) => ({ key, ...(question.why?.[key] ? { why: question.why[key] } : {}) }));
}
