import type { webApi } from '@slack/bolt';
import { errorCode } from '../errors.ts';
import type { AppContext } from './context.ts';
import { renderSetupModal } from './setup-modal.ts';

/** The admin's own time zone from their Slack profile (users.info), when Slack says. */
async function zoneOf(ctx: AppContext, client: webApi.WebClient, userId: string): Promise<string | undefined> {
  try {
    const info = await client.users.info({ user: userId });
    const tz = info.user?.tz;
    return tz && Intl.supportedValuesOf('timeZone').includes(tz) ? tz : undefined;
  } catch (err) {
    ctx.log.warn('setup.zone_unknown', { user: userId, error: errorCode(err) });
    return undefined;
  }
}

/**
 * Opens the setup modal (views.open with the request's trigger_id, which Slack honours for 3 s):
 * filled from the channel's current setup, or for a new one with the admin's own time zone.
 * Resolves false when Slack would not open it.
 */
export async function openQuizSetup(
  ctx: AppContext,
  client: webApi.WebClient,
  a: { teamId: string; userId: string; triggerId: string; channelId?: string },
): Promise<boolean> {
  const current = a.channelId ? await ctx.quiz.channel(a.teamId, a.channelId) : undefined;
  const timezone = (current ? undefined : await zoneOf(ctx, client, a.userId)) ?? ctx.config.quizTimezone;
  const view = renderSetupModal(
    current,
    { ...(a.channelId ? { channelId: a.channelId } : {}), timezone, revealAfterHours: ctx.config.revealAfterHours },
    ctx.bank().topics,
  );
  try {
    await client.views.open({ trigger_id: a.triggerId, view });
    ctx.log.info('setup.opened', { team: a.teamId, user: a.userId, channel: a.channelId });
    return true;
  } catch (err) {
    ctx.log.error('setup.open_failed', { team: a.teamId, user: a.userId, error: errorCode(err) });
    return false;
  }
}
