import type { webApi } from '@slack/bolt';
import type { RecapPublisher } from '../services/recap.ts';
import { type TokenFor, tokenArgs } from './publisher.ts';
import { recapAltText, renderRecap } from './recap-blocks.ts';

/**
 * The recap's view of Slack: one message, the summary blocks with the chart attached, through
 * files.uploadV2 (files.getUploadURLExternal, the upload, files.completeUploadExternal with the
 * channel and the blocks). Needs the files:write scope.
 */
export function slackRecapPublisher(client: webApi.WebClient, tokenFor?: TokenFor): RecapPublisher {
  return {
    async postRecap(teamId, channelId, content) {
      const message = renderRecap(content);
      const r = (await client.filesUploadV2({
        ...(await tokenArgs(tokenFor, teamId)),
        channel_id: channelId,
        file: content.chart,
        filename: `recap-${content.stats.week.key}.png`,
        title: `Weekly recap, ${content.stats.week.label}`,
        alt_text: recapAltText(content),
        blocks: message.blocks,
      })) as { files?: { files?: { id?: string }[] }[] };
      return r.files?.[0]?.files?.[0]?.id ?? null;
    },
  };
}
