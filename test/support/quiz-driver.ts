import { queryRows, type Source } from './database.ts';
import type { FakeSlack } from './fake-slack.ts';
import { clickButton, sendCommand } from './slack-requests.ts';
import { waitFor } from './wait.ts';

/** Drives the quiz over HTTP the way Slack would, for any running app (in-process or spawned). */

export type Button = { action_id: string; value: string; text: { text: string } };
type Blocks = { type: string; elements?: Button[] }[];
export type Reply = { text: string; blocks?: unknown[]; response_type?: string; replace_original?: boolean };

export function lastPostedQuestion(slack: FakeSlack) {
  const call = slack.callsOf('chat.postMessage').at(-1);
  if (!call) return undefined;
  const blocks = call.args.blocks as Blocks;
  // Letter buttons; a choose-two post has checkboxes and one Submit button instead.
  const buttons = (blocks.find((b) => b.type === 'actions')?.elements ?? []).filter((e) => typeof e.value === 'string');
  return { call, buttons, ts: String(call.result?.ts), postId: Number(buttons[0]?.value.split(':')[0]) };
}

export function repliesTo(slack: FakeSlack, id: string): Reply[] {
  return slack.responses.filter((r) => r.path === `/response/${id}`).map((r) => r.body as unknown as Reply);
}

let seq = 0;
export const uniqueId = (prefix: string) => `${prefix}-${++seq}-${Math.random().toString(36).slice(2, 8)}`;

/** Runs `/aws <text>` and waits for the delayed reply sent to response_url. */
export async function command(
  url: string,
  slack: FakeSlack,
  text: string,
  o: { user?: string; team?: string; channel?: string } = {},
): Promise<Reply> {
  const id = uniqueId('cmd');
  const res = await sendCommand(url, {
    text,
    user: o.user ?? 'U0ADMIN',
    team: o.team,
    channel: o.channel,
    responseUrl: slack.responseUrl(id),
  });
  if (res.status !== 200) throw new Error(`/aws ${text} answered ${res.status}`);
  // Quick commands answer in the HTTP response itself; admin commands answer through response_url.
  if (res.json) return res.json as Reply;
  return waitFor(() => repliesTo(slack, id)[0], 10_000, `reply to /aws ${text}`);
}

/**
 * `/aws quiz now` by an admin; returns the posted question's letter buttons. A spawned app picks
 * questions at random, so a choose-two post (checkboxes and Submit: choose-two.test.ts) is
 * followed by another `quiz now` until a letter-button question is live.
 */
export async function postQuestion(url: string, slack: FakeSlack, o: { team?: string; channel?: string } = {}) {
  for (let attempt = 0; attempt < 10; attempt++) {
    const before = slack.callsOf('chat.postMessage').length;
    const reply = await command(url, slack, 'quiz now', o);
    if (!/Posted/.test(reply.text)) throw new Error(`quiz now failed: ${reply.text}`);
    await waitFor(() => slack.callsOf('chat.postMessage').length > before, 5000, 'chat.postMessage');
    const q = lastPostedQuestion(slack);
    if (!q) throw new Error('no question posted');
    if (q.buttons.length >= 2) return q;
  }
  throw new Error('only choose-two questions were posted');
}

/** Clicks a button as `user`; returns the HTTP status and the id its private reply goes to. */
export async function click(
  url: string,
  slack: FakeSlack,
  user: string,
  button: Pick<Button, 'action_id' | 'value'>,
  o: { team?: string; channel?: string } = {},
): Promise<{ status: number; replyId: string }> {
  const replyId = uniqueId(user);
  const res = await clickButton(url, {
    actionId: button.action_id,
    value: button.value,
    user,
    team: o.team,
    channel: o.channel,
    responseUrl: slack.responseUrl(replyId),
  });
  return { status: res.status, replyId };
}

export async function clickAndWait(url: string, slack: FakeSlack, user: string, button: Pick<Button, 'action_id' | 'value'>) {
  const { status, replyId } = await click(url, slack, user, button);
  if (status !== 200) throw new Error(`click answered ${status}`);
  return waitFor(() => repliesTo(slack, replyId)[0], 10_000, `reply to ${user}`);
}

export async function correctKey(db: Source, postId: number): Promise<string> {
  const [row] = await queryRows<{ correct_key: string }>(db, 'SELECT correct_key FROM posts WHERE id = ?', [postId]);
  if (!row) throw new Error(`no post ${postId}`);
  return row.correct_key;
}

/**
 * The invariants every write path must keep: each post's counters equal its answer rows, and each
 * person's stats equal their answers, per workspace and channel.
 */
export async function consistencyProblems(db: Source): Promise<string[]> {
  const problems: string[] = [];
  const posts = (await queryRows(
    db,
    `SELECT p.id, p.answer_count, p.correct_count,
              (SELECT COUNT(*) FROM answers a WHERE a.post_id = p.id) AS rows_,
              (SELECT COALESCE(SUM(is_correct), 0) FROM answers a WHERE a.post_id = p.id) AS correct_rows
       FROM posts p`,
  )) as { id: number; answer_count: number; correct_count: number; rows_: number; correct_rows: number }[];
  for (const p of posts) {
    if (p.answer_count !== p.rows_) problems.push(`post ${p.id}: answer_count ${p.answer_count} but ${p.rows_} answers`);
    if (p.correct_count !== p.correct_rows)
      problems.push(`post ${p.id}: correct_count ${p.correct_count} but ${p.correct_rows} correct answers`);
  }
  const stats = (await queryRows(
    db,
    `SELECT s.team_id, s.channel_id, s.user_id, s.answers, s.correct, s.points,
              (SELECT COUNT(*) FROM answers a JOIN posts p ON p.id = a.post_id
                WHERE a.team_id = s.team_id AND p.channel_id = s.channel_id AND a.user_id = s.user_id) AS rows_,
              (SELECT COALESCE(SUM(a.is_correct), 0) FROM answers a JOIN posts p ON p.id = a.post_id
                WHERE a.team_id = s.team_id AND p.channel_id = s.channel_id AND a.user_id = s.user_id) AS correct_rows
       FROM user_stats s`,
  )) as {
    team_id: string;
    channel_id: string;
    user_id: string;
    answers: number;
    correct: number;
    points: number;
    rows_: number;
    correct_rows: number;
  }[];
  for (const s of stats) {
    const who = `${s.team_id}/${s.channel_id}/${s.user_id}`;
    if (s.answers !== s.rows_) problems.push(`${who}: stats say ${s.answers} answers, table has ${s.rows_}`);
    if (s.correct !== s.correct_rows || s.points !== s.correct_rows)
      problems.push(`${who}: stats say ${s.correct} correct / ${s.points} points, table has ${s.correct_rows}`);
  }
  const [orphans = { n: 0 }] = await queryRows<{ n: number }>(
    db,
    `SELECT COUNT(*) AS n FROM answers a JOIN posts p ON p.id = a.post_id
     WHERE NOT EXISTS (SELECT 1 FROM user_stats s WHERE s.team_id = a.team_id AND s.channel_id = p.channel_id AND s.user_id = a.user_id)`,
  );
  if (orphans.n > 0) problems.push(`${orphans.n} answers without user_stats`);
  return problems;
}
