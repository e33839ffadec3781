import { randomUUID } from 'node:crypto';
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { errorCode } from '../../../errors.ts';
import type { AdminCheck } from '../../admin.ts';
import {
  context,
  type Message,
  renderAdminHelp,
  renderError,
  renderHelp,
  renderLeaderboard,
  renderLookup,
  renderNotice,
  renderRecord,
  renderStatus,
  renderTopics,
  slackDate,
} from '../../blocks.ts';
import { checkQuizChannel } from '../../channel-check.ts';
import type { AppContext } from '../../context.ts';
import { MESSAGES } from '../../messages.ts';
import { openQuizSetup } from '../../open-setup.ts';
import { type Command, parseCommand } from '../../parse-command.ts';
import { practiceLine, renderPracticeResetAsk } from '../../practice-blocks.ts';
import { startPracticeInDm } from '../../practice-dm.ts';
import { practiceRemindCommand, practiceSettingAnswer } from './practice-settings.ts';
import { statsCommand } from './stats.ts';

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export const ephemeral = (m: Message) => ({ response_type: 'ephemeral' as const, ...m });

/** Answers that need no Web API call go back in the ack itself: fastest, and nothing to fail. */
async function quickAnswer(
  ctx: AppContext,
  cmd: Command,
  a: { teamId: string; userId: string; channelId: string },
): Promise<Message | undefined> {
  const { teamId, userId } = a;
  switch (cmd.kind) {
    case 'usage':
      // A mistyped admin command is answered after the admin check: permission comes before syntax.
      return cmd.adminOnly ? undefined : renderError(cmd.message);
    case 'topics':
      return renderTopics(ctx.bank(), cmd.filter);
    case 'lookup':
      return renderLookup(ctx.lookup().answer(cmd.query));
    case 'leaderboard': {
      // Typed in a quiz channel, the weeks and months are that channel's.
      const zone = (await ctx.quiz.liveChannel(teamId, a.channelId))?.timezone;
      const { rows, range } = await ctx.standings.leaderboard(teamId, cmd.period, 10, zone);
      const board = renderLeaderboard(rows, range);
      if (!zone || cmd.period === 'all') return board;
      return { ...board, blocks: [...board.blocks, context(MESSAGES.leaderboardInZone(zone))] };
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

/** `quiz here [cron] [zone]`: checks the bot can post here, then says what changed (or that nothing did). */
async function quizHere(
  ctx: AppContext,
  client: CommandArgs['client'],
  cmd: Extract<Command, { kind: 'quiz_here' }>,
  a: { teamId: string; channelId: string; userId: string },
): Promise<Message> {
  const verdict = await checkQuizChannel(client, a.channelId);
  if (!verdict.ok) return renderError(verdict.message);
  const schedule = cmd.schedule ?? ctx.config.quizSchedule;
  const timezone = cmd.timezone ?? ctx.config.quizTimezone;
  const { before, next } = await ctx.quiz.startInChannel({ ...a, schedule, timezone });
  const when = next && slackDate(next, timezone);
  let text: string;
  if (!before || before.state === 'off') text = MESSAGES.quizRunsHere(schedule, timezone, when);
  else if (before.schedule !== schedule || before.timezone !== timezone)
    text = MESSAGES.quizScheduleChanged({ schedule: before.schedule, zone: before.timezone }, { schedule, zone: timezone }, when);
  else if (before.state === 'paused') text = MESSAGES.quizRunsAgain(schedule, timezone, when);
  else text = MESSAGES.quizAlreadyRuns(schedule, timezone, when);
  const lines = [text, MESSAGES.leaderboardZone(timezone), ...(verdict.note ? [verdict.note] : [])];
  return renderNotice(lines.join('\n'));
}

async function runQuizCommand(
  ctx: AppContext,
  client: CommandArgs['client'],
  cmd: Command,
  a: { teamId: string; channelId: string; userId: string; triggerId: string },
): Promise<Message | undefined> {
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
    case 'quiz_here':
      return quizHere(ctx, client, cmd, a);
    case 'quiz_off':
    case 'quiz_pause':
    case 'quiz_resume': {
      const state = cmd.kind === 'quiz_off' ? 'off' : cmd.kind === 'quiz_pause' ? 'paused' : 'active';
      const r = await ctx.quiz.setChannelState(a.teamId, a.channelId, state, a.userId);
      if (r.kind === 'not_set_up') return renderNotice(MESSAGES.quizNotSetUp);
      if (r.kind === 'unchanged') return renderNotice(MESSAGES.quizStateAlready(state));
      return renderNotice(MESSAGES.quizState(state));
    }
    case 'quiz_status': {
      const { channel, next, latest } = await ctx.quiz.status(a.teamId, a.channelId);
      return renderStatus(channel, next, latest, ctx.config.revealAfterHours);
    }
    case 'quiz_setup': {
      // From a DM the picker starts empty: the quiz runs in channels only.
      const channelId = a.channelId.startsWith('D') ? undefined : a.channelId;
      const opened = await openQuizSetup(ctx, client, {
        teamId: a.teamId,
        userId: a.userId,
        triggerId: a.triggerId,
        ...(channelId ? { channelId } : {}),
      });
      return opened ? undefined : renderError(MESSAGES.setupOpenFailed);
    }
    case 'quiz_recap': {
      const wasEnabled = await ctx.recap.setEnabled(a.teamId, a.channelId, cmd.enabled, a.userId);
      return renderNotice(MESSAGES.recapState(cmd.enabled, wasEnabled));
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
  if (cmd.kind === 'help') {
    await helpCommand(ctx, admins, command, ack, client);
    return;
  }
  let quick: Message | undefined;
  try {
    quick = await quickAnswer(ctx, cmd, { teamId, userId, channelId: command.channel_id });
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
  let reply: Message | undefined;
  try {
    if (!(await admins.isAdmin(client, a.teamId, a.userId))) {
      ctx.log.info('command.not_admin', { team: a.teamId, user: a.userId, command: cmd.kind });
      reply = renderError(cmd.kind === 'stats' ? MESSAGES.statsNotAdmin : MESSAGES.notAdmin);
    } else {
      if (cmd.kind === 'stats') reply = await statsCommand(ctx, a);
      else reply = await runQuizCommand(ctx, client, cmd, a);
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
  // An opened modal is the answer itself.
  if (!reply) return;
  try {
    await ctx.respond(responseUrl, ephemeral(reply));
  } catch (err) {
    ctx.log.error('command.reply_failed', { team: a.teamId, channel: a.channelId, user: a.userId, error: errorCode(err) });
  }
}

/**
 * `/aws help`: the part for everyone goes back in the ack at once; the admin part with it when the
 * person is known to be an admin, or after it (through response_url) once Slack says they are.
 */
async function helpCommand(
  ctx: AppContext,
  admins: AdminCheck,
  command: CommandArgs['command'],
  ack: CommandArgs['ack'],
  client: CommandArgs['client'],
): Promise<void> {
  const ids = { team: command.team_id, user: command.user_id };
  const known = admins.known(command.team_id, command.user_id);
  await ack(ephemeral(renderHelp(undefined, { isAdmin: known === true })));
  if (known !== undefined) return;
  await ctx.track(
    (async () => {
      try {
        if (await admins.isAdmin(client, command.team_id, command.user_id))
          await ctx.respond(command.response_url, ephemeral(renderAdminHelp()));
      } catch (err) {
        ctx.log.warn('command.admin_help_failed', { ...ids, error: errorCode(err) });
      }
    })(),
  );
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
