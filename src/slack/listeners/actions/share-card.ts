import { z } from 'zod';
import { errorCode } from '../../../errors.ts';
import { escapeMrkdwn, renderError, renderNotice, renderSharedCard } from '../../blocks.ts';
import type { AppContext } from '../../context.ts';
import { MESSAGES } from '../../messages.ts';
import { type ButtonArgs, replyPrivately } from './reply.ts';

const cardValue = z
  .string()
  .max(64)
  .regex(/^[a-z0-9-]+$/);

/** Share: posts the looked-up card in the channel, once per person and message. */
export async function shareCard(ctx: AppContext, args: ButtonArgs): Promise<void> {
  const { ack, body, action } = args;
  const responseUrl = body.response_url;
  await ack();
  const teamId = body.team?.id ?? body.user.team_id ?? '';
  const parsed = cardValue.safeParse(action.value);
  const card = parsed.success ? ctx.bank().cardById.get(parsed.data) : undefined;
  if (!card) {
    await ctx.track(replyPrivately(ctx, args, renderError(MESSAGES.cardGone)));
    return;
  }
  const sourceTs = String(body.container?.message_ts ?? body.message?.ts ?? action.action_ts ?? '');
  if (!(await ctx.standings.recordShare({ teamId, userId: body.user.id, cardId: card.id, sourceTs }))) return;
  await ctx.track(
    (async () => {
      try {
        if (!responseUrl) throw new Error('no_response_url');
        await ctx.respond(responseUrl, {
          response_type: 'in_channel',
          replace_original: false,
          ...renderSharedCard(card, body.user.id),
        });
        await ctx.respond(responseUrl, {
          replace_original: true,
          ...renderNotice(MESSAGES.cardShared(escapeMrkdwn(card.title))),
        });
        ctx.log.info('card.shared', { team: teamId, channel: body.channel?.id, user: body.user.id, card: card.id });
      } catch (err) {
        ctx.log.error('card.share_failed', {
          team: teamId,
          channel: body.channel?.id,
          user: body.user.id,
          card: card.id,
          error: errorCode(err),
        });
      }
    })(),
  );
}
