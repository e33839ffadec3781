import { describe, expect, it } from 'vitest';
import { correctToName, correctWord, editDistance, maxEditsFor, nearestTerms, preferName, type VocabularyTerm } from './fuzzy.ts';

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

describe('correctToName', () => {
  const names: VocabularyTerm[] = [
    { term: 'fargate', df: 10, isSalient: true },
    { term: 'lambda', df: 20, isSalient: true },
  ];

  it('allows a service name two edits from a word of 5 letters or more that starts like it', () => {
    expect(correctToName('farget', names)).toEqual({ term: 'fargate', distance: 2 });
    expect(correctToName('lambada', names)).toEqual({ term: 'lambda', distance: 1 });
  });

  it('needs the first three letters and five letters typed', () => {
    expect(correctToName('fxrgete', names)).toBeUndefined();
    expect(correctToName('farg', names)).toBeUndefined();
  });
});

describe('preferName', () => {
  it('takes the name when as close, or one edit further with a longer shared start', () => {
    const name = { term: 'fargate', distance: 2 };
    expect(preferName('farget', { term: 'forget', distance: 1 }, name)).toBe(name);
    expect(preferName('farget', undefined, name)).toBe(name);
    expect(preferName('fargat', { term: 'fargate', distance: 1 }, { term: 'fargate', distance: 1 })?.term).toBe('fargate');
  });

  it('keeps a closer word that starts as much like the typo', () => {
    const word = { term: 'lambs', distance: 1 };
    expect(preferName('lamba', word, { term: 'lamda', distance: 2 })).toBe(word);
    expect(preferName('lamba', word, undefined)).toBe(word);
  });
});

describe('nearestTerms', () => {
  it('offers salient terms within a looser distance, closest first', () => {
    expect(nearestTerms('lambdax', vocabulary, 3)).toEqual(['lambda']);
    expect(nearestTerms('timeoutt', vocabulary, 3)).toEqual(['timeout']);
    expect(nearestTerms('zzzz', vocabulary, 3)).toEqual([]);
  });
});
