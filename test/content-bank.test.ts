import { describe, expect, it } from 'vitest';
import { loadBank } from '../src/content/load.ts';
import { DOC_HOSTS } from '../src/content/schema.ts';
import { summarize } from '../src/content/summary.ts';

const bank = loadBank();

const REQUIRED_TOPICS = [
  'lambda',
  'containers',
  'ecr',
  'ecs',
  'eks',
  'fargate',
  'app-runner',
  'eventbridge',
  'api-gateway',
  'sam',
  'aurora-serverless',
  'xray',
  'appsync',
  'patterns',
];

/** The serverless toolbox around Lambda that the DVA-C02 and SAA-C03 exams test with it. */
const TOOLBOX_TOPICS = [
  'dynamodb',
  'sqs',
  'sns',
  'step-functions',
  's3-events',
  'kinesis',
  'iam',
  'cognito',
  'kms-secrets',
  'cloudwatch',
  'cloudformation-cdk',
  'codedeploy',
];

const COMPARISONS = [
  'lambda-vs-fargate',
  'ecs-vs-eks',
  'ec2-vs-fargate',
  'rest-vs-http-api',
  'eventbridge-rule-vs-scheduler',
  'app-runner-vs-fargate',
];

describe('the question bank', () => {
  it('has at least 500 questions and 150 cards', () => {
    expect(bank.questions.length).toBeGreaterThanOrEqual(500);
    expect(bank.cards.length).toBeGreaterThanOrEqual(150);
  });

  it.each(TOOLBOX_TOPICS)('covers %s with at least 15 questions', (topic) => {
    expect(bank.topics.find((x) => x.topic === topic)?.questions.length ?? 0).toBeGreaterThanOrEqual(15);
  });

  it('weighs security as the exams do (a quarter at least), with designs, choose-two questions and a why for every wrong choice', () => {
    const s = summarize(bank);
    expect(s.security / s.questions, 'security share').toBeGreaterThanOrEqual(0.25);
    expect(s.design / s.questions, 'difficulty 3 share').toBeGreaterThanOrEqual(0.15);
    expect(s.multipleResponse / s.questions, 'choose-two share').toBeGreaterThanOrEqual(0.08);
    for (const q of bank.questions) {
      const wrong = q.choices.map((c) => c.key).filter((k) => !q.answer.split(',').includes(k));
      expect(Object.keys(q.why ?? {}).sort(), q.id).toEqual(wrong);
      expect(q.exams?.length ?? 0, q.id).toBeGreaterThan(0);
    }
  });

  it('gives every topic an "X vs Y" comparison card', () => {
    for (const t of bank.topics)
      expect(
        t.cards.some((c) => /\bvs\.?\b/i.test(c.title)),
        t.topic,
      ).toBe(true);
  });

  it.each(REQUIRED_TOPICS)('covers %s with at least 8 questions', (topic) => {
    const t = bank.topics.find((x) => x.topic === topic);
    expect(t, `questions/${topic}.yml`).toBeDefined();
    expect(t?.questions.length).toBeGreaterThanOrEqual(8);
  });

  it('has the comparison cards people ask for', () => {
    for (const id of COMPARISONS) expect(bank.cardById.has(id), id).toBe(true);
  });

  it('has a limits card for each service with limits', () => {
    for (const id of [
      'lambda-limits',
      'fargate-limits',
      'ecr-limits',
      'ecs-limits',
      'eventbridge-limits',
      'api-gateway-limits',
      'appsync-limits',
      'xray-limits',
    ]) {
      expect(bank.cardById.has(id), id).toBe(true);
    }
  });

  it('makes at least a third of the questions scenarios (difficulty 2 or 3)', () => {
    const scenarios = bank.questions.filter((q) => q.difficulty >= 2).length;
    expect(scenarios / bank.questions.length).toBeGreaterThanOrEqual(1 / 3);
  });

  it('spreads the correct answers: no letter holds more than 35%', () => {
    const counts = new Map<string, number>();
    for (const q of bank.questions) counts.set(q.answer, (counts.get(q.answer) ?? 0) + 1);
    for (const [letter, n] of counts) expect(n / bank.questions.length, `letter ${letter}`).toBeLessThanOrEqual(0.35);
  });

  it('opens every topic with a single-answer question: a topic starts simple', () => {
    for (const t of bank.topics) expect(t.questions[0]?.answer, t.topic).toMatch(/^[a-e]$/);
  });

  it('uses ids that are unique across files', () => {
    const ids = [...bank.questions.map((q) => q.id), ...bank.cards.map((c) => c.id)];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives every question an answer that names one of 2 to 5 distinct choices', () => {
    for (const q of bank.questions) {
      expect(q.choices.length, q.id).toBeGreaterThanOrEqual(2);
      expect(q.choices.length, q.id).toBeLessThanOrEqual(5);
      expect(new Set(q.choices.map((c) => c.text.toLowerCase())).size, q.id).toBe(q.choices.length);
      const keys = q.answer.split(',');
      for (const key of keys)
        expect(
          q.choices.map((c) => c.key),
          q.id,
        ).toContain(key);
      // A "choose two" question leaves at least one choice wrong.
      expect(keys.length, q.id).toBeLessThan(q.choices.length);
    }
  });

  it('cites an https AWS documentation page for every question and card', () => {
    for (const item of [...bank.questions, ...bank.cards]) {
      const url = new URL(item.source);
      expect(url.protocol, item.id).toBe('https:');
      expect(DOC_HOSTS, item.id).toContain(url.hostname);
    }
  });

  it('includes all 25 questions of the chapter quiz in the notes', () => {
    const origins = bank.questions.map((q) => q.origin).filter(Boolean);
    const expected = Array.from({ length: 25 }, (_, i) => `notes-q${String(i + 1).padStart(2, '0')}`);
    expect([...new Set(origins)].sort()).toEqual(expected);
  });
});

