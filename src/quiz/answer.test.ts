import { describe, expect, it } from 'vitest';
import { livePost, postedQuestion } from '../../test/support/quiz-fixtures.ts';
import { type ChannelStats, decideAnswer, EMPTY_STATS, gradedOutcome, refusalOutcome } from './answer.ts';
import type { Post } from './model.ts';

const post = (o: Partial<Post> = {}): Post => livePost(postedQuestion(), o);

const onStreak: ChannelStats = { points: 10, currentStreak: 2, bestStreak: 4, lastCorrectSeq: 4 };
const brokenStreak: ChannelStats = { points: 10, currentStreak: 2, bestStreak: 4, lastCorrectSeq: 2 };

describe('decideAnswer', () => {
  it.each([
    ['no such post', undefined, 'b', EMPTY_STATS, { kind: 'not_found' }],
    ['a revealed post', post({ state: 'revealed' }), 'b', EMPTY_STATS, { kind: 'closed' }],
    ['a post not yet live', post({ state: 'pending', seq: null }), 'b', EMPTY_STATS, { kind: 'closed' }],
    ['a key the question lacks', post(), 'e', EMPTY_STATS, { kind: 'invalid_choice' }],
    ['a two-key selection on a single-answer question', post(), 'a,b', EMPTY_STATS, { kind: 'invalid_choice' }],
    [
      'a first right answer',
      post(),
      'b',
      EMPTY_STATS,
      {
        kind: 'accept',
        isCorrect: true,
        stats: { points: 1, currentStreak: 1, bestStreak: 1, lastCorrectSeq: 5 },
        delta: { points: 1, answers: 1, correct: 1 },
      },
    ],
    [
      'a right answer that extends a streak',
      post(),
      'b',
      onStreak,
      { kind: 'accept', isCorrect: true, stats: { points: 11, currentStreak: 3, bestStreak: 4, lastCorrectSeq: 5 } },
    ],
    [
      'a right answer after a missed question starts again at 1',
      post(),
      'b',
      brokenStreak,
      { kind: 'accept', isCorrect: true, stats: { points: 11, currentStreak: 1, bestStreak: 4, lastCorrectSeq: 5 } },
    ],
    [
      'a wrong answer ends the streak, keeps the best and the points',
      post(),
      'a',
      onStreak,
      {
        kind: 'accept',
        isCorrect: false,
        stats: { points: 10, currentStreak: 0, bestStreak: 4, lastCorrectSeq: 4 },
        delta: { points: 0, answers: 1, correct: 0 },
      },
    ],
    [
      'a choose-two question answered all right',
      post({ question: { ...post().question, answer: 'a,c' } }),
      'a,c',
      EMPTY_STATS,
      { kind: 'accept', isCorrect: true },
    ],
    [
      'a choose-two question half right scores nothing',
      post({ question: { ...post().question, answer: 'a,c' } }),
      'a,b',
      EMPTY_STATS,
      { kind: 'accept', isCorrect: false, delta: { points: 0, answers: 1, correct: 0 } },
    ],
  ])('%s', (_, p, selection, before, expected) => {
    expect(decideAnswer(p, selection, before)).toMatchObject(expected);
  });

  it('reports a refused click from someone who answered already as their duplicate', () => {
    const closed = decideAnswer(post({ state: 'revealed' }), 'b');
    if (closed.kind === 'accept') throw new Error('accepted');
    expect(refusalOutcome(closed, 'a')).toMatchObject({ kind: 'duplicate', firstChoice: 'a' });
    expect(refusalOutcome(closed, undefined)).toMatchObject({ kind: 'closed' });
    expect(refusalOutcome({ kind: 'not_found' }, 'a')).toEqual({ kind: 'not_found' });
  });

  it('counts an accepted answer on the post it returns', () => {
    const accepted = decideAnswer(post(), 'b', onStreak);
    if (accepted.kind !== 'accept') throw new Error('refused');
    expect(gradedOutcome(accepted, 'b')).toMatchObject({
      kind: 'graded',
      post: { answerCount: 4, correctCount: 2 },
      isCorrect: true,
      streak: 3,
      bestStreak: 4,
      points: 11,
    });
  });
});
