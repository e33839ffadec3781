import { errorCode } from '../../../errors.ts';
import { renderError, renderNotice } from '../../blocks.ts';
import type { AppContext } from '../../context.ts';
import { MESSAGES } from '../../messages.ts';
import { type ButtonArgs, replyPrivately } from './reply.ts';

/** The confirmation button of `/aws practice reset`: deletes this person's practice history only. */
export async function practiceReset(ctx: AppContext, args: ButtonArgs): Promise<void> {
  const { ack, body } = args;
  await ack();
  const teamId = body.team?.id ?? body.user.team_id ?? '';
  await ctx.track(
    (async () => {
      try {
        const deleted = await ctx.practice.reset(teamId, body.user.id);
        ctx.log.info('practice.reset', { team: teamId, user: body.user.id, reviews: deleted.reviews });
        await replyPrivately(ctx, args, renderNotice(MESSAGES.practiceResetDone), { replaceOriginal: true });
      } catch (err) {
        ctx.log.error('practice.reset_failed', { team: teamId, user: body.user.id, error: errorCode(err) });
        await replyPrivately(ctx, args, renderError(MESSAGES.somethingWentWrong));
      }
    })(),
  );
}
