import type { AdminCheck } from '../../admin.ts';
import type { AppContext } from '../../context.ts';
import { openQuizSetup } from '../../open-setup.ts';
import type { ButtonArgs } from './reply.ts';

/** The App Home's "Set up the quiz" button (shown to admins only): the setup modal, for admins only. */
export async function openSetupFromHome(ctx: AppContext, args: ButtonArgs, admins: AdminCheck): Promise<void> {
  const { ack, body, client } = args;
  await ack();
  const teamId = body.team?.id ?? body.user.team_id ?? '';
  await ctx.track(
    (async () => {
      if (!(await admins.isAdmin(client, teamId, body.user.id).catch(() => false))) {
        ctx.log.info('setup.not_admin', { team: teamId, user: body.user.id });
        return;
      }
      await openQuizSetup(ctx, client, { teamId, userId: body.user.id, triggerId: body.trigger_id });
    })(),
  );
}
