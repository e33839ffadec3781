import { randomUUID } from 'node:crypto';
import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { errorCode } from '../errors.ts';
import type { AdminCheck } from './admin.ts';
import {
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
} from './blocks.ts';
import type { AppContext } from './context.ts';
import { type Command, parseCommand } from './parse-command.ts';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

const ephemeral = (m: Message) => ({ response_type: 'ephemeral' as const, ...m });

/** Answers that need no Web API call go back in the ack itself: fastest, and nothing to fail. */
async function quickAnswer(ctx: AppContext, cmd: Command, teamId: string, userId: string): Promise<Message | undefined> {
  switch (cmd.kind) {
    case 'help':
      return renderHelp();
    case 'usage':
      return renderError(cmd.message);
    case 'topics':
      return renderTopics(ctx.bank());
    case 'lookup':
      return renderLookup(ctx.lookup().answer(cmd.query));
    case 'leaderboard': {
      const { rows, range } = await ctx.standings.leaderboard(teamId, cmd.period);
      return renderLeaderboard(rows, range);
    }
    case 'streak':
      return renderRecord(await ctx.standings.personalRecord(teamId, userId));
    default:
      return undefined;
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
      if (r.kind === 'posted' || r.kind === 'exists') return renderNotice(':white_check_mark: Posted the next question here.');
      if (r.kind === 'no_questions') return renderError('There are no questions in the bank to post.');
      if (r.kind === 'busy') return renderNotice('That question is being posted already.');
      return renderError(postFailureMessage(r.error));
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
      return renderNotice(
        `:white_check_mark: The daily quiz runs in this channel on \`${schedule}\` (${timezone}).${next ? ` First question: ${formatInZone(next, timezone)}.` : ''}`,
      );
    }
    case 'quiz_off':
    case 'quiz_pause':
    case 'quiz_resume': {
      const state = cmd.kind === 'quiz_off' ? 'off' : cmd.kind === 'quiz_pause' ? 'paused' : 'active';
      if (!(await ctx.quiz.setChannelState(a.teamId, a.channelId, state, a.userId))) {
        return renderNotice('The daily quiz is not set up in this channel. Start it with `/aws quiz here`.');
      }
      const words = { off: 'stopped', paused: 'paused (`/aws quiz resume` to start it again)', active: 'running again' };
      return renderNotice(`:white_check_mark: The daily quiz in this channel is ${words[state]}.`);
    }
    case 'quiz_status': {
      const { channel, next, latest } = await ctx.quiz.status(a.teamId, a.channelId);
      return renderStatus(channel, next, latest);
    }
    default:
      return renderHelp();
  }
}

export function postFailureMessage(error: string): string {
  if (error === 'not_in_channel' || error === 'channel_not_found') {
    return "I can't post in this channel. Invite me first (`/invite @AWS Serverless Tutor`), then try again.";
  }
  if (error === 'is_archived') return 'This channel is archived, so I cannot post here.';
  return `Slack did not accept the question (${error}). I'll keep retrying; \`/aws quiz status\` shows the last error.`;
}

/** One listener for every command (as for buttons: Bolt runs each request past every listener). */
export function registerCommands(app: App, ctx: AppContext, admins: AdminCheck): void {
  app.command(/^/, async (args: CommandArgs) => {
    if (args.command.command === '/aws') await awsCommand(ctx, admins, args);
    else await unknownCommand(ctx, args);
  });
}

// Only /aws is in the manifest; anything else is a stale or crafted request. Answer it politely
// at once instead of letting Bolt time out after 3 seconds.
async function unknownCommand(ctx: AppContext, { command, ack }: CommandArgs): Promise<void> {
  ctx.log.warn('command.unknown', { team: command.team_id, user: command.user_id, command: command.command.slice(0, 40) });
  await ack(ephemeral(renderError('I only answer `/aws`. Try `/aws help`.')));
}

async function awsCommand(ctx: AppContext, admins: AdminCheck, { command, ack, client }: CommandArgs): Promise<void> {
  const cmd = parseCommand(command.text ?? '');
  const teamId = command.team_id;
  const userId = command.user_id;
  let quick: Message | undefined;
  try {
    quick = await quickAnswer(ctx, cmd, teamId, userId);
  } catch (err) {
    ctx.log.error('command.failed', { team: teamId, user: userId, command: cmd.kind, error: errorCode(err) });
    quick = renderError('Something went wrong on my side. Please try again in a moment.');
  }
  if (quick) {
    await ack(ephemeral(quick));
    return;
  }
  await ack();
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
      reply = renderError('Only quiz admins can do that. Ask a workspace admin, or someone listed in ADMIN_USER_IDS.');
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
    reply = renderError('Something went wrong on my side. Please try again in a moment.');
  }
  try {
    await ctx.respond(responseUrl, ephemeral(reply));
  } catch (err) {
    ctx.log.error('command.reply_failed', { team: a.teamId, channel: a.channelId, user: a.userId, error: errorCode(err) });
  }
}
