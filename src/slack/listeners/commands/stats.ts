import type { Message } from '../../blocks.ts';
import type { AppContext } from '../../context.ts';
import { renderTeamStats } from '../../stats-blocks.ts';

/** `/aws stats` for an admin (the caller checked): the workspace's last weeks, privately. */
export async function statsCommand(ctx: AppContext, a: { teamId: string; userId: string }): Promise<Message> {
  const stats = await ctx.stats.teamStats(a.teamId);
  ctx.log.info('command.stats', { team: a.teamId, user: a.userId, answers: stats.answers });
  return renderTeamStats(stats, ctx.bank(), ctx.config.quizTimezone);
}
