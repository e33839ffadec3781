import { describe, expect, it } from 'vitest';
import { postedQuestion } from '../../test/support/quiz-fixtures.ts';
import { gradeAnswer, wrongPicks } from './grade.ts';

const question = (answer: string, why?: Record<string, string>) => postedQuestion({ answer, ...(why ? { why } : {}) });

describe('gradeAnswer', () => {
  it.each([
    ['single, right', 'b', 'b', true, true],
    ['single, wrong', 'b', 'a', true, false],
    ['single, no such key', 'b', 'e', false, false],
    ['single, two keys sent', 'b', 'a,b', false, false],
    ['choose two, right', 'a,c', 'a,c', true, true],
    ['choose two, one of two right', 'a,c', 'a,b', true, false],
    ['choose two, three ticked', 'a,c', 'a,b,c', true, false],
    ['choose two, one key (a forged letter button)', 'a,c', 'a', false, false],
    ['choose two, not canonical', 'a,c', 'c,a', false, false],
    ['choose two, a key twice', 'a,c', 'a,a', false, false],
    ['choose two, every choice ticked', 'a,c', 'a,b,c,d', false, false],
    ['empty', 'a', '', false, false],
  ])('%s', (_, answer, selection, isValid, isCorrect) => {
    expect(gradeAnswer(question(answer), selection)).toEqual({ isValid, isCorrect });
  });
});

describe('wrongPicks', () => {
  it("names each wrongly picked choice with the content's reason", () => {
    const q = question('a,c', { b: 'not b', d: 'not d' });
    expect(wrongPicks(q, 'a,b')).toEqual([{ key: 'b', why: 'not b' }]);
    expect(wrongPicks(q, 'a,c')).toEqual([]);
    expect(wrongPicks(question('a'), 'b')).toEqual([{ key: 'b' }]);
  });
});
