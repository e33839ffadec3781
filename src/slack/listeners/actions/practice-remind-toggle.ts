import { errorCode } from '../../../errors.ts';
import { DEFAULT_REMINDER_TIME } from '../../../practice/nudge.ts';
import type { AdminCheck } from '../../admin.ts';
import type { AppContext } from '../../context.ts';
import { setReminder } from '../commands/practice-settings.ts';
import { publishHome } from '../events/app-home-opened.ts';
import type { ButtonArgs } from './reply.ts';

/**
 * The App Home's "Remind me" / "Turn reminder off" button: flips the daily reminder (09:00 in the
 * person's zone when turned on here) and publishes the App Home again, which shows the new state.
 */
export async function practiceRemindToggle(ctx: AppContext, args: ButtonArgs, admins?: AdminCheck): Promise<void> {
  const { ack, body, client, action } = args;
  await ack();
  const teamId = body.team?.id ?? body.user.team_id ?? '';
  const userId = body.user.id;
  // The button says what it does; a value other than "on" can only turn the reminder off.
  const time = action.value === 'on' ? DEFAULT_REMINDER_TIME : null;
  await ctx.track(
    (async () => {
      try {
        await setReminder(ctx, client, { teamId, userId, time });
      } catch (err) {
        ctx.log.error('practice.reminder_failed', { team: teamId, user: userId, error: errorCode(err) });
      }
      // The same Home again, with the admin's setup button if it had one.
      await publishHome(ctx, client, teamId, userId, admins);
    })(),
  );
}
