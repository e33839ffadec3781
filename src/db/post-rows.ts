/**
 * A posts row as both backends store it, and the domain Post it maps to: one mapping for SQLite
 * (db/posts.ts) and PostgreSQL (db/postgres/posts.ts).
 */
import type { Post, PostedQuestion, PostState } from '../quiz/model.ts';

export interface PostRow {
  id: number;
  team_id: string;
  channel_id: string;
  slot: string;
  seq: number | null;
  question_json: string;
  state: PostState;
  message_ts: string | null;
  attempts: number;
  lease_until: string | null;
  last_error: string | null;
  posted_at: string | null;
  reveal_due_at: string | null;
  answer_count: number;
  correct_count: number;
}

// A post's question is written once, when the post is made, and read on every click: keep the
// parsed copies of the last few (keyed by the JSON itself, so nothing can go stale), frozen, since
// every reader shares them.
const PARSED_MAX = 32;
const parsed = new Map<string, PostedQuestion>();

function parseQuestion(json: string): PostedQuestion {
  let q = parsed.get(json);
  if (q) return q;
  q = deepFreeze(JSON.parse(json) as PostedQuestion);
  if (parsed.size >= PARSED_MAX) parsed.delete(parsed.keys().next().value as string);
  parsed.set(json, q);
  return q;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

export const toPost = (r: PostRow): Post => ({
  id: r.id,
  teamId: r.team_id,
  channelId: r.channel_id,
  slot: r.slot,
  seq: r.seq,
  question: parseQuestion(r.question_json),
  state: r.state,
  messageTs: r.message_ts,
  attempts: r.attempts,
  leaseUntil: r.lease_until,
  lastError: r.last_error,
  postedAt: r.posted_at,
  revealDueAt: r.reveal_due_at,
  answerCount: r.answer_count,
  correctCount: r.correct_count,
});
