import type { LeaderRow, PersonalRecord } from '../quiz/model.ts';
import { type PeriodRange, utcBucketOf } from '../quiz/periods.ts';
import { currentStreak } from '../quiz/streak.ts';
import type { Db } from './open.ts';

interface StreakRow {
  user_id: string;
  channel_id: string;
  current_streak: number;
  best_streak: number;
  last_correct_seq: number;
}

/**
 * Live streaks of some people: a stored streak is alive only while the person answered every
 * closed question of the channel, so it is read against the highest closed (revealed) seq.
 */
function liveStreaks(db: Db, teamId: string, userIds: string[]): Map<string, { current: number; best: number }> {
  const out = new Map<string, { current: number; best: number }>();
  if (userIds.length === 0) return out;
  const closed = new Map(
    (
      db
        .prepare(
          "SELECT channel_id, MAX(seq) AS closed_seq FROM posts WHERE team_id = ? AND state = 'revealed' GROUP BY channel_id",
        )
        .all(teamId) as { channel_id: string; closed_seq: number }[]
    ).map((r) => [r.channel_id, r.closed_seq]),
  );
  const placeholders = userIds.map(() => '?').join(', ');
  const rows = db
    .prepare(
      `SELECT user_id, channel_id, current_streak, best_streak, last_correct_seq
       FROM user_stats WHERE team_id = ? AND user_id IN (${placeholders})`,
    )
    .all(teamId, ...userIds) as StreakRow[];
  for (const r of rows) {
    const current = currentStreak(
      { currentStreak: r.current_streak, bestStreak: r.best_streak, lastCorrectSeq: r.last_correct_seq },
      closed.get(r.channel_id) ?? 0,
    );
    const prev = out.get(r.user_id);
    out.set(r.user_id, { current: Math.max(prev?.current ?? 0, current), best: Math.max(prev?.best ?? 0, r.best_streak) });
  }
  return out;
}

// HAVING names SUM(...) because a bare \`points\` there would be a column of one row of the group,
// not the alias. The bucket's totals, plus the answers in the hours the period has beyond the bucket (sign +1)
// and minus those in the hours the bucket has beyond the period (sign -1).
const PERIOD_SQL = `
  SELECT user_id AS userId, SUM(p) AS points, SUM(n) AS answers FROM (
    SELECT user_id, points AS p, answers AS n FROM period_totals WHERE team_id = :team AND period = :period AND start = :key
    UNION ALL
    SELECT user_id, is_correct * :headSign, :headSign FROM answers
      WHERE team_id = :team AND answered_at >= :headFrom AND answered_at < :headTo
    UNION ALL
    SELECT user_id, is_correct * :tailSign, :tailSign FROM answers
      WHERE team_id = :team AND answered_at >= :tailFrom AND answered_at < :tailTo
  )
  GROUP BY user_id HAVING SUM(p) > 0 ORDER BY points DESC, answers ASC, userId LIMIT :limit`;

const ALL_TIME_SQL = `
  SELECT user_id AS userId, SUM(points) AS points, SUM(answers) AS answers
  FROM user_stats WHERE team_id = ? GROUP BY user_id HAVING SUM(points) > 0
  ORDER BY points DESC, answers ASC, userId LIMIT ?`;

/** Points per person in a period (answers' time in [start, end)), most points first, then accuracy. */
export function leaderboard(db: Db, teamId: string, range: PeriodRange, limit = 10): LeaderRow[] {
  let rows: Omit<LeaderRow, 'streak'>[];
  if (range.start && range.end && range.period !== 'all') {
    const { start, end } = range;
    const b = utcBucketOf({ period: range.period, start, end });
    const head = start < b.from ? { sign: 1, from: start, to: b.from } : { sign: -1, from: b.from, to: start };
    const tail = end > b.to ? { sign: 1, from: b.to, to: end } : { sign: -1, from: end, to: b.to };
    rows = db.prepare(PERIOD_SQL).all({
      team: teamId,
      period: b.period,
      key: b.key,
      headSign: head.sign,
      headFrom: head.from,
      headTo: head.to,
      tailSign: tail.sign,
      tailFrom: tail.from,
      tailTo: tail.to,
      limit,
    }) as Omit<LeaderRow, 'streak'>[];
  } else {
    rows = db.prepare(ALL_TIME_SQL).all(teamId, limit) as Omit<LeaderRow, 'streak'>[];
  }
  if (rows.length === 0) return [];
  const streaks = liveStreaks(
    db,
    teamId,
    rows.map((r) => r.userId),
  );
  return rows.map((r) => ({ ...r, streak: streaks.get(r.userId)?.current ?? 0 }));
}

/** One person's record across the workspace's quiz channels. */
export function personalRecord(db: Db, teamId: string, userId: string): PersonalRecord {
  const totals = db
    .prepare(
      `SELECT COALESCE(SUM(points), 0) AS points, COALESCE(SUM(answers), 0) AS answers, COALESCE(SUM(correct), 0) AS correct
       FROM user_stats WHERE team_id = ? AND user_id = ?`,
    )
    .get(teamId, userId) as { points: number; answers: number; correct: number };
  const s = liveStreaks(db, teamId, [userId]).get(userId);
  return { ...totals, currentStreak: s?.current ?? 0, bestStreak: s?.best ?? 0 };
}
