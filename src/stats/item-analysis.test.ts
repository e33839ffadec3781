import { describe, expect, it } from 'vitest';
import { correlation, discriminations, ITEM_ANALYSIS, type ItemQuestion, itemAnalysis } from './item-analysis.ts';
import type { ChoiceTotal, Response } from './model.ts';

const r = (userId: string, questionId: string, isCorrect: boolean, teamId = 'T1'): Response => ({
  teamId,
  userId,
  questionId,
  isCorrect,
});

// Four people, three questions, everyone answered everything (1 = correct):
//        q1 q2 q3
//   P1    1  1  1
//   P2    1  0  1
//   P3    0  0  1
//   P4    0  1  0
const GRID: Response[] = [
  r('P1', 'q1', true),
  r('P1', 'q2', true),
  r('P1', 'q3', true),
  r('P2', 'q1', true),
  r('P2', 'q2', false),
  r('P2', 'q3', true),
  r('P3', 'q1', false),
  r('P3', 'q2', false),
  r('P3', 'q3', true),
  r('P4', 'q1', false),
  r('P4', 'q2', true),
  r('P4', 'q3', false),
];

describe('correlation', () => {
  it('is 1 for series that rise together and -1 for opposite ones', () => {
    expect(correlation([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(correlation([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
  });

  it('is undefined (null) when a series has no spread', () => {
    expect(correlation([1, 1, 1], [0, 1, 2])).toBeNull();
    expect(correlation([], [])).toBeNull();
  });
});

describe('item-rest discrimination', () => {
  it('correlates each item with the share correct on the other items, by hand', () => {
    const d = discriminations(GRID, 1);
    // q1: x = 1,1,0,0; rest = 1, .5, .5, .5 -> cov .25 / sqrt(1 * .1875) = 1/sqrt(3)
    expect(d.get('q1')).toBeCloseTo(1 / Math.sqrt(3), 10);
    // q2: x = 1,0,0,1; rest = 1, 1, .5, 0 -> cov -.25 / sqrt(1 * .6875) = -1/sqrt(11)
    expect(d.get('q2')).toBeCloseTo(-1 / Math.sqrt(11), 10);
    // q3: x = 1,1,1,0; rest = 1, .5, 0, .5 -> cov 0
    expect(d.get('q3')).toBeCloseTo(0, 10);
  });

  it('waits for enough answers', () => {
    expect(discriminations(GRID, 5).size).toBe(0);
    expect(discriminations(GRID, 4).size).toBe(3);
  });

  it("counts a person's first answer to a question once, and keeps people of different workspaces apart", () => {
    // P1 answered q1 again (another channel) wrongly: still their first answer counts, so nothing changes.
    const again = [...GRID, r('P1', 'q1', false)];
    expect(discriminations(again, 1).get('q1')).toBeCloseTo(1 / Math.sqrt(3), 10);
    // The same user id in another workspace is another person: a fifth row for q1 (x=1, rest on q2 = 0).
    const other = [...GRID, r('P1', 'q1', true, 'T2'), r('P1', 'q2', false, 'T2')];
    expect(discriminations(other, 5).get('q1')).not.toBeCloseTo(1 / Math.sqrt(3), 3);
    expect(discriminations(other, 5).has('q1')).toBe(true);
  });

  it('leaves out people who answered nothing else', () => {
    const alone = [...GRID, r('P5', 'q1', true)];
    // P5 counts toward the threshold but has no rest score, so the correlation is unchanged.
    expect(discriminations(alone, 5).get('q1')).toBeCloseTo(1 / Math.sqrt(3), 10);
  });
});

const QUESTIONS: ItemQuestion[] = [
  { id: 'q1', topic: 'lambda', choiceKeys: ['a', 'b', 'c', 'd'], answer: 'b' },
  { id: 'q2', topic: 'sqs', choiceKeys: ['a', 'b', 'c', 'd', 'e'], answer: 'a,c' },
  { id: 'q3', topic: 'sqs', choiceKeys: ['a', 'b', 'c'], answer: 'a' },
];

const total = (questionId: string, choice: string, picks: number, correct: number, topic = 'lambda'): ChoiceTotal => ({
  questionId,
  topic,
  choice,
  picks,
  correct,
});

describe('itemAnalysis', () => {
  const small = { ...ITEM_ANALYSIS, minAnswersForDiscrimination: 4, minAnswersForFlags: 4 };

  it('gives p, discrimination, unpicked distractors and flags per question', () => {
    const totals = [
      // q1: 1 of 10 right (p = .1): too hard; c and d were never picked.
      total('q1', 'b', 1, 1),
      total('q1', 'a', 9, 0),
      // q2 (choose two): 2 of 4 right; picks a,c twice, a,b and b,d once: e is never picked.
      total('q2', 'a,c', 2, 2, 'sqs'),
      total('q2', 'a,b', 1, 0, 'sqs'),
      total('q2', 'b,d', 1, 0, 'sqs'),
      // q3: 19 of 20 right (p = .95): too easy; c never picked.
      total('q3', 'a', 19, 19, 'sqs'),
      total('q3', 'b', 1, 0, 'sqs'),
    ];
    const rows = itemAnalysis(QUESTIONS, totals, GRID, small);
    expect(rows.map((x) => [x.questionId, x.answers, x.correct, x.p])).toEqual([
      ['q1', 10, 1, 0.1],
      ['q2', 4, 2, 0.5],
      ['q3', 20, 19, 0.95],
    ]);
    expect(rows.map((x) => x.unpickedDistractors)).toEqual([['c', 'd'], ['e'], ['c']]);
    expect(rows[0]?.discrimination).toBeCloseTo(1 / Math.sqrt(3), 10);
    expect(rows.map((x) => x.flags)).toEqual([['too_hard'], ['negative_discrimination'], ['too_easy']]);
  });

  it('says nothing about a question without answers, and nothing hasty about one with few', () => {
    const rows = itemAnalysis(QUESTIONS, [total('q1', 'a', 3, 0)], [], ITEM_ANALYSIS);
    expect(rows[0]).toMatchObject({ answers: 3, p: 0, discrimination: null, unpickedDistractors: [], flags: [] });
    expect(rows[1]).toMatchObject({ answers: 0, p: null, discrimination: null, flags: [] });
  });

  it('computes discrimination from 30 answers on, by default', () => {
    const many: Response[] = [];
    for (let i = 0; i < 30; i++) {
      // Strong people (even i) get both right; the others get q1 wrong and q2 right half the time.
      many.push(r(`U${i}`, 'q1', i % 2 === 0), r(`U${i}`, 'q2', i % 2 === 0 || i % 4 === 1));
    }
    const totals = [total('q1', 'b', 15, 15), total('q1', 'a', 15, 0)];
    expect(itemAnalysis(QUESTIONS, totals, many.slice(0, 58))[0]?.discrimination).toBeNull();
    expect(itemAnalysis(QUESTIONS, totals, many)[0]?.discrimination).toBeGreaterThan(0.5);
  });
});
