import { describe, expect, it } from 'vitest';
import { plainText, stem, tokenize } from './normalize.ts';

describe('tokenize', () => {
  it('lower-cases and splits on anything that is not a letter or digit', () => {
    expect(tokenize('Lambda@Edge: EC2 vs. X-Ray?')).toEqual(['lambda', 'edge', 'ec2', 'vs', 'x', 'ray']);
  });

  it('joins apostrophes and drops accents', () => {
    expect(tokenize("what's the café's timeout")).toEqual(['whats', 'the', 'cafes', 'timeout']);
  });

  it('returns nothing for punctuation only', () => {
    expect(tokenize(' ?!… — ')).toEqual([]);
  });
});

describe('plainText', () => {
  it('keeps a link label and drops addresses, which would match every card', () => {
    expect(plainText('See <https://docs.aws.amazon.com/x|the quotas page> now')).toBe('See the quotas page now');
    expect(plainText('bare <https://docs.aws.amazon.com/x> and https://aws.amazon.com/y links')).toBe('bare   and   links');
  });
});

describe('stem', () => {
  it.each([
    ['limit', 'limits'],
    ['quota', 'quotas'],
    ['policy', 'policies'],
    ['cache', 'caches'],
    ['alias', 'aliases'],
    ['box', 'boxes'],
    ['queue', 'queues'],
    ['class', 'classes'],
    ['api', 'apis'],
    ['match', 'matches'],
    ['role', 'roles'],
  ])('folds %s and %s together', (singular, plural) => {
    expect(stem(plural)).toBe(stem(singular));
  });

  it.each(['status', 'access', 'kinesis', 'redis', 'ecs', 'eks', 'k8s', 'ec2', 'aws'])('leaves %s alone', (word) => {
    expect(stem(word)).toBe(word);
  });

  it('keeps a short word apart from an acronym', () => {
    expect(stem('same')).not.toBe(stem('sam'));
  });
});
