import type { webApi } from '@slack/bolt';
import { errorCode } from '../errors.ts';
import { isValidTimeZone } from '../quiz/cron.ts';
import { type Message, renderError, renderNotice } from './blocks.ts';
import type { AppContext } from './context.ts';
import { MESSAGES } from './messages.ts';
import { renderPracticeNudge, renderPracticeQuestion } from './practice-blocks.ts';
import { type TokenFor, tokenArgs } from './publisher.ts';

/** The DM channel between the app and a person (conversations.open is idempotent). */
async function dmChannel(client: webApi.WebClient, userId: string, token: { token?: string } = {}): Promise<string> {
  const dm = await client.conversations.open({ ...token, users: userId });
  const channel = dm.channel?.id;
  if (!channel) throw new Error('no_dm_channel');
  return channel;
}

/** The person's IANA zone from their Slack profile (users.info `tz`); undefined when Slack gives none. */
export async function userTimezone(
  client: webApi.WebClient,
  userId: string,
  token: { token?: string } = {},
): Promise<string | undefined> {
  const info = await client.users.info({ ...token, user: userId });
  const tz = info.user?.tz;
  return typeof tz === 'string' && isValidTimeZone(tz) ? tz : undefined;
}

/** The daily practice reminder's Slack side: the person's zone, and the DM. */
export function slackNudgeSender(client: webApi.WebClient, tokenFor?: TokenFor) {
  return {
    timezoneOf: async (teamId: string, userId: string) => userTimezone(client, userId, await tokenArgs(tokenFor, teamId)),
    async send(teamId: string, userId: string, dueCount: number): Promise<void> {
      const token = await tokenArgs(tokenFor, teamId);
      await client.chat.postMessage({
        ...token,
        channel: await dmChannel(client, userId, token),
        ...renderPracticeNudge(dueCount),
      });
    },
  };
}

/**
 * Starts a practice session and posts its first question in the app's DM with the person
 * (conversations.open gives the DM's id). Returns what to tell the person where they asked.
 */
export async function startPracticeInDm(
  ctx: AppContext,
  client: webApi.WebClient,
  a: { teamId: string; userId: string; topic?: string; exam?: string },
): Promise<Message> {
  const started = await ctx.practice.start(a.teamId, a.userId, {
    ...(a.topic ? { topic: a.topic } : {}),
    ...(a.exam ? { exam: a.exam } : {}),
  });
  if (started.kind === 'unknown_topic') return renderError(MESSAGES.practiceUnknownTopic(a.topic ?? '', started.topics));
  if (started.kind === 'unknown_exam') return renderError(MESSAGES.practiceUnknownExam(started.exams));
  if (started.kind === 'nothing_left') return renderNotice(MESSAGES.practiceNothingLeft);
  try {
    const channel = await dmChannel(client, a.userId);
    const { session, question } = started;
    await client.chat.postMessage({
      channel,
      ...renderPracticeQuestion(session.id, question, { asked: session.asked, correct: session.correct, size: session.size }),
    });
    ctx.log.info('practice.started', { team: a.teamId, user: a.userId, session: session.id, question: question.id });
    return renderNotice(MESSAGES.practiceStarted(session.size));
  } catch (err) {
    ctx.log.error('practice.start_failed', { team: a.teamId, user: a.userId, error: errorCode(err) });
    return renderError(MESSAGES.practiceNoDm);
  }
}
