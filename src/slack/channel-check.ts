import type { webApi } from '@slack/bolt';
import { errorCode } from '../errors.ts';
import { MESSAGES } from './messages.ts';
import { explainSlackError } from './slack-errors.ts';

/** Setup answers within Slack's 3 seconds; a slower channel check is not waited for. */
export const CHANNEL_CHECK_MS = 2000;

export type ChannelVerdict =
  /** The quiz may run there; `note` says when that could not be checked. */
  { ok: true; note?: string } | { ok: false; message: string };

interface ConversationInfo {
  is_im?: boolean;
  is_mpim?: boolean;
  is_archived?: boolean;
  is_private?: boolean;
  is_member?: boolean;
}

/** Direct-message ids start with D; Slack hides a DM the bot is not part of as channel_not_found. */
const looksLikeDm = (channelId: string) => channelId.startsWith('D');

/**
 * Whether the bot can post the daily question in a channel (conversations.info: channels:read and
 * groups:read). DMs and group DMs are refused; a private channel the bot is not in, or cannot see,
 * gets the /invite fix; a public one works without membership (chat:write.public).
 */
export async function checkQuizChannel(client: webApi.WebClient, channelId: string): Promise<ChannelVerdict> {
  const where = `<#${channelId}>`;
  let info: ConversationInfo | undefined;
  try {
    const answer = await Promise.race([
      client.conversations.info({ channel: channelId }),
      new Promise<'slow'>((resolve) => setTimeout(resolve, CHANNEL_CHECK_MS, 'slow').unref()),
    ]);
    if (answer === 'slow') return { ok: true, note: MESSAGES.channelUnchecked('Slack was slow to answer') };
    info = answer.channel as ConversationInfo | undefined;
  } catch (err) {
    const code = errorCode(err);
    if (looksLikeDm(channelId)) return { ok: false, message: MESSAGES.channelRefused.dm };
    if (code === 'channel_not_found') return { ok: false, message: MESSAGES.channelRefused.notMember(where) };
    return { ok: true, note: MESSAGES.channelUnchecked(explainSlackError(code, where, 'channels:read,groups:read').problem) };
  }
  if (!info) return { ok: true };
  if (info.is_im || info.is_mpim || looksLikeDm(channelId)) return { ok: false, message: MESSAGES.channelRefused.dm };
  if (info.is_archived) return { ok: false, message: MESSAGES.channelRefused.archived(where) };
  if (info.is_private && !info.is_member) return { ok: false, message: MESSAGES.channelRefused.notMember(where) };
  return { ok: true };
}
