import type { App } from '@slack/bolt';
import type { Config } from '../config.ts';
import { errorCode } from '../errors.ts';
import type { Log } from '../log.ts';
import type { Stores } from '../services/stores.ts';

/**
 * Single-workspace mode only (config.ts leaves quizChannel unset in multi-workspace mode, where
 * no one workspace is "the" workspace and app.client has no token).
 * QUIZ_CHANNEL needs the workspace id, which only Slack knows: ask auth.test once it answers, then
 * add the channel unless it is known (later changes made in Slack win over the environment).
 * Returns the step the scheduler runs before each pass; it does nothing once it has succeeded.
 */
export function quizChannelSeeder(o: {
  app: App;
  config: Config;
  stores: Stores;
  log: Log;
  now: () => Date;
}): () => Promise<void> {
  const { config, log } = o;
  let isSeeded = !config.quizChannel;
  return async () => {
    if (isSeeded || !config.quizChannel) return;
    try {
      const auth = await o.app.client.auth.test();
      if (!auth.team_id) throw new Error('auth.test returned no team_id');
      const created = await o.stores.channels.seed(
        { teamId: auth.team_id, channelId: config.quizChannel, schedule: config.quizSchedule, timezone: config.quizTimezone },
        o.now(),
      );
      isSeeded = true;
      if (created) log.info('quiz.channel_seeded', { team: auth.team_id, channel: config.quizChannel });
    } catch (err) {
      log.warn('quiz.seed_failed', { channel: config.quizChannel, error: errorCode(err) });
    }
  };
}
