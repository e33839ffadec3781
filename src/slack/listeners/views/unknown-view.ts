import type { AppContext } from '../../context.ts';
import type { ViewArgs } from './index.ts';

/** A modal this version does not know (opened by an older version, or crafted): close it, record nothing. */
export async function unknownView(ctx: AppContext, args: ViewArgs): Promise<void> {
  await args.ack();
  ctx.log.warn('view.unknown', {
    team: args.body.team?.id,
    user: args.body.user.id,
    callback: String(args.view.callback_id).slice(0, 40),
  });
}