describe('facts the docs settle', () => {
  const limits = bank.cardById.get('lambda-limits')?.body ?? '';

  it('states the Lambda limits card key numbers', () => {
    expect(limits).toContain('15 minutes (900 seconds)');
    expect(limits).toMatch(/128 MB/);
    expect(limits).toMatch(/10,240 MB/);
    expect(limits).toMatch(/\/tmp[^\n]*512 MB[^\n]*10,240 MB|\/tmp[^\n]*10,240 MB/);
    expect(limits).toMatch(/4 KB/);
    expect(limits).toMatch(/50 MB/);
    expect(limits).toMatch(/250 MB/);
    expect(limits).toMatch(/10 GB/);
  });

  it("teaches today's invocation payload limits (6 MB sync, 1 MB async), not the old 256 KB / 128 KB", () => {
    expect(limits).toMatch(/6 MB/);
    expect(limits).toMatch(/1 MB/);
    expect(limits).not.toMatch(/128 KB|256 KB/);
  });

  it('answers the zipped-upload question with 50 MB, not 3 MB', () => {
    const q = bank.questions.find((x) => x.origin === 'notes-q20');
    const answer = q?.choices.find((c) => c.key === q.answer)?.text ?? '';
    expect(answer).toMatch(/50 MB/);
  });

  it('does not teach SnapStart as Java-only', () => {
    const card = bank.cardById.get('lambda-snapstart')?.body ?? '';
    expect(card).toMatch(/Python/);
    expect(card).toMatch(/\.NET/);
  });

  it('teaches that Fargate runs Windows containers too', () => {
    const text = [...(bank.topics.find((t) => t.topic === 'fargate')?.cards ?? [])].map((c) => c.body).join('\n');
    expect(text).toMatch(/Windows/);
  });

  it('teaches Aurora Serverless v2 scaling to 256 ACU', () => {
    expect(bank.cardById.get('aurora-serverless-v2')?.body ?? '').toMatch(/256 ACU/);
  });

  it('tells that App Runner is closed to new customers', () => {
    expect(bank.cardById.get('app-runner-overview')?.body ?? '').toMatch(/April 30, 2026|30 April 2026/);
  });

  it('recommends EventBridge Scheduler for schedules', () => {
    expect(bank.cardById.get('eventbridge-rule-vs-scheduler')?.body ?? '').toMatch(/Scheduler/);
  });
});
