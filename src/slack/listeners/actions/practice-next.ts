import { errorCode } from '../../../errors.ts';
import { renderError, renderNotice } from '../../blocks.ts';
import type { AppContext } from '../../context.ts';
import { MESSAGES } from '../../messages.ts';
import { renderPracticeQuestion } from '../../practice-blocks.ts';
import { type ButtonArgs, replyPrivately } from './reply.ts';

/** Next: the session's next question in the DM (never the one just answered), or its summary. */
export async function practiceNext(ctx: AppContext, args: ButtonArgs): Promise<void> {
  const { ack, body, action } = args;
  await ack();
  const teamId = body.team?.id ?? body.user.team_id ?? '';
  const sessionId = typeof action.value === 'string' && /^\d{1,12}$/.test(action.value) ? Number(action.value) : undefined;
  await ctx.track(
    (async () => {
      try {
        const next =
          sessionId === undefined ? { kind: 'not_found' as const } : await ctx.practice.next(teamId, body.user.id, sessionId);
        if (next.kind === 'question') {
          await replyPrivately(ctx, args, renderPracticeQuestion(next.session.id, next.question, next.progress), { asNew: true });
        } else if (next.kind === 'done') {
          await replyPrivately(ctx, args, renderNotice(`:checkered_flag: *Practice done:* ${next.summary.text}`), {
            asNew: true,
          });
        } else {
          await replyPrivately(ctx, args, renderError(MESSAGES.practiceSessionGone), { asNew: true });
        }
      } catch (err) {
        ctx.log.error('practice.next_failed', { team: teamId, user: body.user.id, error: errorCode(err) });
        await replyPrivately(ctx, args, renderError(MESSAGES.somethingWentWrong), { asNew: true });
      }
    })(),
  );
}
