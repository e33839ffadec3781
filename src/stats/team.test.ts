import { describe, expect, it } from 'vitest';
import type { ActivityTotal, ChoiceTotal } from './model.ts';
import { accuracyByDomain, accuracyByTopic, hardestQuestions, recentWeeks, weeklyActivity } from './team.ts';

const total = (questionId: string, topic: string, choice: string, picks: number, correct: number): ChoiceTotal => ({
  questionId,
  topic,
  choice,
  picks,
  correct,
});

// lambda-a: 3 of 4 right; lambda-b: 1 of 4; sqs-a: 0 of 2; sqs-b: 5 of 5.
const TOTALS = [
  total('lambda-a', 'lambda', 'b', 3, 3),
  total('lambda-a', 'lambda', 'c', 1, 0),
  total('lambda-b', 'lambda', 'a', 1, 1),
  total('lambda-b', 'lambda', 'd', 2, 0),
  total('lambda-b', 'lambda', 'c', 1, 0),
  total('sqs-a', 'sqs', 'a', 2, 0),
  total('sqs-b', 'sqs', 'a,c', 5, 5),
];

describe('recentWeeks', () => {
  it('gives six Monday-to-Monday weeks in the zone, the current one last', () => {
    // Wednesday 2 December 2026, 01:00 UTC: still Tuesday evening in New York.
    const weeks = recentWeeks(new Date('2026-12-02T01:00:00Z'), 'America/New_York');
    expect(weeks).toHaveLength(6);
    expect(weeks.at(-1)?.start).toBe('2026-11-30T05:00:00.000Z');
    // The week before the DST change (1 November) starts at midnight EDT.
    expect(weeks[0]?.start).toBe('2026-10-26T04:00:00.000Z');
    for (let i = 1; i < weeks.length; i++) expect(weeks[i]?.start).toBe(weeks[i - 1]?.end);
  });
});

describe('weeklyActivity', () => {
  it('gives accuracy per week and an empty row for a quiet week', () => {
    const weeks = recentWeeks(new Date('2026-12-02T12:00:00Z'), 'UTC', 2);
    const totals: ActivityTotal[] = [
      { start: '2026-11-30T00:00:00.000Z', end: '2026-12-07T00:00:00.000Z', people: 3, answers: 8, correct: 6, posts: 3 },
    ];
    expect(weeklyActivity(weeks, totals)).toEqual([
      { label: 'week of November 23', start: '2026-11-23T00:00:00.000Z', people: 0, answers: 0, posts: 0, accuracy: null },
      { label: 'week of November 30', start: '2026-11-30T00:00:00.000Z', people: 3, answers: 8, posts: 3, accuracy: 0.75 },
    ]);
  });
});

describe('accuracy by topic and by exam domain', () => {
  it('sums each topic, weakest first', () => {
    // lambda 4 of 8 = .5; sqs 5 of 7 ≈ .714
    expect(accuracyByTopic(TOTALS).map((t) => [t.key, t.answers, t.correct])).toEqual([
      ['lambda', 8, 4],
      ['sqs', 7, 5],
    ]);
  });

  it('counts a question in each domain it serves, and a question without tags in none', () => {
    const exams: Record<string, string[]> = {
      'lambda-a': ['DVA-C02/1', 'SAA-C03/3'],
      'lambda-b': ['DVA-C02/1'],
      'sqs-b': ['SAA-C03/3'],
    };
    const rows = accuracyByDomain(TOTALS, (id) => exams[id] ?? []);
    // DVA-C02/1: lambda-a + lambda-b = 4 of 8; SAA-C03/3: lambda-a + sqs-b = 8 of 9.
    expect(rows).toEqual([
      { key: 'DVA-C02/1', name: 'Development with AWS Services', answers: 8, correct: 4, accuracy: 0.5 },
      { key: 'SAA-C03/3', name: 'Design High-Performing Architectures', answers: 9, correct: 8, accuracy: 8 / 9 },
    ]);
  });
});

describe('hardestQuestions', () => {
  it('ranks by share correct among questions with enough answers, with the common wrong choice', () => {
    const rows = hardestQuestions(TOTALS, 5, 3);
    // sqs-a has only 2 answers: left out.
    expect(rows.map((q) => [q.questionId, q.accuracy])).toEqual([
      ['lambda-b', 0.25],
      ['lambda-a', 0.75],
      ['sqs-b', 1],
    ]);
    expect(rows[0]?.commonWrong).toEqual({ choice: 'd', picks: 2 });
    expect(rows[2]?.commonWrong).toBeUndefined();
    expect(hardestQuestions(TOTALS, 1, 2).map((q) => q.questionId)).toEqual(['sqs-a']);
  });
});
