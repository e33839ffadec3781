/**
 * Item analysis for content authors (`npm run cli -- stats`), as classical test theory defines it:
 * - difficulty index p: the share of answers that were correct;
 * - item-rest discrimination: the point-biserial correlation between getting this item right (1/0)
 *   and the person's rest score. People answer different questions here, so the rest score is the
 *   person's share correct on the other questions they answered, not a count; people who answered
 *   nothing else are left out. Computed once the item has enough answers to mean something;
 * - distractors nobody picks: wrong choices that attract no one do no work.
 */
import { answerKeys } from '../content/bank.ts';
import type { ChoiceTotal, Response } from './model.ts';

export const ITEM_ANALYSIS = {
  /** Answers an item needs before its discrimination is computed. */
  minAnswersForDiscrimination: 30,
  /** Answers an item needs before its p is flagged and its unpicked distractors are listed: below it, chance. */
  minAnswersForFlags: 10,
  /** p below this: too hard, or the key is wrong. */
  hardBelow: 0.2,
  /** p above this: too easy to teach anything. */
  easyAbove: 0.9,
} as const;

export type ItemLimits = { readonly [K in keyof typeof ITEM_ANALYSIS]: number };

export type ItemFlag = 'too_hard' | 'too_easy' | 'negative_discrimination';

export interface ItemQuestion {
  id: string;
  topic: string;
  /** Every choice key, such as a–d. */
  choiceKeys: readonly string[];
  /** The canonical answer, "b" or "a,c". */
  answer: string;
}

export interface ItemRow {
  questionId: string;
  topic: string;
  answers: number;
  correct: number;
  /** Difficulty index: share correct, 0–1; null without answers. */
  p: number | null;
  /** Item-rest point-biserial correlation, −1…1; null below the answer threshold or when it is undefined (no spread). */
  discrimination: number | null;
  /** Wrong choice keys nobody picked; empty below the flag threshold. */
  unpickedDistractors: string[];
  flags: ItemFlag[];
}

/** Pearson's correlation of two equally long series; null when either has no spread. */
export function correlation(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  if (n === 0 || ys.length !== n) return null;
  const mean = (v: readonly number[]) => v.reduce((s, x) => s + x, 0) / n;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] ?? 0) - mx;
    const dy = (ys[i] ?? 0) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  // Below rounding noise a series is constant: no correlation exists.
  if (sxx < 1e-12 || syy < 1e-12) return null;
  return sxy / Math.sqrt(sxx * syy);
}

/** Each person's first answer to each question: a question posted twice is still one item for them. */
function firstResponses(responses: readonly Response[]): Map<string, Map<string, boolean>> {
  const byPerson = new Map<string, Map<string, boolean>>();
  for (const r of responses) {
    const key = `${r.teamId}\u0000${r.userId}`;
    const items = byPerson.get(key) ?? new Map<string, boolean>();
    if (!items.has(r.questionId)) items.set(r.questionId, r.isCorrect);
    byPerson.set(key, items);
  }
  return byPerson;
}

/** Item-rest discrimination of every question with at least `minAnswers` people answering. */
export function discriminations(responses: readonly Response[], minAnswers: number): Map<string, number | null> {
  const people = [...firstResponses(responses).values()].map((items) => {
    let correct = 0;
    for (const ok of items.values()) if (ok) correct++;
    return { items, correct };
  });
  const series = new Map<string, { x: number[]; y: number[]; n: number }>();
  for (const { items, correct } of people) {
    for (const [questionId, ok] of items) {
      const s = series.get(questionId) ?? { x: [], y: [], n: 0 };
      s.n++;
      if (items.size > 1) {
        s.x.push(ok ? 1 : 0);
        s.y.push((correct - (ok ? 1 : 0)) / (items.size - 1));
      }
      series.set(questionId, s);
    }
  }
  const out = new Map<string, number | null>();
  for (const [questionId, s] of series) if (s.n >= minAnswers) out.set(questionId, correlation(s.x, s.y));
  return out;
}

function flagsOf(p: number | null, answers: number, discrimination: number | null, limits: ItemLimits): ItemFlag[] {
  const flags: ItemFlag[] = [];
  if (p !== null && answers >= limits.minAnswersForFlags) {
    if (p < limits.hardBelow) flags.push('too_hard');
    if (p > limits.easyAbove) flags.push('too_easy');
  }
  if (discrimination !== null && discrimination < 0) flags.push('negative_discrimination');
  return flags;
}

/**
 * One row per question of `questions` (the bank), in its order. `totals` give the counts and the
 * picks per choice; `responses` follow people across questions for the discrimination.
 */
export function itemAnalysis(
  questions: readonly ItemQuestion[],
  totals: readonly ChoiceTotal[],
  responses: readonly Response[],
  limits: ItemLimits = ITEM_ANALYSIS,
): ItemRow[] {
  const discrimination = discriminations(responses, limits.minAnswersForDiscrimination);
  const byQuestion = new Map<string, ChoiceTotal[]>();
  for (const t of totals) byQuestion.set(t.questionId, [...(byQuestion.get(t.questionId) ?? []), t]);
  return questions.map((q) => {
    let answers = 0;
    let correct = 0;
    const picked = new Set<string>();
    for (const t of byQuestion.get(q.id) ?? []) {
      answers += t.picks;
      correct += t.correct;
      if (t.picks > 0) for (const key of answerKeys(t.choice)) picked.add(key);
    }
    const p = answers === 0 ? null : correct / answers;
    const d = discrimination.get(q.id) ?? null;
    const right = answerKeys(q.answer);
    const unpickedDistractors =
      answers >= limits.minAnswersForFlags ? q.choiceKeys.filter((k) => !right.includes(k) && !picked.has(k)) : [];
    return {
      questionId: q.id,
      topic: q.topic,
      answers,
      correct,
      p,
      discrimination: d,
      unpickedDistractors,
      flags: flagsOf(p, answers, d, limits),
    };
  });
}
