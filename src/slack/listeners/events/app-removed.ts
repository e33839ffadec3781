import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { errorCode } from '../../../errors.ts';
import type { AppContext } from '../../context.ts';

type RemovedArgs = (SlackEventMiddlewareArgs<'app_uninstalled'> | SlackEventMiddlewareArgs<'tokens_revoked'>) & AllMiddlewareArgs;

/** The workspace (and, in Enterprise Grid, its organization) an event came from. */
function workspaceOf(body: unknown): { teamId?: string; enterpriseId?: string } {
  const b = body as { team_id?: unknown; enterprise_id?: unknown };
  return {
    ...(typeof b.team_id === 'string' && b.team_id ? { teamId: b.team_id } : {}),
    ...(typeof b.enterprise_id === 'string' && b.enterprise_id ? { enterpriseId: b.enterprise_id } : {}),
  };
}

/**
 * `app_uninstalled`, or `tokens_revoked` naming the bot: the workspace's installation and token go
 * and its running quizzes pause until it installs the app again. A revoked user token alone changes
 * nothing (the app keeps none). Single-workspace mode has no store: the event is only logged.
 */
export async function appRemoved(ctx: AppContext, { event, body }: RemovedArgs): Promise<void> {
  const { teamId, enterpriseId } = workspaceOf(body);
  if (event.type === 'tokens_revoked' && (event.tokens?.bot ?? []).length === 0) return;
  if (!teamId) return;
  if (!ctx.installations) {
    ctx.log.warn('slack.app_removed', { team: teamId, event: event.type });
    return;
  }
  try {
    await ctx.installations.uninstalled({ teamId, ...(enterpriseId ? { enterpriseId } : {}) }, event.type);
  } catch (err) {
    ctx.log.error('install.remove_failed', { team: teamId, event: event.type, error: errorCode(err) });
  }
}
