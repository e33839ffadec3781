import type { Harness } from './app-harness.ts';
import { rowsOf } from './database.ts';
import { clickAndWait, correctKey, postQuestion } from './quiz-driver.ts';

export type Verdict = 'right' | 'wrong';

/**
 * Posts the next question with `/aws quiz now` and has each person click a right or a wrong
 * letter over signed HTTP, at the harness clock's time; returns the post and its question.
 */
export async function answerRound(h: Harness, verdicts: Record<string, Verdict>, o: { channel?: string } = {}) {
  const q = await postQuestion(h.url, h.slack, o);
  const key = await correctKey(h.runtime.storage, q.postId);
  const right = q.buttons.find((b) => b.value.endsWith(`:${key}`));
  const wrong = q.buttons.find((b) => !b.value.endsWith(`:${key}`));
  if (!right || !wrong) throw new Error(`post ${q.postId} lacks a right or a wrong button`);
  for (const [user, verdict] of Object.entries(verdicts)) {
    await clickAndWait(h.url, h.slack, user, verdict === 'right' ? right : wrong);
  }
  const [post] = await rowsOf<{ question_id: string; topic: string }>(h.runtime.storage, 'posts', ['question_id', 'topic'], {
    id: q.postId,
  });
  if (!post) throw new Error(`post ${q.postId} is not stored`);
  return { postId: q.postId, questionId: post.question_id, topic: post.topic, wrongChoice: wrong.value.split(':')[1] ?? '' };
}
