import { renderError } from '../../blocks.ts';
import type { AppContext } from '../../context.ts';
import { MESSAGES } from '../../messages.ts';
import { type CommandArgs, ephemeral } from './aws.ts';

// Only /aws is in the manifest; anything else is a stale or crafted request. Answer it politely
// at once instead of letting Bolt time out after 3 seconds.
export async function unknownCommand(ctx: AppContext, { command, ack }: CommandArgs): Promise<void> {
  ctx.log.warn('command.unknown', { team: command.team_id, user: command.user_id, command: command.command.slice(0, 40) });
  await ack(ephemeral(renderError(MESSAGES.onlyAws)));
}
