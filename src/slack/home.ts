import type { App } from '@slack/bolt';
import { leaderboard, personalRecord } from '../db/standings.ts';
import { periodRange } from '../quiz/periods.ts';
import { errorCode } from '../quiz/service.ts';
import { renderHome } from './blocks.ts';
import type { AppContext } from './context.ts';

export function registerHome(app: App, ctx: AppContext): void {
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    const teamId = (body as { team_id?: string }).team_id ?? '';
    try {
      const range = periodRange('week', ctx.now(), ctx.config.quizTimezone);
      const view = renderHome(personalRecord(ctx.db, teamId, event.user), leaderboard(ctx.db, teamId, range, 5), range);
      await client.views.publish({ user_id: event.user, view });
    } catch (err) {
      ctx.log.error('home.publish_failed', { team: teamId, user: event.user, error: errorCode(err) });
    }
  });
}
