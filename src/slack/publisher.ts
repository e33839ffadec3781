import type { webApi } from '@slack/bolt';
import type { Post } from '../quiz/model.ts';
import type { QuizPublisher } from '../services/quiz.ts';
import { renderQuestion, renderReveal } from './blocks.ts';

/** The quiz's view of Slack: post, update the count, reveal. */
export function slackPublisher(client: webApi.WebClient): QuizPublisher {
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
      const r = await client.chat.postMessage({
        channel: post.channelId,
        ...renderQuestion(post),
        unfurl_links: false,
        unfurl_media: false,
      });
      if (!r.ts) throw new Error('chat.postMessage returned no ts');
      return r.ts;
    },
    showReveal: (post) => update(post, renderReveal(post)),
    showCount: (post) => update(post, renderQuestion(post)),
  };
}
