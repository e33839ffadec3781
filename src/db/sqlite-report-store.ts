import type { NewReport, Report, ReportRecord, ReportScope, ReportStore, Resolution } from '../services/report-store.ts';
import type { Db } from './open.ts';
import { COLUMNS, type ReportRow, toReport } from './report-rows.ts';
import { statement } from './statements.ts';

function record(db: Db, r: NewReport, now: Date): ReportRecord {
  const inserted = statement(
    db,
    `INSERT INTO reports (team_id, user_id, question_id, reason, comment, surface, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING
     RETURNING ${COLUMNS}`,
  ).get(r.teamId, r.userId, r.questionId, r.reason, r.comment, r.surface, now.toISOString()) as ReportRow | undefined;
  if (inserted) return { kind: 'stored', report: toReport(inserted) };
  const open = statement(
    db,
    `SELECT ${COLUMNS} FROM reports
     WHERE team_id = ? AND user_id = ? AND question_id = ? AND resolved_at IS NULL`,
  ).get(r.teamId, r.userId, r.questionId) as ReportRow | undefined;
  // The insert can only be refused by the open report's unique key, so that report exists.
  if (!open) throw new Error('report_conflict_without_open_report');
  return { kind: 'duplicate', report: toReport(open) };
}

function openReports(db: Db, scope: ReportScope = {}): Report[] {
  // NULL parameters mean "any": one prepared statement for every scope.
  const rows = statement(
    db,
    `SELECT ${COLUMNS} FROM reports
     WHERE resolved_at IS NULL AND (? IS NULL OR team_id = ?) AND (? IS NULL OR question_id = ?)
     ORDER BY created_at, id`,
  ).all(scope.teamId ?? null, scope.teamId ?? null, scope.questionId ?? null, scope.questionId ?? null) as ReportRow[];
  return rows.map(toReport);
}

function resolve(db: Db, questionId: string, resolution: Resolution, now: Date): number {
  const team = resolution.teamId ?? null;
  return statement(
    db,
    `UPDATE reports SET resolved_at = ?, resolved_by = ?, resolution_note = ?
     WHERE question_id = ? AND resolved_at IS NULL AND (? IS NULL OR team_id = ?)`,
  ).run(now.toISOString(), resolution.by, resolution.note, questionId, team, team).changes;
}

/**
 * The SQLite report store. Like the practice store it shares the connection with sqliteStores,
 * whose transactions may stay open across an await; a call made then waits for it to end.
 */
export function sqliteReportStore(db: Db): ReportStore {
  const settled = async (): Promise<void> => {
    while (db.inTransaction) await new Promise<void>((done) => setImmediate(done));
  };
  return {
    async record(report, now) {
      await settled();
      return db.transaction(() => record(db, report, now))();
    },
    async openReports(scope) {
      await settled();
      return openReports(db, scope);
    },
    async resolve(questionId, resolution, now) {
      await settled();
      return resolve(db, questionId, resolution, now);
    },
  };
}
