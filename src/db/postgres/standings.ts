/** Leaderboards, personal records and shares on PostgreSQL: the queries of db/standings.ts and db/shares.ts. */
import type { LeaderRow, PersonalRecord } from '../../quiz/model.ts';
import { utcBucketOf } from '../../quiz/periods.ts';
import { currentStreak } from '../../quiz/streak.ts';
import type { ShareStore, StandingsStore } from '../../services/stores.ts';
import type { Sql } from './sql.ts';

interface StreakRow {
  user_id: string;
  channel_id: string;
  current_streak: number;
  best_streak: number;
  last_correct_seq: number;
}

/** Live streaks: a stored streak is alive only while the person answered every closed question of the channel. */
async function liveStreaks(sql: Sql, teamId: string, userIds: string[]): Promise<Map<string, { current: number; best: number }>> {
  const out = new Map<string, { current: number; best: number }>();
  if (userIds.length === 0) return out;
  const closed = new Map(
    (
      await sql.query<{ channel_id: string; closed_seq: number }>(
        "SELECT channel_id, MAX(seq) AS closed_seq FROM posts WHERE team_id = $1 AND state = 'revealed' GROUP BY channel_id",
        [teamId],
      )
    ).rows.map((r) => [r.channel_id, r.closed_seq]),
  );
  const rows = (
    await sql.query<StreakRow>(
      `SELECT user_id, channel_id, current_streak, best_streak, last_correct_seq
       FROM user_stats WHERE team_id = $1 AND user_id = ANY($2::text[])`,
      [teamId, userIds],
    )
  ).rows;
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

// The bucket's totals, plus the answers in the hours the period has beyond the bucket (sign +1) and
// minus those in the hours the bucket has beyond the period (sign -1). Ties are ordered byte-wise (C), as on SQLite.
const PERIOD_SQL = `
  SELECT user_id AS "userId", SUM(p) AS points, SUM(n) AS answers FROM (
    SELECT user_id, points AS p, answers AS n FROM period_totals WHERE team_id = $1 AND period = $2 AND start = $3
    UNION ALL
    SELECT user_id, is_correct * $4::int, $4::int FROM answers WHERE team_id = $1 AND answered_at >= $5 AND answered_at < $6
    UNION ALL
    SELECT user_id, is_correct * $7::int, $7::int FROM answers WHERE team_id = $1 AND answered_at >= $8 AND answered_at < $9
  ) AS parts
  GROUP BY user_id HAVING SUM(p) > 0 ORDER BY points DESC, answers ASC, user_id COLLATE "C" LIMIT $10`;

const ALL_TIME_SQL = `
  SELECT user_id AS "userId", SUM(points) AS points, SUM(answers) AS answers
  FROM user_stats WHERE team_id = $1 GROUP BY user_id HAVING SUM(points) > 0
  ORDER BY points DESC, answers ASC, user_id COLLATE "C" LIMIT $2`;

export function standingsStore(sql: Sql): StandingsStore {
  return {
    async leaderboard(teamId, range, limit = 10) {
      let rows: Omit<LeaderRow, 'streak'>[];
      if (range.start && range.end && range.period !== 'all') {
        const { start, end } = range;
        const b = utcBucketOf({ period: range.period, start, end });
        const head = start < b.from ? { sign: 1, from: start, to: b.from } : { sign: -1, from: b.from, to: start };
        const tail = end > b.to ? { sign: 1, from: b.to, to: end } : { sign: -1, from: end, to: b.to };
        rows = (
          await sql.query<Omit<LeaderRow, 'streak'>>(PERIOD_SQL, [
            teamId,
            b.period,
            b.key,
            head.sign,
            head.from,
            head.to,
            tail.sign,
            tail.from,
            tail.to,
            limit,
          ])
        ).rows;
      } else {
        rows = (await sql.query<Omit<LeaderRow, 'streak'>>(ALL_TIME_SQL, [teamId, limit])).rows;
      }
      if (rows.length === 0) return [];
      const streaks = await liveStreaks(
        sql,
        teamId,
        rows.map((r) => r.userId),
      );
      return rows.map((r) => ({ ...r, streak: streaks.get(r.userId)?.current ?? 0 }));
    },
    async personalRecord(teamId, userId): Promise<PersonalRecord> {
      const totals = (
        await sql.query<{ points: number; answers: number; correct: number }>(
          `SELECT COALESCE(SUM(points), 0) AS points, COALESCE(SUM(answers), 0) AS answers, COALESCE(SUM(correct), 0) AS correct
           FROM user_stats WHERE team_id = $1 AND user_id = $2`,
          [teamId, userId],
        )
      ).rows[0] ?? { points: 0, answers: 0, correct: 0 };
      const s = (await liveStreaks(sql, teamId, [userId])).get(userId);
      return { ...totals, currentStreak: s?.current ?? 0, bestStreak: s?.best ?? 0 };
    },
  };
}

export function shareStore(sql: Sql): ShareStore {
  return {
    record: async (s, now) =>
      (
        await sql.query(
          'INSERT INTO shares (team_id, user_id, card_id, source_ts, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
          [s.teamId, s.userId, s.cardId, s.sourceTs, now.toISOString()],
        )
      ).rowCount > 0,
  };
}
