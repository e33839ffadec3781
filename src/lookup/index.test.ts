import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildLookup } from '../../test/support/lookup.ts';
import { testBank } from '../../test/support/test-bank.ts';
import { makeBank } from '../content/bank.ts';
import { LookupIndex } from './index.ts';
import type { TextIndexFactory } from './text-index.ts';

const bank = testBank();
const index = buildLookup(bank);

function topId(query: string): string | undefined {
  return index.search(query, 1)[0]?.card.id;
}

describe('LookupIndex.search', () => {
  it.each([
    ['lambda limits', 'lambda-limits'],
    ['how long can a lambda run', 'lambda-limits'],
    ['max memory of a lambda function', 'lambda-limits'],
    ['fargate quotas', 'fargate-limits'],
    ['ecs limits', 'ecs-limits'],
    ['lambda snapstart', 'lambda-snapstart'],
    ['eventbridge scheduler', 'eventbridge-scheduler'],
  ])('finds the card for %j', (query, id) => {
    expect(topId(query)).toBe(id);
  });

  it('sends a "limits" question to the named service\'s limits card', () => {
    expect(topId('fargate max memory')).toBe('fargate-limits');
    expect(topId('lambda max memory')).toBe('lambda-limits');
  });

  it.each([
    ['lamda timout', 'lambda-limits'],
    ['evenbridge scheduler', 'eventbridge-scheduler'],
    ['fargte limits', 'fargate-limits'],
    ['kubernets', 'eks-overview'],
    ['lmabda layers', 'lambda-layers'],
  ])('corrects the typos in %j', (query, id) => {
    expect(topId(query)).toBe(id);
  });

  it.each([
    ['k8s', 'eks-overview'],
    ['kubernetes', 'eks-overview'],
    ['fargate', 'fargate-overview'],
    ['what is eventbridge', 'eventbridge-overview'],
  ])('returns the overview card for a bare service name %j', (query, id) => {
    expect(topId(query)).toBe(id);
  });

  it('prefers the comparison card for "X vs Y" in either order', () => {
    expect(topId('lambda vs fargate')).toBe('lambda-vs-fargate');
    expect(topId('fargate vs lambda')).toBe('lambda-vs-fargate');
    expect(topId('ecs or kubernetes')).toBe('ecs-vs-eks');
    expect(topId('eventbridge rule vs scheduler')).toBe('eventbridge-rule-vs-scheduler');
  });

  it('does not take a comparison card for one of its sides alone', () => {
    expect(topId('eventbridge scheduler')).toBe('eventbridge-scheduler');
  });

  it('expands synonyms from the table', () => {
    expect(topId('cold start java')).toBe('lambda-snapstart');
    expect(topId('cron job')).toBe('eventbridge-scheduler');
  });

  it('completes a word still being typed', () => {
    expect(topId('snapst')).toBe('lambda-snapstart');
  });

  it('honours the limit and ranks best first', () => {
    const hits = index.search('lambda', 2);
    expect(hits).toHaveLength(2);
    expect(hits[0]?.score).toBeGreaterThanOrEqual(hits[1]?.score ?? 0);
  });

  it('returns nothing for an out-of-scope query', () => {
    expect(index.search('how do I bake bread')).toEqual([]);
  });

  it('works on an empty bank', () => {
    const empty = buildLookup(makeBank([], 'empty'));
    expect(empty.search('lambda')).toEqual([]);
    expect(empty.answer('lambda').kind).toBe('none');
  });
});

