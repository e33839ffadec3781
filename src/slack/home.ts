import type { App } from '@slack/bolt';
import { errorCode } from '../errors.ts';
import { renderHome } from './blocks.ts';
import type { AppContext } from './context.ts';

export function registerHome(app: App, ctx: AppContext): void {
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    const teamId = (body as { team_id?: string }).team_id ?? '';
    try {
      const { record, leaders, range } = await ctx.standings.home(teamId, event.user);
      const view = renderHome(record, leaders, range);
      await client.views.publish({ user_id: event.user, view });
    } catch (err) {
      ctx.log.error('home.publish_failed', { team: teamId, user: event.user, error: errorCode(err) });
    }
  });
}
