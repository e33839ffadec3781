import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { canonicalAnswer } from '../../../content/bank.ts';
import { errorCode } from '../../../errors.ts';
import type { Message } from '../../blocks.ts';
import type { AppContext } from '../../context.ts';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

export interface ReplyOptions {
  /** Replace the message that was clicked (a practice question becoming its feedback). */
  replaceOriginal?: boolean;
  /** A new message of its own in the conversation: the app's DM with the person, where only they read. */
  asNew?: boolean;
}

/** Private reply to a click: through response_url, falling back to chat.postEphemeral. */
export async function replyPrivately(
  ctx: AppContext,
  args: ButtonArgs,
  message: Message,
  options: ReplyOptions = {},
): Promise<void> {
  const { body, client } = args;
  const ids = { team: body.team?.id, channel: body.channel?.id, user: body.user.id };
  if (options.asNew && body.channel?.id) {
    try {
      await client.chat.postMessage({ channel: body.channel.id, ...message });
      return;
    } catch (err) {
      ctx.log.warn('answer.reply_failed', { ...ids, via: 'chat.postMessage', error: errorCode(err) });
    }
  }
  if (body.response_url) {
    try {
      await ctx.respond(body.response_url, {
        response_type: 'ephemeral',
        replace_original: options.replaceOriginal === true,
        ...message,
      });
      return;
    } catch (err) {
      ctx.log.warn('answer.reply_failed', { ...ids, via: 'response_url', error: errorCode(err) });
    }
  }
  if (!body.channel?.id) return;
  try {
    await client.chat.postEphemeral({ channel: body.channel.id, user: body.user.id, ...message });
  } catch (err) {
    ctx.log.error('answer.reply_failed', { ...ids, via: 'chat.postEphemeral', error: errorCode(err) });
  }
}

const pickedKeys = z.array(z.object({ value: z.enum(['a', 'b', 'c', 'd', 'e']) })).max(5);

/**
 * The keys ticked in a question's checkboxes (Slack sends the message's state with the Submit
 * click), as the bank writes a selection ("a,c"); undefined when fewer than two are ticked.
 */
export function tickedSelection(body: ButtonArgs['body'], blockId: string, actionId: string): string | undefined {
  const values = (body as { state?: { values?: Record<string, Record<string, unknown>> } }).state?.values;
  const boxes = values?.[blockId]?.[actionId] as { selected_options?: unknown } | undefined;
  const parsed = pickedKeys.safeParse(boxes?.selected_options ?? []);
  if (!parsed.success || parsed.data.length < 2) return undefined;
  return canonicalAnswer(parsed.data.map((o) => o.value));
}
