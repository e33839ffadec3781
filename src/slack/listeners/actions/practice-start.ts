import type { AppContext } from '../../context.ts';
import { startPracticeInDm } from '../../practice-dm.ts';
import { type ButtonArgs, replyPrivately } from './reply.ts';

/** The Practice button (under daily feedback, in the App Home, after a session): five questions in the DM. */
export async function practiceStart(ctx: AppContext, args: ButtonArgs): Promise<void> {
  const { ack, body, client } = args;
  await ack();
  const teamId = body.team?.id ?? body.user.team_id ?? '';
  await ctx.track(
    (async () => {
      const reply = await startPracticeInDm(ctx, client, { teamId, userId: body.user.id });
      // From the App Home there is no response_url or channel: the DM itself is the answer.
      if (body.response_url || body.channel?.id) await replyPrivately(ctx, args, reply);
    })(),
  );
}
