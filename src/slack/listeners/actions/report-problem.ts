import { errorCode } from '../../../errors.ts';
import type { ReportSurface } from '../../../quiz/reports.ts';
import { renderError } from '../../blocks.ts';
import type { AppContext } from '../../context.ts';
import { MESSAGES } from '../../messages.ts';
import { renderReportModal } from '../../report-blocks.ts';
import { type ButtonArgs, replyPrivately } from './reply.ts';

// "<surface>:<question id>": ids only; the question is looked up in the bank, never taken from the click.
const VALUE = /^(feedback|reveal|practice):([a-z0-9-]{1,64})$/;
const CHANNEL_ID = /^[CDG][A-Z0-9]{2,20}$/;

/** "Report a problem": opens the report modal for a question of the bank; a forged id is refused. */
export async function reportProblem(ctx: AppContext, args: ButtonArgs): Promise<void> {
  const { ack, body, action, client } = args;
  await ack();
  const teamId = body.team?.id ?? body.user.team_id ?? '';
  const m = typeof action.value === 'string' ? VALUE.exec(action.value) : null;
  const question = m ? ctx.bank().questionById.get(m[2] as string) : undefined;
  if (!m || !question) {
    ctx.log.warn('report.unknown_question', { team: teamId, user: body.user.id });
    await ctx.track(replyPrivately(ctx, args, renderError(MESSAGES.reportUnknownQuestion)));
    return;
  }
  const surface = m[1] as ReportSurface;
  const channelId = body.channel?.id && CHANNEL_ID.test(body.channel.id) ? body.channel.id : undefined;
  await ctx.track(
    (async () => {
      try {
        // A trigger_id lives 3 seconds: the modal opens at once, before anything slower.
        await client.views.open({
          trigger_id: body.trigger_id,
          view: renderReportModal(question, { questionId: question.id, surface, ...(channelId ? { channelId } : {}) }),
        });
        ctx.log.info('report.opened', { team: teamId, user: body.user.id, question: question.id, surface });
      } catch (err) {
        ctx.log.error('report.open_failed', { team: teamId, user: body.user.id, question: question.id, error: errorCode(err) });
        await replyPrivately(ctx, args, renderError(MESSAGES.reportModalFailed));
      }
    })(),
  );
}
