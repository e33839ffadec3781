/**
 * "Report a problem": a person's report of a question, checked against the bank and stored once;
 * the open reports an author reads; and the questions held out of the rotation meanwhile. The rules
 * live in quiz/reports.ts (pure); this loads the facts, asks them, and stores through the ReportStore.
 */
import type { Bank } from '../content/bank.ts';
import {
  heldOutQuestionIds,
  normalizeComment,
  type QuestionReportSummary,
  REPORT_REASONS,
  REPORT_SURFACES,
  type ReportReason,
  type ReportSurface,
  summarizeOpenReports,
} from '../quiz/reports.ts';
import type { Report, ReportStore, Resolution } from './report-store.ts';

export interface ReportInput {
  teamId: string;
  userId: string;
  /** As it came from Slack: checked here, never trusted. */
  questionId: string;
  reason: string | undefined;
  comment: string | null | undefined;
  surface: string;
}

export type ReportResult =
  | { kind: 'stored'; report: Report }
  | { kind: 'duplicate'; report: Report }
  /** Not a question of the bank: a forged or stale id. Nothing stored. */
  | { kind: 'unknown_question' }
  | { kind: 'invalid'; field: 'reason' | 'comment' | 'surface' };

const isReason = (v: string | undefined): v is ReportReason => (REPORT_REASONS as readonly string[]).includes(v ?? '');
const isSurface = (v: string): v is ReportSurface => (REPORT_SURFACES as readonly string[]).includes(v);

export class ReportService {
  constructor(private readonly o: { store: ReportStore; bank: () => Bank; now: () => Date }) {}

  /** Whether a question id names a question of the current bank. */
  isKnownQuestion(questionId: string): boolean {
    return this.o.bank().questionById.has(questionId);
  }

  async submit(input: ReportInput): Promise<ReportResult> {
    if (!this.isKnownQuestion(input.questionId)) return { kind: 'unknown_question' };
    if (!isReason(input.reason)) return { kind: 'invalid', field: 'reason' };
    if (!isSurface(input.surface)) return { kind: 'invalid', field: 'surface' };
    const comment = normalizeComment(input.comment);
    if (comment === undefined) return { kind: 'invalid', field: 'comment' };
    return this.o.store.record(
      {
        teamId: input.teamId,
        userId: input.userId,
        questionId: input.questionId,
        reason: input.reason,
        comment,
        surface: input.surface,
      },
      this.o.now(),
    );
  }

  /** Questions of a workspace held out of the daily and practice choice until their reports are resolved. */
  async heldOut(teamId: string): Promise<Set<string>> {
    return heldOutQuestionIds(await this.o.store.openReports({ teamId }));
  }

  /** Open reports grouped by question, most reported first; every workspace's unless one is named. */
  async openSummary(teamId?: string): Promise<QuestionReportSummary[]> {
    return summarizeOpenReports(await this.o.store.openReports(teamId ? { teamId } : {}));
  }

  /** Resolves a question's open reports; the question is back in the rotation. Returns how many. */
  resolve(questionId: string, resolution: Resolution): Promise<number> {
    return this.o.store.resolve(questionId, resolution, this.o.now());
  }
}
