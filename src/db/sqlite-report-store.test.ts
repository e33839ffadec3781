import { describe, expect, it } from 'vitest';
import type { NewReport } from '../services/report-store.ts';
import { migrate } from './migrate.ts';
import { openDatabase } from './open.ts';
import { sqliteReportStore } from './sqlite-report-store.ts';

const NOW = new Date('2026-12-01T09:00:00Z');
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

function store() {
  const db = openDatabase(':memory:');
  migrate(db);
  return sqliteReportStore(db);
}

const report = (o: Partial<NewReport> = {}): NewReport => ({
  teamId: 'T1',
  userId: 'UA',
  questionId: 'lambda-max-timeout',
  reason: 'wrong_answer',
  comment: 'B is right',
  surface: 'feedback',
  ...o,
});

describe('sqliteReportStore', () => {
  it('stores a report with its facts and reads it back as open', async () => {
    const s = store();
    const first = await s.record(report(), NOW);
    expect(first.kind).toBe('stored');
    expect(first.report).toMatchObject({ ...report(), createdAt: NOW, resolvedAt: null, resolvedBy: null });
    expect(await s.openReports()).toEqual([first.report]);
  });

  it("stores a person's second report of a question once while the first is open, and again once resolved", async () => {
    const s = store();
    const first = await s.record(report(), NOW);
    const again = await s.record(report({ reason: 'typo', comment: null }), later(1));
    expect(again).toEqual({ kind: 'duplicate', report: first.report });
    expect(await s.openReports()).toHaveLength(1);
    expect(await s.resolve('lambda-max-timeout', { by: 'author', note: 'fixed' }, later(2))).toBe(1);
    expect(await s.openReports()).toEqual([]);
    expect((await s.record(report(), later(3))).kind).toBe('stored');
  });

  it('keeps other people, questions and workspaces apart, and scopes reads and resolutions', async () => {
    const s = store();
    await s.record(report(), NOW);
    await s.record(report({ userId: 'UB' }), later(1));
    await s.record(report({ questionId: 'ecs-1' }), later(2));
    await s.record(report({ teamId: 'T2' }), later(3));
    expect(await s.openReports()).toHaveLength(4);
    expect((await s.openReports({ teamId: 'T1' })).map((r) => r.userId)).toEqual(['UA', 'UB', 'UA']);
    expect(await s.openReports({ teamId: 'T1', questionId: 'ecs-1' })).toHaveLength(1);
    expect(await s.resolve('lambda-max-timeout', { by: 'author', note: null, teamId: 'T2' }, later(4))).toBe(1);
    expect(await s.openReports({ teamId: 'T2' })).toEqual([]);
    expect(await s.resolve('lambda-max-timeout', { by: 'author', note: 'reworded' }, later(5))).toBe(2);
    expect(await s.resolve('lambda-max-timeout', { by: 'author', note: null }, later(6))).toBe(0);
    expect((await s.openReports()).map((r) => r.questionId)).toEqual(['ecs-1']);
  });

  it('refuses values the schema does not know', async () => {
    const s = store();
    await expect(s.record(report({ reason: 'spam' as NewReport['reason'] }), NOW)).rejects.toThrow(/CHECK/);
    await expect(s.record(report({ comment: 'x'.repeat(501) }), NOW)).rejects.toThrow(/CHECK/);
  });
});
