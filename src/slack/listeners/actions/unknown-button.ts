import { renderError } from '../../blocks.ts';
import type { AppContext } from '../../context.ts';
import { MESSAGES } from '../../messages.ts';
import { type ButtonArgs, replyPrivately } from './reply.ts';

/** A button this version does not know (an old message, or a crafted payload): say so, record nothing. */
export async function unknownButton(ctx: AppContext, args: ButtonArgs): Promise<void> {
  const { ack, body, action } = args;
  await ack();
  ctx.log.warn('action.unknown', { team: body.team?.id, user: body.user.id, action: String(action.action_id).slice(0, 40) });
  await ctx.track(replyPrivately(ctx, args, renderError(MESSAGES.unknownButton)));
}
