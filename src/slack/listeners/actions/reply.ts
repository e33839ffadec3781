import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { errorCode } from '../../../errors.ts';
import type { Message } from '../../blocks.ts';
import type { AppContext } from '../../context.ts';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** Private reply to a click: through response_url, falling back to chat.postEphemeral. */
export async function replyPrivately(ctx: AppContext, args: ButtonArgs, message: Message): Promise<void> {
  const { body, client } = args;
  const ids = { team: body.team?.id, channel: body.channel?.id, user: body.user.id };
  if (body.response_url) {
    try {
      await ctx.respond(body.response_url, { response_type: 'ephemeral', replace_original: false, ...message });
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
