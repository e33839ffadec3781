import type { webApi } from '@slack/bolt';
import type { QuizChannel } from '../quiz/model.ts';
import type { QuizAlerts } from '../services/quiz.ts';
import { MESSAGES } from './messages.ts';
import { type TokenFor, tokenArgs } from './publisher.ts';
import { explainSlackError } from './slack-errors.ts';

/**
 * Posting failures by DM (conversations.open, chat.postMessage; im:write) to the admin who set the
 * channel's quiz up, or, for a channel seeded from QUIZ_CHANNEL, the first of ADMIN_USER_IDS.
 */
export function slackAlerts(client: webApi.WebClient, adminUserIds: readonly string[], tokenFor?: TokenFor): QuizAlerts {
  return {
    async tell(channel: QuizChannel, error: string | null): Promise<boolean> {
      const user = channel.setBy ?? adminUserIds[0];
      if (!user) return false;
      const where = `<#${channel.channelId}>`;
      let text: string;
      if (error === null) {
        text = MESSAGES.postingWorksAgain(where);
      } else {
        const explained = explainSlackError(error, where);
        if (explained.passes) return false;
        text = MESSAGES.postingFails(explained.problem, explained.fix, error);
      }
      const token = await tokenArgs(tokenFor, channel.teamId);
      const dm = await client.conversations.open({ ...token, users: user });
      if (!dm.channel?.id) throw new Error('no_dm_channel');
      await client.chat.postMessage({ ...token, channel: dm.channel.id, text, unfurl_links: false });
      return true;
    },
  };
}
