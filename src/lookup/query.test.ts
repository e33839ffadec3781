import { describe, expect, it } from 'vitest';
import { testBank } from '../../test/support/test-bank.ts';
import { type Card, makeBank, type Topic } from '../content/bank.ts';
import { parseQuery } from './query.ts';
import { serviceNamesOf } from './services.ts';
import { buildVocabulary } from './vocabulary.ts';

const bank = testBank();
const vocabulary = buildVocabulary(bank, () => false);
const services = serviceNamesOf(bank.topics);
const parse = (q: string) => parseQuery(q, vocabulary, services);
const typed = (q: string) =>
  parse(q).concepts.map((c) =>
    c.alternatives
      .filter((a) => a.weight === 1)
      .map((a) => a.words.join(' '))
      .join('/'),
  );

describe('parseQuery', () => {
  it('drops stopwords', () => {
    expect(typed('what is the timeout of my lambda')).toEqual(['timeout/time out', 'lambda']);
  });

  it('reads a question form as the term it asks for', () => {
    expect(typed('how long can a lambda run')[0]).toContain('timeout');
    expect(parse('how long can a lambda run').concepts[0]?.alternatives.map((a) => a.words.join(' '))).toContain('duration');
  });

  it('expands a synonym group, the typed word at full weight', () => {
    const [concept] = parse('quotas').concepts;
    const weights = new Map(concept?.alternatives.map((a) => [a.words.join(' '), a.weight]));
    expect(weights.get('quota')).toBe(1);
    expect(weights.get('limit')).toBeLessThan(1);
    expect(weights.get('max')).toBeLessThan(1);
  });

  it('corrects typos and reports the corrected query', () => {
    const parsed = parse('lamda timout');
    expect(parsed.corrected).toBe('lambda timeout');
    expect(parsed.services).toEqual(['lambda']);
    expect(parsed.concepts.every((c) => c.confidence < 1)).toBe(true);
  });

  it('joins and splits compounds', () => {
    expect(parse('event bridge').services).toEqual(['eventbridge']);
    expect(parse('lambdalayers').corrected).toBe('lambda layers');
  });

  it('names services through aliases', () => {
    expect(parse('k8s').services).toEqual(['eks']);
    expect(parse('kubernetes pods').services).toEqual(['eks']);
  });

  it('corrects a typo to a service name two edits away when it starts the same', () => {
    expect(parse('farget limits').corrected).toBe('fargate limits');
    expect(parse('farget limits').directServices).toEqual(['fargate']);
  });

  it('recognises a comparison', () => {
    expect(parse('fargate vs lambda').isComparison).toBe(true);
    expect(parse('difference between ecs and eks').isComparison).toBe(true);
    expect(parse('fargate limits').isComparison).toBe(false);
  });

  it('leaves out what follows "without"', () => {
    expect(parse('scheduler without eventbridge').services).toEqual([]);
  });

  it('counts the same thing said twice once', () => {
    expect(typed('limit how many')).toEqual(['limit']);
  });

  it('reads "every 5 minutes" as a schedule', () => {
    expect(typed('every 5 minutes')).toEqual(['cron/every minute']);
  });

  it('keeps words it cannot place as unknown', () => {
    const parsed = parse('lambda zzyzx');
    expect(parsed.unknown).toEqual(['zzyzx']);
    expect(parsed.concepts).toHaveLength(1);
  });

  it('flags another cloud', () => {
    expect(parse('Azure Functions pricing').namesOtherPlatform).toBe(true);
    expect(parse('google cloud run').namesOtherPlatform).toBe(true);
    expect(parse('lambda pricing').namesOtherPlatform).toBe(false);
  });

  it('pairs neighbouring content words for proximity', () => {
    expect(parse('targets per rule').pairs).toEqual([['targets', 'rule']]);
  });

  it('marks service names and overview words', () => {
    const [service, overview] = parse('fargate overview').concepts;
    expect(service?.isNameOrOverview).toBe(true);
    expect(overview?.isNameOrOverview).toBe(true);
  });
});

describe('parseQuery on topics that a feature group mentions', () => {
  const card = (topic: string, id: string): Card => ({
    id,
    topic,
    title: id.replace(/-/g, ' '),
    keywords: [id],
    body: 'queue fan out streams load leveling',
    source: 'https://docs.aws.amazon.com/',
  });
  const topic = (name: string, title: string): Topic => ({
    topic: name,
    title,
    file: `${name}.yml`,
    cards: [card(name, `${name}-overview`)],
    questions: [],
  });
  const bank = makeBank(
    [
      topic('sqs', 'Amazon SQS'),
      topic('sns', 'Amazon SNS'),
      topic('kinesis', 'Amazon Kinesis'),
      topic('dynamodb', 'Amazon DynamoDB'),
      topic('xray', 'AWS X-Ray'),
      topic('eks', 'Amazon EKS'),
    ],
    'feature-groups',
  );
  const ownVocabulary = buildVocabulary(bank, () => false);
  const own = (q: string) => parseQuery(q, ownVocabulary, serviceNamesOf(bank.topics));

  it('does not name a service through a feature synonym', () => {
    expect(own('queue load leveling').services).toEqual([]);
    expect(own('fan out pattern').services).toEqual([]);
    expect(own('distributed tracing').services).toEqual([]);
  });

  it('names the service typed inside a phrase, directly', () => {
    expect(own('dynamodb streams').services).toEqual(['dynamodb']);
    expect(own('dynamodb streams').directServices).toEqual(['dynamodb']);
  });

  it('still names a service through an alias, not directly', () => {
    expect(own('k8s').services).toEqual(['eks']);
    expect(own('k8s').directServices).toEqual([]);
  });
});
