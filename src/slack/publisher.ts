import type { webApi } from '@slack/bolt';
import { SlackRateLimitedError } from '../errors.ts';
import type { Post } from '../quiz/model.ts';
import type { QuizPublisher } from '../services/quiz.ts';
import { renderQuestion, renderReveal } from './blocks.ts';

/**
 * Where a scheduled call gets its workspace's bot token. Single-workspace mode leaves it out (the
 * client carries SLACK_BOT_TOKEN); multi-workspace mode looks the team's installation up, since
 * no incoming request brings one.
 */
export type TokenFor = (teamId: string) => Promise<string | undefined>;

/** Thrown when a workspace has no installation (uninstalled): the quiz records it and retries later. */
export class NotInstalledError extends Error {
  readonly code = 'not_installed';
  constructor(teamId: string) {
    super(`workspace ${teamId} has not installed the app`);
  }
}

/**
 * The token argument of a scheduled Web API call for a workspace: nothing in single-workspace mode
 * (the client's own token), else the workspace's installation; NotInstalledError when it has none.
 */
export async function tokenArgs(tokenFor: TokenFor | undefined, teamId: string): Promise<{ token?: string }> {
  if (!tokenFor) return {};
  const token = await tokenFor(teamId);
  if (!token) throw new NotInstalledError(teamId);
  return { token };
}

/** The Web API's 429 when its client rejects rate-limited calls instead of pausing its whole queue. */
function rateLimitOf(err: unknown): SlackRateLimitedError | undefined {
  const e = err as { code?: unknown; retryAfter?: unknown };
  if (e?.code !== 'slack_webapi_rate_limited_error' || typeof e.retryAfter !== 'number') return undefined;
  return new SlackRateLimitedError(Math.max(1, e.retryAfter) * 1000);
}

/**
 * The quiz's view of Slack: post, update the count, reveal. Questions go through `posting`, a client
 * that hands a 429 back (SlackRateLimitedError) rather than waiting it out with every other call
 * held behind it, so the scheduler pauses only the workspace Slack asked to slow down. In
 * multi-workspace mode every call carries its workspace's token (`tokenFor`).
 */
export function slackPublisher(
  client: webApi.WebClient,
  o: { posting?: webApi.WebClient; tokenFor?: TokenFor | undefined } = {},
): QuizPublisher {
  const posting = o.posting ?? client;
  const tokenFor = o.tokenFor;
  const auth = (post: Post) => tokenArgs(tokenFor, post.teamId);
  const update = async (post: Post, message: { text: string; blocks: unknown[] }) => {
    if (!post.messageTs) throw new Error('post has no message');
    await client.chat.update({
      ...(await auth(post)),
      channel: post.channelId,
      ts: post.messageTs,
      text: message.text,
      blocks: message.blocks as never,
    });
  };
  return {
    async postQuestion(post) {
      const r = await posting.chat
        .postMessage({
          ...(await auth(post)),
          channel: post.channelId,
          ...renderQuestion(post),
          unfurl_links: false,
          unfurl_media: false,
        })
        .catch((err: unknown) => {
          throw rateLimitOf(err) ?? err;
        });
      if (!r.ts) throw new Error('chat.postMessage returned no ts');
      return r.ts;
    },
    showReveal: async (post) => update(post, renderReveal(post)),
    showCount: async (post) => update(post, renderQuestion(post)),
  };
}
