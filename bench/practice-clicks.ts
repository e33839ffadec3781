/**
 * Practice click to feedback, on the running app after its daily-question runs: `people` persons
 * each start `/aws practice` (untimed set-up), then 20 keep-alive connections answer their first
 * questions as fast as the app acknowledges, each click from another person, so every click is
 * graded from the session, stored with its review and FSRS card, and the next question chosen. The
 * feedback (through response_url, replacing the question) is what the person waits for.
 */
import http from 'node:http';
import type { FakeSlack } from '../test/support/fake-slack.ts';
import { actionBody, commandBody } from '../test/support/slack-requests.ts';
import { cpuSecondsOf, postSigned } from './processes.ts';
import { percentile } from './stats.ts';
import type { ReplySink } from './throughput.ts';

export interface PracticeClickResult {
  people: number;
  /** Timed clicks (the first tenth warms up untimed). */
  clicks: number;
  failed: number;
  unanswered: number;
  ackP50: number;
  ackP99: number;
  replyP50: number;
  replyP99: number;
  cpuMsPerClick: number;
}

interface Pending {
  user: string;
  channel: string;
  actionId: string;
  value: string;
}

/** Everyone's first practice question, once posted in their DM: a single-answer button to click. */
async function firstQuestions(slack: FakeSlack, users: Set<string>, timeoutMs: number): Promise<Pending[]> {
  const until = performance.now() + timeoutMs;
  let found = new Map<string, Pending>();
  while (performance.now() < until) {
    found = new Map();
    for (const call of slack.callsOf('chat.postMessage')) {
      const channel = String(call.args.channel ?? '');
      const user = `U${channel.slice(1)}`;
      if (!users.has(user)) continue;
      const blocks = call.args.blocks as { block_id?: string; elements?: { action_id: string; value?: string }[] }[];
      // A choose-two question takes ticks and Submit: those people sit this run out.
      const button = blocks
        ?.find((b) => b.block_id === 'practice')
        ?.elements?.find((e) => e.action_id.startsWith('practice_answer_') && e.value);
      found.set(user, { user, channel, actionId: button?.action_id ?? '', value: button?.value ?? '' });
    }
    if (found.size >= users.size) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return [...found.values()].filter((p) => p.actionId);
}

export async function benchPracticeClicks(o: {
  url: string;
  pid: number;
  slack: FakeSlack;
  sink: ReplySink;
  people: number;
  connections: number;
}): Promise<PracticeClickResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.connections });
  const url = new URL('/slack/events', o.url);
  const users = Array.from({ length: o.people }, (_, i) => `U0PRB${i}`);
  let next = 0;
  const setUp = async () => {
    for (let i = next++; i < users.length; i = next++) {
      const body = commandBody({ text: 'practice', user: users[i], responseUrl: `${o.sink.url}setup-${i}` });
      await postSigned(agent, url, body);
    }
  };
  await Promise.all(Array.from({ length: o.connections }, setUp));
  const pending = await firstQuestions(o.slack, new Set(users), 60_000);

  const warm = Math.floor(pending.length / 10);
  const cpuBefore = cpuSecondsOf(o.pid);
  const acked: string[] = [];
  const timed: { id: string; sentAt: number }[] = [];
  const ackMs: number[] = [];
  let failed = 0;
  next = 0;
  const client = async () => {
    for (let i = next++; i < pending.length; i = next++) {
      const p = pending[i] as Pending;
      const id = `practice-${i}`;
      const body = actionBody({
        actionId: p.actionId,
        value: p.value,
        user: p.user,
        channel: p.channel,
        responseUrl: `${o.sink.url}${id}`,
      });
      const sentAt = performance.now();
      const status = await postSigned(agent, url, body);
      if (status !== 200) {
        failed++;
        continue;
      }
      acked.push(id);
      if (i >= warm) {
        timed.push({ id, sentAt });
        ackMs.push(performance.now() - sentAt);
      }
    }
  };
  await Promise.all(Array.from({ length: o.connections }, client));
  agent.destroy();
  const unanswered = await o.sink.waitFor(acked, 15_000);
  const cpuSeconds = cpuSecondsOf(o.pid) - cpuBefore;
  const replyMs = timed
    .map((t) => (o.sink.arrivals.get(t.id) ?? Number.NaN) - t.sentAt)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  ackMs.sort((a, b) => a - b);
  return {
    people: pending.length,
    clicks: timed.length,
    failed,
    unanswered,
    ackP50: percentile(ackMs, 50),
    ackP99: percentile(ackMs, 99),
    replyP50: percentile(replyMs, 50),
    replyP99: percentile(replyMs, 99),
    cpuMsPerClick: (1000 * cpuSeconds) / Math.max(1, acked.length),
  };
}
