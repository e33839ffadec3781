import { describe, expect, it } from 'vitest';
import { testBank } from '../../test/support/test-bank.ts';
import type { Card, Topic } from '../content/bank.ts';
import { stem } from './normalize.ts';
import { cardServices, comparisonSides, containsPhrase, overviewCardOf, serviceNamesOf, servicesIn } from './services.ts';

function topic(name: string, title: string, cardIds: string[] = []): Topic {
  const cards = cardIds.map((id) => ({
    id,
    topic: name,
    title: id,
    keywords: ['x'],
    body: 'x',
    source: 'https://docs.aws.amazon.com/',
  }));
  return { topic: name, title, file: `${name}.yml`, cards, questions: [] };
}

const topics = [
  topic('api-gateway', 'Amazon API Gateway'),
  topic('app-runner', 'AWS App Runner'),
  topic('aurora-serverless', 'Aurora Serverless'),
  topic('lambda', 'AWS Lambda'),
  topic('xray', 'AWS X-Ray'),
];
const services = serviceNamesOf(topics);

describe('serviceNamesOf', () => {
  it('names a topic by its id, its joined id, its short title and its own distinctive words', () => {
    const names = (t: string) => services.find((s) => s.topic === t)?.names.map((n) => n.join(' '));
    expect(names('api-gateway')).toEqual(expect.arrayContaining(['api gateway', 'apigateway', 'gateway']));
    expect(names('api-gateway')).not.toContain('api');
    expect(names('app-runner')).toEqual(expect.arrayContaining(['app runner', 'runner']));
    expect(names('aurora-serverless')).toContain('aurora');
    expect(names('xray')).toEqual(expect.arrayContaining(['xray', 'x ray']));
  });
});

describe('servicesIn', () => {
  it('finds the services a word sequence names', () => {
    expect(servicesIn(['how', 'fast', 'is', 'api', 'gateway'], services)).toEqual(['api-gateway']);
    expect(servicesIn(['lambda', 'vs', 'runner'], services)).toEqual(['app-runner', 'lambda']);
    expect(servicesIn(['rest', 'api'], services)).toEqual([]);
  });
});

describe('containsPhrase', () => {
  it('matches consecutive words only', () => {
    expect(containsPhrase(['a', 'b', 'c'], ['b', 'c'])).toBe(true);
    expect(containsPhrase(['a', 'b', 'c'], ['a', 'c'])).toBe(false);
    expect(containsPhrase(['a'], [])).toBe(false);
  });
});

describe('comparison cards', () => {
  const bank = testBank();
  const card = (id: string) => bank.cardById.get(id) as Card;

  it('are about both services their id names', () => {
    const all = serviceNamesOf(bank.topics);
    expect([...cardServices(card('lambda-vs-fargate'), all)].sort()).toEqual(['fargate', 'lambda']);
    expect([...cardServices(card('lambda-layers'), all)]).toEqual(['lambda']);
  });

  it('are about the services their id names, whatever their topic', () => {
    const all = serviceNamesOf([...bank.topics, topic('iam', 'IAM for serverless')]);
    const iamCard = { ...card('lambda-layers'), id: 'iam-lambda-execution-role', topic: 'iam' };
    expect([...cardServices(iamCard, all)].sort()).toEqual(['iam', 'lambda']);
  });

  it('have sides without the words both sides say', () => {
    const pools = { ...card('lambda-layers'), id: 'cognito-user-pool-vs-identity-pool', topic: 'cognito' };
    expect(comparisonSides(pools)).toEqual([[stem('user')], [stem('identity')]]);
  });

  it('have sides without the service they share', () => {
    expect(comparisonSides(card('eventbridge-rule-vs-scheduler'))).toEqual([[stem('rule')], [stem('scheduler')]]);
    expect(comparisonSides(card('lambda-vs-fargate'))).toEqual([[stem('lambda')], [stem('fargate')]]);
    expect(comparisonSides(card('lambda-layers'))).toBeUndefined();
  });
});

describe('overviewCardOf', () => {
  it('takes the -overview card, else the first', () => {
    expect(overviewCardOf(topic('eks', 'Amazon EKS', ['ecs-vs-eks', 'eks-overview']))?.id).toBe('eks-overview');
    expect(overviewCardOf(topic('lambda', 'AWS Lambda', ['lambda-limits', 'lambda-layers']))?.id).toBe('lambda-limits');
    expect(overviewCardOf(topic('empty', 'Empty'))).toBeUndefined();
  });
});
