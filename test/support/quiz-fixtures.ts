import type { Post, PostedQuestion } from '../../src/quiz/model.ts';

/** A posted question with four one-letter choices (a–d); the right answer is `b` unless given. */
export function postedQuestion(o: Partial<PostedQuestion> = {}): PostedQuestion {
  return {
    id: 'q',
    topic: 't',
    topicTitle: 'T',
    difficulty: 1,
    prompt: 'p',
    choices: ['a', 'b', 'c', 'd'].map((key) => ({ key, text: key })),
    answer: 'b',
    explanation: 'e',
    source: 'https://docs.aws.amazon.com/',
    ...o,
  };
}

/** A live post (seq 5, three answers, one right) of `question`. */
export function livePost(question: PostedQuestion = postedQuestion(), o: Partial<Post> = {}): Post {
  return {
    id: 7,
    teamId: 'T1',
    channelId: 'C1',
    slot: 's',
    seq: 5,
    question,
    state: 'posted',
    messageTs: '1.1',
    attempts: 1,
    leaseUntil: null,
    lastError: null,
    postedAt: null,
    revealDueAt: null,
    answerCount: 3,
    correctCount: 1,
    ...o,
  };
}