describe('LookupIndex.answer', () => {
  it('answers empty text and punctuation with "empty" (the caller shows help)', () => {
    expect(index.answer('')).toEqual({ kind: 'empty' });
    expect(index.answer('   ')).toEqual({ kind: 'empty' });
    expect(index.answer('?!...')).toEqual({ kind: 'empty' });
  });

  it('returns the best card with up to two different related cards', () => {
    const answer = index.answer('lambda limits');
    expect(answer.kind).toBe('match');
    if (answer.kind !== 'match') return;
    expect(answer.card.id).toBe('lambda-limits');
    expect(answer.seeAlso.length).toBeGreaterThan(0);
    expect(answer.seeAlso.length).toBeLessThanOrEqual(2);
    const ids = answer.seeAlso.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain('lambda-limits');
    expect(answer.corrected).toBeUndefined();
  });

  it('says how it read a query whose typos it corrected', () => {
    const answer = index.answer('lamda timout');
    expect(answer).toMatchObject({ kind: 'match', corrected: 'lambda timeout' });
  });

  it('answers "none" with topics and suggestions when nothing matches', () => {
    const answer = index.answer('how do I bake bread');
    expect(answer.kind).toBe('none');
    if (answer.kind !== 'none') return;
    expect(answer.query).toBe('how do I bake bread');
    expect(answer.topics.map((t) => t.topic)).toEqual(['lambda', 'eks', 'ecs', 'fargate', 'eventbridge']);
    expect(answer.topics[0]).toEqual({ topic: 'lambda', title: 'AWS Lambda' });
  });

  it('suggests vocabulary close to a word it could not place', () => {
    const answer = index.answer('zzz eventbrdgexx');
    expect(answer.kind).toBe('none');
    if (answer.kind !== 'none') return;
    expect(answer.didYouMean).toContain('eventbridge');
  });

  it('answers "none" for another cloud even when a word matches a card', () => {
    expect(index.answer('azure functions timeout').kind).toBe('none');
    expect(index.answer('google cloud run limits').kind).toBe('none');
  });

  it('answers "none" for stopwords only', () => {
    expect(index.answer('how do i').kind).toBe('none');
  });

  it('remembers which bank it was built from', () => {
    expect(index.bankHash).toBe('test-bank');
  });

  it('is rebuilt only when the content changes', () => {
    const first = buildLookup(testBank());
    expect(LookupIndex.refresh(first, testBank())).toBe(first);
    const changed = makeBank(testBank().topics.slice(0, 1), 'changed');
    const second = LookupIndex.refresh(first, changed);
    expect(second).not.toBe(first);
    expect(second.search('fargate limits').map((h) => h.card.topic)).not.toContain('fargate');
    expect(() => first.search('lambda limits')).toThrow();
    expect(second.bankHash).toBe('changed');
  });

  it('ranks through the engine it was given and hands the same engine to the rebuilt index', () => {
    const built: string[][] = [];
    let closed = 0;
    const engine: TextIndexFactory = (cards) => {
      built.push(cards.map((c) => c.slug));
      // Every card matches every phrase equally: only the lookup's own structure can tell them apart.
      return { scores: () => new Map(cards.map((_, i) => [i, 1])), contains: () => true, close: () => closed++ };
    };
    const first = LookupIndex.build(testBank(), engine);
    const second = LookupIndex.refresh(first, makeBank(testBank().topics.slice(0, 1), 'changed'));
    expect(built).toHaveLength(2);
    expect(built[1]?.length).toBeLessThan(built[0]?.length ?? 0);
    expect(closed).toBe(1);
    expect(second.search('lambda').length).toBeGreaterThan(0);
  });

  it('copes with a pasted wall of text', () => {
    const start = performance.now();
    const answer = index.answer('lambda limits '.repeat(400));
    expect(performance.now() - start).toBeLessThan(200);
    expect(answer.kind).toBe('match');
  });
});

describe('any input', () => {
  it('gets an answer, never an error, and search honours its limit', () => {
    const word = fc.constantFrom(
      'lambda',
      'vs',
      'how',
      'lamda',
      'k8s',
      'without',
      'every',
      '5',
      'x-ray',
      '"',
      '*',
      'NEAR',
      'AND',
    );
    const text = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.array(word, { maxLength: 8 }).map((ws) => ws.join(' ')),
    );
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 5 }), (q, limit) => {
        expect(['match', 'none', 'empty']).toContain(index.answer(q).kind);
        expect(index.search(q, limit).length).toBeLessThanOrEqual(limit);
      }),
      { numRuns: 300 },
    );
  });
});
