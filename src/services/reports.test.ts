import { describe, expect, it } from 'vitest';
import { fakeBank } from '../../test/support/content-fixtures.ts';
import { migrate } from '../db/migrate.ts';
import { openDatabase } from '../db/open.ts';
import { sqliteReportStore } from '../db/sqlite-report-store.ts';
import { type ReportInput, ReportService } from './reports.ts';

const bank = fakeBank(['lambda', 'ecs'], 2);
const [q1, q2] = bank.questions.map((q) => q.id);

function service() {
  const db = openDatabase(':memory:');
  migrate(db);
  const clock = { now: new Date('2026-12-01T09:00:00Z') };
  return { reports: new ReportService({ store: sqliteReportStore(db), bank: () => bank, now: () => clock.now }), clock };
}

const input = (o: Partial<ReportInput> = {}): ReportInput => ({
  teamId: 'T1',
  userId: 'UA',
  questionId: q1 ?? '',
  reason: 'wrong_answer',
  comment: null,
  surface: 'feedback',
  ...o,
});

describe('ReportService', () => {
  it('stores a report of a question of the bank, with the comment trimmed', async () => {
    const { reports } = service();
    const r = await reports.submit(input({ comment: '  B is right\n' }));
    expect(r.kind).toBe('stored');
    expect(r.kind === 'stored' && r.report).toMatchObject({ questionId: q1, comment: 'B is right', surface: 'feedback' });
  });

  it.each([
    ['an id not in the bank', { questionId: 'forged-id' }, { kind: 'unknown_question' }],
    ['no reason', { reason: undefined }, { kind: 'invalid', field: 'reason' }],
    ['a reason the modal does not offer', { reason: 'spam' }, { kind: 'invalid', field: 'reason' }],
    ['a surface the app has not', { surface: 'admin' }, { kind: 'invalid', field: 'surface' }],
    ['a comment over 500 characters', { comment: 'x'.repeat(501) }, { kind: 'invalid', field: 'comment' }],
  ])('refuses %s and stores nothing', async (_name, change, expected) => {
    const { reports } = service();
    expect(await reports.submit(input(change))).toEqual(expected);
    expect(await reports.openSummary()).toEqual([]);
  });

  it('holds a question out in the workspace where two people reported a wrong answer, until resolved', async () => {
    const { reports, clock } = service();
    await reports.submit(input({ userId: 'UA' }));
    await reports.submit(input({ userId: 'UA', reason: 'typo' }));
    expect([...(await reports.heldOut('T1'))]).toEqual([]);
    await reports.submit(input({ userId: 'UB' }));
    await reports.submit(input({ userId: 'UC', questionId: q2 }));
    await reports.submit(input({ teamId: 'T2', userId: 'UD' }));
    expect([...(await reports.heldOut('T1'))]).toEqual([q1]);
    expect([...(await reports.heldOut('T2'))]).toEqual([]);
    expect((await reports.openSummary('T1')).map((s) => [s.questionId, s.total, s.isHeldOut])).toEqual([
      [q1, 2, true],
      [q2, 1, false],
    ]);
    clock.now = new Date('2026-12-02T09:00:00Z');
    expect(await reports.resolve(q1 ?? '', { by: 'author', note: 'fixed the answer', teamId: 'T1' })).toBe(2);
    expect([...(await reports.heldOut('T1'))]).toEqual([]);
    expect((await reports.openSummary()).map((s) => s.questionId).sort()).toEqual([q1, q2].sort());
  });
});
