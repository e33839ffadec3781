import type { webApi } from '@slack/bolt';
import { SlackRateLimitedError } from '../errors.ts';
import type { Post } from '../quiz/model.ts';
import type { QuizPublisher } from '../services/quiz.ts';
import { renderQuestion, renderReveal } from './blocks.ts';

/** The Web API's 429 when its client rejects rate-limited calls instead of pausing its whole queue. */
function rateLimitOf(err: unknown): SlackRateLimitedError | undefined {
  const e = err as { code?: unknown; retryAfter?: unknown };
  if (e?.code !== 'slack_webapi_rate_limited_error' || typeof e.retryAfter !== 'number') return undefined;
  return new SlackRateLimitedError(Math.max(1, e.retryAfter) * 1000);
}

/**
 * The quiz's view of Slack: post, update the count, reveal. Questions go through `posting`, a client
 * that hands a 429 back (SlackRateLimitedError) rather than waiting it out with every other call
 * held behind it, so the scheduler pauses only the workspace Slack asked to slow down.
 */
export function slackPublisher(client: webApi.WebClient, posting: webApi.WebClient = client): QuizPublisher {
  const update = async (post: Post, message: { text: string; blocks: unknown[] }) => {
    if (!post.messageTs) throw new Error('post has no message');
    await client.chat.update({
      channel: post.channelId,
      ts: post.messageTs,
      text: message.text,
      blocks: message.blocks as never,
    });
  };
  return {
    async postQuestion(post) {
      const r = await posting.chat
        .postMessage({ channel: post.channelId, ...renderQuestion(post), unfurl_links: false, unfurl_media: false })
        .catch((err: unknown) => {
          throw rateLimitOf(err) ?? err;
        });
      if (!r.ts) throw new Error('chat.postMessage returned no ts');
      return r.ts;
    },
    showReveal: (post) => update(post, renderReveal(post)),
    showCount: (post) => update(post, renderQuestion(post)),
  };
}
