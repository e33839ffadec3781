/**
 * A quiz_channels row as both backends store it, and the domain QuizChannel it maps to: one mapping
 * for SQLite (db/channels.ts) and PostgreSQL (db/postgres/posts.ts). A stored value the app cannot
 * use (topics that are not a JSON list of strings, a difficulty outside 1–3) reads as the default.
 */
import { type ChannelState, DEFAULT_CHANNEL_SETTINGS, type Difficulty, type QuizChannel } from '../quiz/model.ts';

export interface ChannelRow {
  team_id: string;
  channel_id: string;
  schedule: string;
  timezone: string;
  state: ChannelState;
  started_at: string;
  last_error: string | null;
  last_error_at: string | null;
  set_by: string | null;
  topics: string;
  exam: string | null;
  difficulty_min: number;
  difficulty_max: number;
  reveal_after_hours: number | null;
  notified_error: string | null;
}

const difficulty = (n: number, fallback: Difficulty): Difficulty => (n === 1 || n === 2 || n === 3 ? n : fallback);

function topicsOf(json: string): string[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

export const toChannel = (r: ChannelRow): QuizChannel => ({
  teamId: r.team_id,
  channelId: r.channel_id,
  schedule: r.schedule,
  timezone: r.timezone,
  state: r.state,
  startedAt: r.started_at,
  lastError: r.last_error,
  lastErrorAt: r.last_error_at,
  settings: {
    topics: topicsOf(r.topics),
    exam: r.exam,
    difficultyMin: difficulty(r.difficulty_min, DEFAULT_CHANNEL_SETTINGS.difficultyMin),
    difficultyMax: difficulty(r.difficulty_max, DEFAULT_CHANNEL_SETTINGS.difficultyMax),
    revealAfterHours: r.reveal_after_hours,
  },
  setBy: r.set_by,
  notifiedError: r.notified_error,
});
