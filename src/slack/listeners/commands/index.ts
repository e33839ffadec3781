import type { App } from '@slack/bolt';
import type { AdminCheck } from '../../admin.ts';
import type { AppContext } from '../../context.ts';
import { awsCommand, type CommandArgs } from './aws.ts';
import { unknownCommand } from './unknown-command.ts';

type CommandHandler = (ctx: AppContext, admins: AdminCheck, args: CommandArgs) => Promise<void>;

/** The slash commands in manifest.yml, and the file that handles each. */
const HANDLERS: Readonly<Record<string, CommandHandler>> = { '/aws': awsCommand };

/** One Bolt listener for every command (as for buttons: Bolt runs each request past every listener). */
export function registerCommands(app: App, ctx: AppContext, admins: AdminCheck): void {
  app.command(/^/, async (args: CommandArgs) => {
    const handler = Object.hasOwn(HANDLERS, args.command.command) ? HANDLERS[args.command.command] : undefined;
    if (handler) await handler(ctx, admins, args);
    else await unknownCommand(ctx, args);
  });
}
