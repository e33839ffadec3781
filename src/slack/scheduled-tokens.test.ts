/**
 * Work the scheduler starts has no incoming request to bring a workspace's token: in
 * multi-workspace mode each of these Slack calls must carry its own workspace's token, and a
 * workspace without an installation gets no call at all.
 */
import type { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHANNEL_SETTINGS, type QuizChannel } from '../quiz/model.ts';
import { recapStats } from '../recap/stats.ts';
import { recapWeekOf } from '../recap/week.ts';
import type { RecapContent } from '../services/recap.ts';
import { slackAlerts } from './admin-alerts.ts';
import { slackNudgeSender } from './practice-dm.ts';
import { NotInstalledError, type TokenFor } from './publisher.ts';
import { slackRecapPublisher } from './recap-publisher.ts';

const TOKENS: Record<string, string> = { T0ACME: 'xoxb-acme', T0GLOBEX: 'xoxb-globex' };
const tokenFor: TokenFor = async (teamId) => TOKENS[teamId];

/** A WebClient that records each call's method and arguments. */
function recordingClient() {
  const calls: { method: string; args: Record<string, unknown> }[] = [];
  const record = (method: string, result: Record<string, unknown>) => async (args: Record<string, unknown>) => {
    calls.push({ method, args });
    return { ok: true, ...result };
  };
  const client = {
    conversations: { open: record('conversations.open', { channel: { id: 'D0DM' } }) },
    chat: { postMessage: record('chat.postMessage', { ts: '1.1' }) },
    users: { info: record('users.info', { user: { tz: 'Europe/Berlin' } }) },
    filesUploadV2: record('files.uploadV2', { files: [{ files: [{ id: 'F1' }] }] }),
  } as unknown as webApi.WebClient;
  return { client, calls, tokens: () => calls.map((c) => `${c.method}:${String(c.args.token)}`) };
}

const channel = (teamId: string): QuizChannel => ({
  teamId,
  channelId: 'C0QUIZ',
  schedule: '0 9 * * 1-5',
  timezone: 'UTC',
  state: 'active',
  startedAt: '2026-11-01T00:00:00.000Z',
  lastError: null,
  lastErrorAt: null,
  settings: DEFAULT_CHANNEL_SETTINGS,
  setBy: 'U0LEAD',
  notifiedError: null,
});

describe('scheduled Slack calls in multi-workspace mode', () => {
  it("send the failure DM with the channel's workspace token", async () => {
    const { client, tokens } = recordingClient();
    await slackAlerts(client, [], tokenFor).tell(channel('T0GLOBEX'), 'not_in_channel');
    expect(tokens()).toEqual(['conversations.open:xoxb-globex', 'chat.postMessage:xoxb-globex']);
  });

  it("read the person's zone and send the practice reminder with their workspace token", async () => {
    const { client, tokens } = recordingClient();
    const sender = slackNudgeSender(client, tokenFor);
    expect(await sender.timezoneOf('T0ACME', 'U0ANA')).toBe('Europe/Berlin');
    await sender.send('T0ACME', 'U0ANA', 3);
    expect(tokens()).toEqual(['users.info:xoxb-acme', 'conversations.open:xoxb-acme', 'chat.postMessage:xoxb-acme']);
  });

  it("upload the weekly recap with the channel's workspace token", async () => {
    const { client, calls } = recordingClient();
    const week = recapWeekOf({ year: 2026, month: 11, day: 16 }, 'UTC');
    const stats = recapStats(week, [
      { userId: 'U0ANA', postId: 1, seq: 1, topic: 'lambda', isCorrect: true, answeredAt: '2026-11-16T10:00:00.000Z' },
    ]);
    const content: RecapContent = { stats, topicTitle: (t) => t, chart: Buffer.from('png') };
    expect(await slackRecapPublisher(client, tokenFor).postRecap('T0ACME', 'C0QUIZ', content)).toBe('F1');
    expect(calls.map((c) => [c.method, c.args.token, c.args.channel_id])).toEqual([['files.uploadV2', 'xoxb-acme', 'C0QUIZ']]);
  });

  it('make no call for a workspace that has no installation', async () => {
    const { client, calls } = recordingClient();
    await expect(slackAlerts(client, [], tokenFor).tell(channel('T0GONE'), 'not_in_channel')).rejects.toBeInstanceOf(
      NotInstalledError,
    );
    await expect(slackNudgeSender(client, tokenFor).send('T0GONE', 'U0ANA', 1)).rejects.toBeInstanceOf(NotInstalledError);
    expect(calls).toEqual([]);
  });

  it('use the client token in single-workspace mode', async () => {
    const { client, calls } = recordingClient();
    await slackNudgeSender(client).send('T0ONE', 'U0ANA', 1);
    expect(calls.map((c) => c.args.token)).toEqual([undefined, undefined]);
  });
});
