import { EXAMS } from '../../../content/exams.ts';
import { errorCode } from '../../../errors.ts';
import { validateSetup } from '../../../quiz/setup.ts';
import type { AdminCheck } from '../../admin.ts';
import { checkQuizChannel } from '../../channel-check.ts';
import type { AppContext } from '../../context.ts';
import { MESSAGES } from '../../messages.ts';
import { readSetupInput, renderSetupDone } from '../../setup-modal.ts';
import type { ViewArgs } from './index.ts';

/**
 * The setup modal's Save: the person must still be an admin, every field valid and the channel one
 * the bot can post in; problems go back beside their fields (response_action: errors) and nothing
 * is stored. Otherwise the setup is saved and the modal shows what changed.
 */
export async function quizSetupSubmitted(ctx: AppContext, args: ViewArgs, admins: AdminCheck): Promise<void> {
  const { ack, body, view, client } = args;
  const teamId = body.team?.id ?? body.user.team_id ?? '';
  const userId = body.user.id;
  try {
    if (!(await admins.isAdmin(client, teamId, userId))) {
      ctx.log.info('setup.not_admin', { team: teamId, user: userId });
      await ack({ response_action: 'errors', errors: { channel: MESSAGES.notAdmin } });
      return;
    }
    const bank = ctx.bank();
    const verdict = validateSetup(readSetupInput(view.state.values as Record<string, Record<string, unknown>>), {
      questions: bank.questions,
      topics: bank.topics.map((t) => t.topic),
      exams: EXAMS,
    });
    if (!verdict.ok) {
      await ack({ response_action: 'errors', errors: verdict.errors });
      return;
    }
    const { choice } = verdict;
    const channel = await checkQuizChannel(client, choice.channelId);
    if (!channel.ok) {
      ctx.log.info('setup.channel_refused', { team: teamId, user: userId, channel: choice.channelId });
      await ack({ response_action: 'errors', errors: { channel: channel.message } });
      return;
    }
    const change = await ctx.quiz.startInChannel({ teamId, userId, ...choice });
    ctx.log.info('setup.saved', { team: teamId, user: userId, channel: choice.channelId, schedule: choice.schedule });
    await ack({ response_action: 'update', view: renderSetupDone(change, ctx.config.revealAfterHours, channel.note) });
  } catch (err) {
    ctx.log.error('setup.failed', { team: teamId, user: userId, error: errorCode(err) });
    await ack({ response_action: 'errors', errors: { channel: MESSAGES.somethingWentWrong } });
  }
}
