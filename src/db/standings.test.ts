import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../test/support/seeded-random.ts';
import { type Period, periodRange } from '../quiz/periods.ts';
import { addToPeriodTotals } from './answers.ts';
import { migrate, readMigrations } from './migrate.ts';
import { type Db, openDatabase } from './open.ts';
import { leaderboard } from './standings.ts';

const TEAM = 'T0TEST';
const DAY = 86_400_000;
const FIRST_DAY = Date.parse('2024-09-01T00:00:00Z');
const DAYS = 240;

/** A post a day and answers at any hour, so some fall on every zone's period boundaries. */
/** `totals`: also count each answer into the period totals, as the answer store does. */
function fillAnswers(db: Db, o: { from: number; days: number; seed: number; totals: boolean }): void {
  const random = seededRandom(o.seed);
  const insertPost = db.prepare(
    `INSERT INTO posts (team_id, channel_id, slot, seq, question_id, topic, question_json, correct_key, state, created_at)
     VALUES (?, 'C0QUIZ', ?, ?, 'q', 'lambda', '{}', 'a', 'revealed', ?)`,
  );
  const insertAnswer = db.prepare(
    'INSERT INTO answers (post_id, team_id, user_id, choice, is_correct, answered_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    db.prepare("INSERT INTO workspaces (team_id, created_at) VALUES (?, '2024-01-01') ON CONFLICT DO NOTHING").run(TEAM);
    for (let d = 0; d < o.days; d++) {
      const day = o.from + d * DAY;
      const slot = new Date(day).toISOString();
      const post = insertPost.run(TEAM, slot, Math.round(day / DAY), slot);
      for (let u = 0; u < 30; u++) {
        if (random() < 0.5) continue;
        const isCorrect = random() < 0.6 ? 1 : 0;
        const at = new Date(day + Math.floor(random() * DAY)).toISOString();
        insertAnswer.run(post.lastInsertRowid, TEAM, `U${u}`, isCorrect ? 'a' : 'b', isCorrect, at);
        if (o.totals) addToPeriodTotals(db, TEAM, `U${u}`, new Date(at), isCorrect);
      }
    }
  })();
}

/** The leaderboard by definition: every answer in [start, end), summed. */
function scannedLeaderboard(db: Db, start: string, end: string) {
  return db
    .prepare(
      `SELECT user_id AS userId, SUM(is_correct) AS points, COUNT(*) AS answers
       FROM answers WHERE team_id = ? AND answered_at >= ? AND answered_at < ?
       GROUP BY user_id HAVING points > 0 ORDER BY points DESC, answers ASC, userId`,
    )
    .all(TEAM, start, end);
}

function withoutStreaks(rows: { userId: string; points: number; answers: number }[]) {
  return rows.map(({ userId, points, answers }) => ({ userId, points, answers }));
}

describe('leaderboard periods', () => {
  it.each([
    'UTC',
    'America/Los_Angeles',
    'Europe/Berlin',
    'Asia/Kathmandu',
    'Pacific/Kiritimati',
    'Pacific/Pago_Pago',
    'Australia/Lord_Howe',
  ])('counts exactly the answers inside each week and month in %s', (zone) => {
    const db = openDatabase(':memory:');
    migrate(db);
    fillAnswers(db, { from: FIRST_DAY, days: DAYS, seed: zone.length, totals: true });
    const random = seededRandom(zone.length + 1);
    for (let i = 0; i < 40; i++) {
      // Any moment of the filled months, including the hours around midnight and DST changes.
      const now = new Date(FIRST_DAY + 20 * DAY + random() * (DAYS - 40) * DAY);
      for (const period of ['week', 'month'] as Period[]) {
        const range = periodRange(period, now, zone);
        const expected = scannedLeaderboard(db, range.start ?? '', range.end ?? '');
        expect(expected.length).toBeGreaterThan(0);
        expect(withoutStreaks(leaderboard(db, TEAM, range, 1000))).toEqual(expected);
      }
    }
  });

  it('keeps the period totals equal to the answers, filled by migration 002 and then by the answer store', () => {
    const db = openDatabase(':memory:');
    const migrations = readMigrations();
    migrate(
      db,
      migrations.filter((m) => m.name < '002_period_totals'),
    );
    fillAnswers(db, { from: FIRST_DAY, days: 60, seed: 1, totals: false }); // before 002: it fills the totals
    migrate(db, migrations);
    fillAnswers(db, { from: FIRST_DAY + 60 * DAY, days: 60, seed: 2, totals: true }); // after: the store's code does

    const totals = (period: string) =>
      db
        .prepare(
          'SELECT start, user_id, points, answers FROM period_totals WHERE period = ? AND answers != 0 ORDER BY start, user_id',
        )
        .all(period);
    // SQLite's own date arithmetic, as migration 002 used: the code's buckets must be the same.
    const fromAnswers = (bucket: string) =>
      db
        .prepare(
          `SELECT ${bucket} AS start, user_id, SUM(is_correct) AS points, COUNT(*) AS answers
           FROM answers GROUP BY 1, user_id ORDER BY 1, user_id`,
        )
        .all();
    expect(totals('week')).toEqual(fromAnswers("date(answered_at, '-6 days', 'weekday 1')"));
    expect(totals('month')).toEqual(fromAnswers('substr(answered_at, 1, 7)'));
  });

  it('has no triggers left: the answer store is the one writer of the totals', () => {
    const db = openDatabase(':memory:');
    migrate(db);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all()).toEqual([]);
  });

  it('ranks all time by the sum over channels, also for someone with no points in one channel', () => {
    const db = openDatabase(':memory:');
    migrate(db);
    const insert = db.prepare(
      `INSERT INTO user_stats (team_id, channel_id, user_id, points, answers, correct, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, '2025-01-01')`,
    );
    insert.run(TEAM, 'C1', 'U1', 5, 6, 5);
    insert.run(TEAM, 'C2', 'U1', 0, 1, 0);
    insert.run(TEAM, 'C1', 'U2', 0, 3, 0);
    insert.run(TEAM, 'C2', 'U2', 2, 2, 2);
    insert.run(TEAM, 'C1', 'U3', 0, 4, 0);
    expect(withoutStreaks(leaderboard(db, TEAM, periodRange('all', new Date(), 'UTC')))).toEqual([
      { userId: 'U1', points: 5, answers: 7 },
      { userId: 'U2', points: 2, answers: 5 },
    ]);
  });
});
