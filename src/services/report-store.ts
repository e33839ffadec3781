/**
 * The storage seam of "report a problem", asynchronous like stores.ts; db/sqlite-report-store.ts is
 * the embedded implementation. Instants are Dates here, ISO-8601 UTC text in the database.
 */
import type { ReportReason, ReportSurface } from '../quiz/reports.ts';

export interface NewReport {
  teamId: string;
  userId: string;
  /** Checked against the bank by the service before it gets here. */
  questionId: string;
  reason: ReportReason;
  /** Trimmed, at most REPORT_COMMENT_MAX characters; null when none was given. */
  comment: string | null;
  surface: ReportSurface;
}

export interface Report extends NewReport {
  id: number;
  createdAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  resolutionNote: string | null;
}

export type ReportRecord =
  | { kind: 'stored'; report: Report }
  /** The person has an open report of this question already: that one, unchanged. */
  | { kind: 'duplicate'; report: Report };

export interface ReportScope {
  teamId?: string;
  questionId?: string;
}

export interface Resolution {
  /** Who resolved them (the operator's name at the command line). */
  by: string;
  note: string | null;
  /** Only this workspace's reports; every workspace's when absent. */
  teamId?: string;
}

export interface ReportStore {
  /**
   * Stores a report unless the person has an open one of the same question in the workspace: the
   * unique key decides (ON CONFLICT DO NOTHING), never a check-then-insert.
   */
  record(report: NewReport, now: Date): Promise<ReportRecord>;
  /** Open (unresolved) reports, oldest first, of every workspace and question unless scoped. */
  openReports(scope?: ReportScope): Promise<Report[]>;
  /** Marks a question's open reports resolved in one statement; returns how many it resolved. */
  resolve(questionId: string, resolution: Resolution, now: Date): Promise<number>;
}
