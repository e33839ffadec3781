import type { App } from '@slack/bolt';
import type { AdminCheck } from '../../admin.ts';
import type { AppContext } from '../../context.ts';
import { appHomeOpened } from './app-home-opened.ts';
import { appRemoved } from './app-removed.ts';

/** The events in manifest.yml's subscription, each handled by its own file. */
export function registerEvents(app: App, ctx: AppContext, admins: AdminCheck): void {
  app.event('app_home_opened', (args) => appHomeOpened(ctx, args, admins));
  app.event('app_uninstalled', (args) => appRemoved(ctx, args));
  app.event('tokens_revoked', (args) => appRemoved(ctx, args));
}
