/** "Report a problem" on PostgreSQL: the statements of db/sqlite-report-store.ts, same semantics. */
import type { NewReport, Report, ReportRecord, ReportScope, ReportStore, Resolution } from '../../services/report-store.ts';
import { COLUMNS, type ReportRow, toReport } from '../report-rows.ts';
import type { Sql } from './sql.ts';

async function record(sql: Sql, r: NewReport, now: Date): Promise<ReportRecord> {
  const inserted = await sql.query<ReportRow>(
    `INSERT INTO reports (team_id, user_id, question_id, reason, comment, surface, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT DO NOTHING
     RETURNING ${COLUMNS}`,
    [r.teamId, r.userId, r.questionId, r.reason, r.comment, r.surface, now.toISOString()],
  );
  const stored = inserted.rows[0];
  if (stored) return { kind: 'stored', report: toReport(stored) };
  const open = await sql.query<ReportRow>(
    `SELECT ${COLUMNS} FROM reports
     WHERE team_id = $1 AND user_id = $2 AND question_id = $3 AND resolved_at IS NULL`,
    [r.teamId, r.userId, r.questionId],
  );
  // The insert can only be refused by the open report's unique key, so that report exists.
  const existing = open.rows[0];
  if (!existing) throw new Error('report_conflict_without_open_report');
  return { kind: 'duplicate', report: toReport(existing) };
}

async function openReports(sql: Sql, scope: ReportScope = {}): Promise<Report[]> {
  // NULL parameters mean "any": one statement for every scope.
  const rows = await sql.query<ReportRow>(
    `SELECT ${COLUMNS} FROM reports
     WHERE resolved_at IS NULL AND ($1::text IS NULL OR team_id = $1) AND ($2::text IS NULL OR question_id = $2)
     ORDER BY created_at, id`,
    [scope.teamId ?? null, scope.questionId ?? null],
  );
  return rows.rows.map(toReport);
}

async function resolve(sql: Sql, questionId: string, resolution: Resolution, now: Date): Promise<number> {
  const r = await sql.query(
    `UPDATE reports SET resolved_at = $1, resolved_by = $2, resolution_note = $3
     WHERE question_id = $4 AND resolved_at IS NULL AND ($5::text IS NULL OR team_id = $5)`,
    [now.toISOString(), resolution.by, resolution.note, questionId, resolution.teamId ?? null],
  );
  return r.rowCount;
}

/** The PostgreSQL report store: each call its own statement or transaction on the pool. */
export function postgresReportStore(sql: Sql): ReportStore {
  return {
    // The insert and the read of the open report it collided with see one snapshot.
    record: (report, now) => sql.atomic((tx) => record(tx, report, now)),
    openReports: (scope) => openReports(sql, scope),
    resolve: (questionId, resolution, now) => resolve(sql, questionId, resolution, now),
  };
}
