import { randomUUID } from 'node:crypto';
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { errorCode } from '../../../errors.ts';
import type { AdminCheck } from '../../admin.ts';
import {
  context,
  formatInZone,
  type Message,
  renderError,
  renderHelp,
  renderLeaderboard,
  renderLookup,
  renderNotice,
  renderRecord,
  renderStatus,
  renderTopics,
} from '../../blocks.ts';
import type { AppContext } from '../../context.ts';
import { MESSAGES } from '../../messages.ts';
import { type Command, parseCommand } from '../../parse-command.ts';
import { practiceLine, renderPracticeResetAsk } from '../../practice-blocks.ts';
import { startPracticeInDm } from '../../practice-dm.ts';
import { practiceRemindCommand, practiceSettingAnswer } from './practice-settings.ts';

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export const ephemeral = (m: Message) => ({ response_type: 'ephemeral' as const, ...m });

/** Answers that need no Web API call go back in the ack itself: fastest, and nothing to fail. */
async function quickAnswer(ctx: AppContext, cmd: Command, teamId: string, userId: string): Promise<Message | undefined> {
  switch (cmd.kind) {
    case 'help':
      return renderHelp();
    case 'usage':
      // A mistyped admin command is answered after the admin check: permission comes before syntax.
      return cmd.adminOnly ? undefined : renderError(cmd.message);
    case 'topics':
      return renderTopics(ctx.bank());
    case 'lookup':
      return renderLookup(ctx.lookup().answer(cmd.query));
    case 'leaderboard': {
      const { rows, range } = await ctx.standings.leaderboard(teamId, cmd.period);
      return renderLeaderboard(rows, range);
    }
    case 'streak': {
      const [record, practice] = await Promise.all([
        ctx.standings.personalRecord(teamId, userId),
        ctx.practice.dashboard(teamId, userId),
      ]);
      const message = renderRecord(record);
      return { ...message, blocks: [...message.blocks, context(practiceLine(practice))] };
    }
    case 'practice_reset':
      return renderPracticeResetAsk();
    default:
      return practiceSettingAnswer(ctx, cmd, teamId, userId);
  }
}

async function runQuizCommand(
  ctx: AppContext,
  cmd: Command,
  a: { teamId: string; channelId: string; userId: string; triggerId: string },
): Promise<Message> {
  const now = ctx.now();
  switch (cmd.kind) {
    case 'quiz_now': {
      // Each `quiz now` is its own slot: the trigger id is unique per invocation.
      const r = await ctx.quiz.postForSlot(a.teamId, a.channelId, `now:${now.toISOString()}:${a.triggerId}`);
      if (r.kind === 'posted' || r.kind === 'exists') return renderNotice(MESSAGES.posted);
      if (r.kind === 'no_questions') return renderError(MESSAGES.noQuestions);
      if (r.kind === 'busy') return renderNotice(MESSAGES.postingAlready);
      return renderError(MESSAGES.postFailed(r.error));
    }
    case 'quiz_here': {
      const schedule = cmd.schedule ?? ctx.config.quizSchedule;
      const timezone = cmd.timezone ?? ctx.config.quizTimezone;
      const next = await ctx.quiz.startInChannel({
        teamId: a.teamId,
        channelId: a.channelId,
        schedule,
        timezone,
        userId: a.userId,
      });
      return renderNotice(MESSAGES.quizRunsHere(schedule, timezone, next && formatInZone(next, timezone)));
    }
    case 'quiz_off':
    case 'quiz_pause':
    case 'quiz_resume': {
      const state = cmd.kind === 'quiz_off' ? 'off' : cmd.kind === 'quiz_pause' ? 'paused' : 'active';
      if (!(await ctx.quiz.setChannelState(a.teamId, a.channelId, state, a.userId))) {
        return renderNotice(MESSAGES.quizNotSetUp);
      }
      return renderNotice(MESSAGES.quizState(state));
    }
    case 'quiz_status': {
      const { channel, next, latest } = await ctx.quiz.status(a.teamId, a.channelId);
      return renderStatus(channel, next, latest);
    }
    case 'usage':
      return renderError(cmd.message);
    default:
      return renderHelp();
  }
}

/** `/aws`: quick answers go back in the ack; admin commands answer through response_url. */
export async function awsCommand(ctx: AppContext, admins: AdminCheck, { command, ack, client }: CommandArgs): Promise<void> {
  const cmd = parseCommand(command.text ?? '');
  const teamId = command.team_id;
  const userId = command.user_id;
  let quick: Message | undefined;
  try {
    quick = await quickAnswer(ctx, cmd, teamId, userId);
  } catch (err) {
    ctx.log.error('command.failed', { team: teamId, user: userId, command: cmd.kind, error: errorCode(err) });
    quick = renderError(MESSAGES.somethingWentWrong);
  }
  if (quick) {
    await ack(ephemeral(quick));
    return;
  }
  await ack();
  if (cmd.kind === 'practice_remind') {
    // The person's time zone comes from users.info: the answer follows through response_url.
    await ctx.track(practiceRemindCommand(ctx, client, { teamId, userId, time: cmd.time }, command.response_url));
    return;
  }
  if (cmd.kind === 'practice') {
    // Opening the DM and posting take Web API calls: the answer follows through response_url.
    await ctx.track(practiceCommand(ctx, client, { teamId, userId, ...cmd }, command.response_url));
    return;
  }
  await ctx.track(
    adminCommand(
      ctx,
      admins,
      cmd,
      { teamId, userId, channelId: command.channel_id, triggerId: command.trigger_id || randomUUID() },
      client,
      command.response_url,
    ),
  );
}

async function adminCommand(
  ctx: AppContext,
  admins: AdminCheck,
  cmd: Command,
  a: { teamId: string; userId: string; channelId: string; triggerId: string },
  client: CommandArgs['client'],
  responseUrl: string,
): Promise<void> {
  let reply: Message;
  try {
    if (!(await admins.isAdmin(client, a.teamId, a.userId))) {
      ctx.log.info('command.not_admin', { team: a.teamId, user: a.userId, command: cmd.kind });
      reply = renderError(MESSAGES.notAdmin);
    } else {
      reply = await runQuizCommand(ctx, cmd, a);
      ctx.log.info('command.quiz', { team: a.teamId, channel: a.channelId, user: a.userId, command: cmd.kind });
    }
  } catch (err) {
    ctx.log.error('command.failed', {
      team: a.teamId,
      channel: a.channelId,
      user: a.userId,
      command: cmd.kind,
      error: errorCode(err),
    });
    reply = renderError(MESSAGES.somethingWentWrong);
  }
  try {
    await ctx.respond(responseUrl, ephemeral(reply));
  } catch (err) {
    ctx.log.error('command.reply_failed', { team: a.teamId, channel: a.channelId, user: a.userId, error: errorCode(err) });
  }
}

/** `/aws practice [topic | exam dva-c02]`: a session in the app's DM; the reply says where it is. */
async function practiceCommand(
  ctx: AppContext,
  client: CommandArgs['client'],
  a: { teamId: string; userId: string; topic?: string; exam?: string },
  responseUrl: string,
): Promise<void> {
  let reply: Message;
  try {
    reply = await startPracticeInDm(ctx, client, a);
  } catch (err) {
    ctx.log.error('command.failed', { team: a.teamId, user: a.userId, command: 'practice', error: errorCode(err) });
    reply = renderError(MESSAGES.somethingWentWrong);
  }
  try {
    await ctx.respond(responseUrl, ephemeral(reply));
  } catch (err) {
    ctx.log.error('command.reply_failed', { team: a.teamId, user: a.userId, error: errorCode(err) });
  }
}
