import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { errorCode } from '../../../errors.ts';
import { renderHome } from '../../blocks.ts';
import type { AppContext } from '../../context.ts';
import { renderPracticeDashboard } from '../../practice-blocks.ts';

export type HomeOpenedArgs = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

/** Publishes the person's App Home: their record, their practice dashboard and the week's leaderboard. */
export async function appHomeOpened(ctx: AppContext, { event, body, client }: HomeOpenedArgs): Promise<void> {
  if (event.tab !== 'home') return;
  const teamId = (body as { team_id?: string }).team_id ?? '';
  try {
    const [{ record, leaders, range }, practice] = await Promise.all([
      ctx.standings.home(teamId, event.user),
      ctx.practice.dashboard(teamId, event.user),
    ]);
    await client.views.publish({
      user_id: event.user,
      view: renderHome(record, leaders, range, renderPracticeDashboard(practice)),
    });
  } catch (err) {
    ctx.log.error('home.publish_failed', { team: teamId, user: event.user, error: errorCode(err) });
  }
}
