import { describe, expect, it } from 'vitest';
import {
  heldOutQuestionIds,
  normalizeComment,
  type OpenReportFacts,
  REPORT_COMMENT_MAX,
  type ReportReason,
  summarizeOpenReports,
} from './reports.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 9, minute));
const report = (questionId: string, userId: string, reason: ReportReason, minute = 0, comment: string | null = null) =>
  ({ questionId, userId, reason, comment, createdAt: at(minute) }) satisfies OpenReportFacts;

describe('heldOutQuestionIds', () => {
  it.each([
    ['no reports', [], []],
    ['one wrong-answer report', [report('q1', 'UA', 'wrong_answer')], []],
    ['two people say wrong answer', [report('q1', 'UA', 'wrong_answer'), report('q1', 'UB', 'wrong_answer')], ['q1']],
    ['the same person twice', [report('q1', 'UA', 'wrong_answer'), report('q1', 'UA', 'wrong_answer')], []],
    ['two people, other reasons', [report('q1', 'UA', 'typo'), report('q1', 'UB', 'ambiguous')], []],
    ['one wrong answer and one typo', [report('q1', 'UA', 'wrong_answer'), report('q1', 'UB', 'typo')], []],
    [
      'two questions, one reported by two',
      [report('q1', 'UA', 'wrong_answer'), report('q2', 'UB', 'wrong_answer'), report('q2', 'UC', 'wrong_answer')],
      ['q2'],
    ],
  ] as const)('%s', (_name, reports, expected) => {
    expect([...heldOutQuestionIds(reports)].sort()).toEqual(expected);
  });

  it('takes another threshold', () => {
    expect([...heldOutQuestionIds([report('q1', 'UA', 'wrong_answer')], 1)]).toEqual(['q1']);
  });
});

describe('summarizeOpenReports', () => {
  it('groups by question with counts by reason, newest comments first, most reported first', () => {
    const summary = summarizeOpenReports([
      report('q1', 'UA', 'typo', 1, 'lambada'),
      report('q2', 'UB', 'wrong_answer', 2, 'it is 15 minutes'),
      report('q2', 'UC', 'wrong_answer', 5, 'B is right'),
      report('q2', 'UD', 'outdated', 3),
    ]);
    expect(summary.map((s) => s.questionId)).toEqual(['q2', 'q1']);
    const [q2, q1] = summary;
    expect(q2?.total).toBe(3);
    expect(q2?.byReason).toEqual({ wrong_answer: 2, ambiguous: 0, outdated: 1, typo: 0, other: 0 });
    expect(q2?.latestComments.map((c) => c.comment)).toEqual(['B is right', 'it is 15 minutes']);
    expect(q2?.isHeldOut).toBe(true);
    expect(q2?.latestAt).toEqual(at(5));
    expect(q1?.isHeldOut).toBe(false);
  });

  it('shows at most the asked number of comments', () => {
    const rows = ['UA', 'UB', 'UC', 'UD'].map((u, i) => report('q1', u, 'other', i, `c${i}`));
    expect(summarizeOpenReports(rows, 2)[0]?.latestComments.map((c) => c.comment)).toEqual(['c3', 'c2']);
  });

  it('breaks a tie in count by the newest report', () => {
    const summary = summarizeOpenReports([report('q1', 'UA', 'typo', 1), report('q2', 'UB', 'typo', 9)]);
    expect(summary.map((s) => s.questionId)).toEqual(['q2', 'q1']);
  });
});

describe('normalizeComment', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['   ', null],
    ['  B is right ', 'B is right'],
    ['x'.repeat(REPORT_COMMENT_MAX), 'x'.repeat(REPORT_COMMENT_MAX)],
    ['x'.repeat(REPORT_COMMENT_MAX + 1), undefined],
  ])('%j -> %j', (raw, expected) => {
    expect(normalizeComment(raw)).toEqual(expected);
  });
});
