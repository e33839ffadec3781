import { describe, expect, it } from 'vitest';
import type { Alternative, Concept, ParsedQuery } from './query.ts';
import { type CardFeatures, scoreCards } from './score.ts';

function concept(words: string, extra: Partial<Concept> = {}): Concept {
  const alt: Alternative = { words: words.split(' '), stems: words.split(' '), weight: 1 };
  return { alternatives: [alt], services: [], namesDirectly: false, isNameOrOverview: false, confidence: 1, ...extra };
}

function query(concepts: Concept[], extra: Partial<ParsedQuery> = {}): ParsedQuery {
  return {
    concepts,
    isComparison: false,
    services: [],
    directServices: [],
    namesOtherPlatform: false,
    unknown: [],
    pairs: [],
    ...extra,
  };
}

function card(topic: string, head: string[], extra: Partial<CardFeatures> = {}): CardFeatures {
  return {
    topic,
    headStems: new Set(head),
    titleStems: new Set(head),
    keywordStems: new Set(),
    services: new Set([topic]),
    sides: undefined,
    isOverview: false,
    ...extra,
  };
}

const text = (...scores: number[]) => new Map(scores.map((s, i) => [i, s] as [number, number]).filter(([, s]) => s > 0));

describe('scoreCards', () => {
  it('adds a bonus for the named service', () => {
    const cards = [card('ecs', ['ecs', 'limit']), card('lambda', ['lambda', 'limit'])];
    const parsed = query([concept('lambda', { isNameOrOverview: true }), concept('limit')], {
      services: ['lambda'],
      directServices: ['lambda'],
    });
    const [ecs, lambda] = scoreCards(parsed, [text(0, 1), text(1, 1)], [], cards);
    expect(lambda?.score).toBeGreaterThan(ecs?.score ?? 0);
    expect(lambda?.signals.service).toBe(1);
  });

  it('counts a service reached through a synonym half', () => {
    const cards = [card('containers', ['container'])];
    const parsed = query([concept('docker', { isNameOrOverview: true })], { services: ['containers'] });
    expect(scoreCards(parsed, [text(1)], [], cards)[0]?.signals.service).toBe(0.5);
  });

  it('prefers the comparison card when both sides are asked for', () => {
    const cards = [
      card('fargate', ['fargate']),
      card('fargate', ['lambda', 'fargate'], { sides: [['lambda'], ['fargate']], services: new Set(['fargate', 'lambda']) }),
    ];
    const parsed = query([concept('fargate', { isNameOrOverview: true }), concept('lambda', { isNameOrOverview: true })], {
      isComparison: true,
      services: ['fargate', 'lambda'],
    });
    const [overview, versus] = scoreCards(parsed, [text(2, 1), text(0, 1)], [], cards);
    expect(versus?.signals.comparison).toBe(1);
    expect(versus?.score).toBeGreaterThan(overview?.score ?? 0);
  });

  it('gives the comparison bonus only to a query that asks to compare', () => {
    const cards = [
      card('sns', ['sns', 'fan', 'out', 'sqs']),
      card('sns', ['sns', 'sqs'], { sides: [['sns'], ['sqs']], services: new Set(['sns', 'sqs']) }),
    ];
    const concepts = [concept('sns', { isNameOrOverview: true }), concept('sqs', { isNameOrOverview: true })];
    const named = { services: ['sns', 'sqs'], directServices: ['sns', 'sqs'] };
    const [, plain] = scoreCards(query(concepts, named), [text(1, 1), text(1, 1)], [], cards);
    expect(plain?.signals.comparison).toBe(0);
    const [, versus] = scoreCards(query(concepts, { ...named, isComparison: true }), [text(1, 1), text(1, 1)], [], cards);
    expect(versus?.signals.comparison).toBe(1);
  });

  it('gives the overview card to a bare service name, not to a comparison', () => {
    const cards = [card('eks', ['eks'], { isOverview: true }), card('eks', ['eks', 'anywhere'])];
    const alone = query([concept('eks', { isNameOrOverview: true })], { services: ['eks'] });
    expect(scoreCards(alone, [text(1, 1)], [], cards)[0]?.signals.overview).toBe(1);
    const versus = query([concept('eks', { isNameOrOverview: true }), concept('ecs', { isNameOrOverview: true })], {
      isComparison: true,
      services: ['eks', 'ecs'],
    });
    expect(scoreCards(versus, [text(1, 1), text(0, 0)], [], cards)[0]?.signals.overview).toBe(0);
  });

  it('weights a rare word in a title above a common one', () => {
    const cards = [card('lambda', ['kinesis']), card('lambda', ['trigger']), card('x', []), card('y', [])];
    const parsed = query([concept('kinesis'), concept('trigger')]);
    const [rare, common] = scoreCards(parsed, [text(1, 0), text(0, 1, 1, 1)], [], cards);
    expect(rare?.signals.head).toBeGreaterThan(common?.signals.head ?? 0);
  });

  it('measures the share of the query a card contains, unknown words included', () => {
    const cards = [card('lambda', ['python'])];
    const parsed = query([concept('python')], { unknown: ['comprehension'] });
    const [only] = scoreCards(parsed, [text(1)], [], cards);
    expect(only?.share).toBeCloseTo(0.5, 5);
  });

  it('counts a body-only match as no evidence', () => {
    const cards = [card('lambda', ['other'])];
    const [c] = scoreCards(query([concept('pizza')]), [text(1)], [], cards);
    expect(c?.hasEvidence).toBe(false);
  });

  it('scores nothing for a card that matches nothing', () => {
    const [c] = scoreCards(query([concept('pizza')]), [text(0)], [], [card('lambda', ['lambda'])]);
    expect(c?.score).toBe(0);
  });
});
