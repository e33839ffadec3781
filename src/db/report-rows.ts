/** A reports row as both backends store it, and the domain Report it maps to. */
import type { Report } from '../services/report-store.ts';

export interface ReportRow {
  id: number;
  team_id: string;
  user_id: string;
  question_id: string;
  reason: Report['reason'];
  comment: string | null;
  surface: Report['surface'];
  created_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution_note: string | null;
}

export const COLUMNS =
  'id, team_id, user_id, question_id, reason, comment, surface, created_at, resolved_at, resolved_by, resolution_note';

export const toReport = (r: ReportRow): Report => ({
  id: r.id,
  teamId: r.team_id,
  userId: r.user_id,
  questionId: r.question_id,
  reason: r.reason,
  comment: r.comment,
  surface: r.surface,
  createdAt: new Date(r.created_at),
  resolvedAt: r.resolved_at ? new Date(r.resolved_at) : null,
  resolvedBy: r.resolved_by,
  resolutionNote: r.resolution_note,
});
