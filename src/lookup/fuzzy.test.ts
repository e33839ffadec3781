import { describe, expect, it } from 'vitest';
import { correctWord, editDistance, maxEditsFor, nearestTerms, type VocabularyTerm } from './fuzzy.ts';

describe('editDistance', () => {
  it.each([
    ['lambda', 'lambda', 0],
    ['lamda', 'lambda', 1],
    ['timout', 'timeout', 1],
    ['lmabda', 'lambda', 1],
    ['evenbridge', 'eventbridge', 1],
    ['kitten', 'sitting', 3],
  ])('%s -> %s is %i', (a, b, d) => {
    expect(editDistance(a, b, 5)).toBe(d);
  });

  it('stops early once the distance is over the limit', () => {
    expect(editDistance('lambda', 'fargate', 2)).toBe(3);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });
});

describe('maxEditsFor', () => {
  it('allows none below 4 letters, 1 up to 7, 2 from 8', () => {
    expect(maxEditsFor('ecs')).toBe(0);
    expect(maxEditsFor('lamda')).toBe(1);
    expect(maxEditsFor('snapstrt')).toBe(2);
  });
});

const vocabulary: VocabularyTerm[] = [
  { term: 'lambda', df: 20, isSalient: true },
  { term: 'timeout', df: 8, isSalient: true },
  { term: 'make', df: 5, isSalient: false },
  { term: 'base', df: 3, isSalient: true },
  { term: 'eventbridge', df: 9, isSalient: true },
  { term: 'events', df: 12, isSalient: false },
  { term: 'event', df: 12, isSalient: true },
];

describe('correctWord', () => {
  it('corrects to the closest term', () => {
    expect(correctWord('lamda', vocabulary)).toEqual({ term: 'lambda', distance: 1 });
    expect(correctWord('evenbrige', vocabulary)).toEqual({ term: 'eventbridge', distance: 2 });
  });

  it('keeps the first letter, or the first two swapped', () => {
    expect(correctWord('bake', vocabulary)).toEqual({ term: 'base', distance: 1 });
    expect(correctWord('take', vocabulary)).toBeUndefined();
    expect(correctWord('rventbridge', vocabulary)).toBeUndefined();
    expect(correctWord('almbda', vocabulary)?.term).toBe('lambda');
  });

  it('prefers a salient term on a tie', () => {
    expect(correctWord('evemt', vocabulary)?.term).toBe('event');
  });

  it('does not correct short words', () => {
    expect(correctWord('ecz', vocabulary)).toBeUndefined();
  });
});

describe('nearestTerms', () => {
  it('offers salient terms within a looser distance, closest first', () => {
    expect(nearestTerms('lambdax', vocabulary, 3)).toEqual(['lambda']);
    expect(nearestTerms('timeoutt', vocabulary, 3)).toEqual(['timeout']);
    expect(nearestTerms('zzzz', vocabulary, 3)).toEqual([]);
  });
});
