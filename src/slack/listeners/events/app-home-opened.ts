import type { AllMiddlewareArgs, SlackEventMiddlewareArgs, webApi } from '@slack/bolt';
import { errorCode } from '../../../errors.ts';
import type { AdminCheck } from '../../admin.ts';
import { renderHome } from '../../blocks.ts';
import type { AppContext } from '../../context.ts';
import { renderPracticeDashboard } from '../../practice-blocks.ts';
import { renderHomeSetup } from '../../setup-modal.ts';

export type HomeOpenedArgs = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

/** Publishes the person's App Home: their record, their practice dashboard and the week's leaderboard. */
export async function publishHome(
  ctx: AppContext,
  client: webApi.WebClient,
  teamId: string,
  userId: string,
  admins?: AdminCheck,
): Promise<void> {
  try {
    const [{ record, leaders, range }, practice, isAdmin] = await Promise.all([
      ctx.standings.home(teamId, userId),
      ctx.practice.dashboard(teamId, userId),
      admins ? admins.isAdmin(client, teamId, userId).catch(() => false) : false,
    ]);
    const view = renderHome(record, leaders, range, renderPracticeDashboard(practice));
    // Admins only: the setup button (the modal checks again on Save).
    if (isAdmin) view.blocks.push(...renderHomeSetup());
    await client.views.publish({ user_id: userId, view });
  } catch (err) {
    ctx.log.error('home.publish_failed', { team: teamId, user: userId, error: errorCode(err) });
  }
}

export async function appHomeOpened(
  ctx: AppContext,
  { event, body, client }: HomeOpenedArgs,
  admins?: AdminCheck,
): Promise<void> {
  if (event.tab !== 'home') return;
  await publishHome(ctx, client, (body as { team_id?: string }).team_id ?? '', event.user, admins);
}
