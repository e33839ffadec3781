/**
 * "Report a problem" with a question: the reasons people give, where they report from, and the
 * rules over open reports (which questions are held out of the rotation, the summary an author
 * reads). Pure: the callers pass the open reports in.
 */

export const REPORT_REASONS = ['wrong_answer', 'ambiguous', 'outdated', 'typo', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

/** The words for each reason, in the modal and in the reports channel. */
export const REASON_LABELS: Readonly<Record<ReportReason, string>> = {
  wrong_answer: 'The answer is wrong',
  ambiguous: 'The question is ambiguous',
  outdated: 'It is outdated',
  typo: 'Typo or wording',
  other: 'Something else',
};

/** Where a person read the answer they report: the daily feedback, the channel's reveal, or practice. */
export const REPORT_SURFACES = ['feedback', 'reveal', 'practice'] as const;
export type ReportSurface = (typeof REPORT_SURFACES)[number];

/** A comment is a few sentences for the author, not an essay (and it is posted to a channel). */
export const REPORT_COMMENT_MAX = 500;

/**
 * Distinct people whose open "wrong answer" reports hold a question out of the daily and practice
 * rotation until it is resolved: one person may be mistaken, two agreeing deserve a look first.
 */
export const HOLD_OUT_THRESHOLD = 2;

/** The little of an open report the rules need. */
export interface OpenReportFacts {
  questionId: string;
  userId: string;
  reason: ReportReason;
  comment: string | null;
  createdAt: Date;
}

/** Questions with open "wrong answer" reports from at least `threshold` different people. */
export function heldOutQuestionIds(
  reports: readonly Pick<OpenReportFacts, 'questionId' | 'userId' | 'reason'>[],
  threshold = HOLD_OUT_THRESHOLD,
): Set<string> {
  const reporters = new Map<string, Set<string>>();
  for (const r of reports) {
    if (r.reason !== 'wrong_answer') continue;
    let people = reporters.get(r.questionId);
    if (!people) {
      people = new Set();
      reporters.set(r.questionId, people);
    }
    people.add(r.userId);
  }
  return new Set([...reporters].filter(([, people]) => people.size >= threshold).map(([id]) => id));
}

export interface QuestionReportSummary {
  questionId: string;
  total: number;
  byReason: Record<ReportReason, number>;
  /** The newest comments first, at most `commentsShown`. */
  latestComments: { userId: string; comment: string; createdAt: Date }[];
  latestAt: Date;
  isHeldOut: boolean;
}

const noReasons = (): Record<ReportReason, number> => ({ wrong_answer: 0, ambiguous: 0, outdated: 0, typo: 0, other: 0 });

/** Open reports grouped by question, the question with the most reports first (then the newest). */
export function summarizeOpenReports(reports: readonly OpenReportFacts[], commentsShown = 3): QuestionReportSummary[] {
  const held = heldOutQuestionIds(reports);
  const groups = new Map<string, OpenReportFacts[]>();
  for (const r of reports) groups.set(r.questionId, [...(groups.get(r.questionId) ?? []), r]);
  const summaries = [...groups].map(([questionId, rows]): QuestionReportSummary => {
    const byReason = noReasons();
    for (const r of rows) byReason[r.reason] += 1;
    const newest = [...rows].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    return {
      questionId,
      total: rows.length,
      byReason,
      latestComments: newest
        .filter((r): r is OpenReportFacts & { comment: string } => !!r.comment)
        .slice(0, commentsShown)
        .map((r) => ({ userId: r.userId, comment: r.comment, createdAt: r.createdAt })),
      latestAt: newest[0]?.createdAt ?? new Date(0),
      isHeldOut: held.has(questionId),
    };
  });
  return summaries.sort(
    (a, b) => b.total - a.total || b.latestAt.getTime() - a.latestAt.getTime() || a.questionId.localeCompare(b.questionId),
  );
}

/** A comment as stored: trimmed, empty as none. Undefined when it is too long to accept. */
export function normalizeComment(raw: string | null | undefined): string | null | undefined {
  const text = (raw ?? '').trim();
  if (text.length > REPORT_COMMENT_MAX) return undefined;
  return text === '' ? null : text;
}
