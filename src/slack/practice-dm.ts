import type { webApi } from '@slack/bolt';
import { errorCode } from '../errors.ts';
import { type Message, renderError, renderNotice } from './blocks.ts';
import type { AppContext } from './context.ts';
import { MESSAGES } from './messages.ts';
import { renderPracticeQuestion } from './practice-blocks.ts';

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
    const dm = await client.conversations.open({ users: a.userId });
    const channel = dm.channel?.id;
    if (!channel) throw new Error('no_dm_channel');
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
