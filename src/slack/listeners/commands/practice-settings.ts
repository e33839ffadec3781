import type { webApi } from '@slack/bolt';
import { errorCode } from '../../../errors.ts';
import type { ReminderTime } from '../../../practice/nudge.ts';
import type { ReminderResult } from '../../../services/practice-settings.ts';
import { formatInZone, type Message, renderError, renderNotice } from '../../blocks.ts';
import type { AppContext } from '../../context.ts';
import { MESSAGES } from '../../messages.ts';
import type { Command } from '../../parse-command.ts';
import { slackDate } from '../../practice-blocks.ts';
import { userTimezone } from '../../practice-dm.ts';

/**
 * `/aws practice away|size|cap …`: settings kept in the database only, answered in the ack.
 * Undefined for any other command.
 */
export async function practiceSettingAnswer(
  ctx: AppContext,
  cmd: Command,
  teamId: string,
  userId: string,
): Promise<Message | undefined> {
  switch (cmd.kind) {
    case 'practice_away': {
      const r = await ctx.practiceSettings.away(teamId, userId, cmd.days);
      if (r.kind === 'not_away') return renderNotice(MESSAGES.practiceNotAway);
      if (r.kind === 'back') return renderNotice(MESSAGES.practiceBack(r.moved));
      const settings = await ctx.practiceSettings.settings(teamId, userId);
      return renderNotice(MESSAGES.practiceAway(slackDate(r.until), settings.remindAt !== null));
    }
    case 'practice_size': {
      const r = await ctx.practiceSettings.sessionSize(teamId, userId, cmd.size);
      if (r.kind === 'out_of_range') return renderError(MESSAGES.practiceOutOfRange('size', r.min, r.max));
      return renderNotice(MESSAGES.practiceSizeSet(r.value, r.isDefault));
    }
    case 'practice_cap': {
      const r = await ctx.practiceSettings.dailyReviewCap(teamId, userId, cmd.cap);
      if (r.kind === 'out_of_range') return renderError(MESSAGES.practiceOutOfRange('cap', r.min, r.max));
      return renderNotice(MESSAGES.practiceCapSet(r.value, r.isDefault));
    }
    default:
      return undefined;
  }
}

/** The person's zone from Slack, or undefined (the stored or workspace zone is used) when Slack cannot say. */
async function zoneOf(ctx: AppContext, client: webApi.WebClient, teamId: string, userId: string) {
  try {
    return await userTimezone(client, userId);
  } catch (err) {
    ctx.log.warn('practice.timezone_unknown', { team: teamId, user: userId, error: errorCode(err) });
    return undefined;
  }
}

/** Turns the daily reminder on (at `time`, in the person's zone from users.info) or off. */
export async function setReminder(
  ctx: AppContext,
  client: webApi.WebClient,
  a: { teamId: string; userId: string; time: ReminderTime | null },
): Promise<ReminderResult> {
  const zone = a.time === null ? undefined : await zoneOf(ctx, client, a.teamId, a.userId);
  const r = await ctx.practiceSettings.remind(a.teamId, a.userId, a.time, zone);
  ctx.log.info('practice.reminder', { team: a.teamId, user: a.userId, on: r.kind === 'on' });
  return r;
}

/** `/aws practice remind 9:00|off`: answered through response_url, as it asks Slack for the person's zone. */
export async function practiceRemindCommand(
  ctx: AppContext,
  client: webApi.WebClient,
  a: { teamId: string; userId: string; time: ReminderTime | null },
  responseUrl: string,
): Promise<void> {
  let reply: Message;
  try {
    const r = await setReminder(ctx, client, a);
    reply = renderNotice(
      r.kind === 'off' ? MESSAGES.practiceRemindOff : MESSAGES.practiceRemindOn(r.time, r.zone, formatInZone(r.next, r.zone)),
    );
  } catch (err) {
    ctx.log.error('command.failed', { team: a.teamId, user: a.userId, command: 'practice_remind', error: errorCode(err) });
    reply = renderError(MESSAGES.somethingWentWrong);
  }
  try {
    await ctx.respond(responseUrl, { response_type: 'ephemeral', ...reply });
  } catch (err) {
    ctx.log.error('command.reply_failed', { team: a.teamId, user: a.userId, error: errorCode(err) });
  }
}
