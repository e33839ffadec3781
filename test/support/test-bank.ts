/**
 * A small bank for the lookup's unit tests: a few topics shaped like the real ones
 * (an overview, a limits card, a comparison card living in the other service's file).
 */
import { type Bank, type Card, makeBank, type Topic } from '../../src/content/bank.ts';

const DOCS = 'https://docs.aws.amazon.com/';

function card(topic: string, id: string, title: string, keywords: string[], body: string): Card {
  return { id, topic, title, keywords, body, source: DOCS };
}

function topic(name: string, title: string, cards: Card[]): Topic {
  return { topic: name, title, file: `${name}.yml`, cards, questions: [] };
}

export function testBank(): Bank {
  return makeBank(
    [
      topic('lambda', 'AWS Lambda', [
        card(
          'lambda',
          'lambda-limits',
          'Lambda limits and quotas',
          ['quotas', 'timeout', 'memory', 'payload', 'tmp'],
          '• Timeout: up to 15 minutes (900 seconds) per invocation.\n• Memory: 128 MB to 10,240 MB.\n• Payload: 6 MB synchronous.',
        ),
        card(
          'lambda',
          'lambda-snapstart',
          'Lambda SnapStart',
          ['snapstart', 'cold start', 'java', 'snapshot'],
          'SnapStart cuts *cold start* latency by resuming a snapshot of the initialised function. Java, Python and .NET.',
        ),
        card(
          'lambda',
          'lambda-concurrency',
          'Lambda concurrency (reserved vs provisioned)',
          ['reserved concurrency', 'provisioned concurrency', 'throttling', 'scaling'],
          'Reserved concurrency caps a function; provisioned concurrency keeps environments warm. See <https://docs.aws.amazon.com/lambda/|the docs>.',
        ),
        card(
          'lambda',
          'lambda-layers',
          'Lambda layers',
          ['layers', 'dependencies', 'shared code'],
          'A layer is a .zip archive with libraries that several functions share, mounted at /opt.',
        ),
      ]),
      topic('eks', 'Amazon EKS', [
        card(
          'eks',
          'eks-overview',
          'Amazon EKS overview (managed Kubernetes)',
          ['eks', 'kubernetes', 'control plane'],
          'EKS runs the Kubernetes control plane for you; you bring nodes or Fargate.',
        ),
        card(
          'eks',
          'ecs-vs-eks',
          'ECS vs EKS',
          ['ecs', 'eks', 'kubernetes', 'compare'],
          'ECS is the simpler AWS-native orchestrator; EKS is Kubernetes, portable and more work.',
        ),
      ]),
      topic('ecs', 'Amazon ECS', [
        card(
          'ecs',
          'ecs-overview',
          'Amazon ECS overview',
          ['ecs', 'cluster', 'task definition', 'service'],
          'A cluster runs tasks from task definitions; a service keeps a number of tasks running.',
        ),
        card(
          'ecs',
          'ecs-limits',
          'Amazon ECS limits and quotas',
          ['quotas', 'max', 'services per cluster'],
          'Up to 5,000 services per cluster and 10 containers per task definition.',
        ),
      ]),
      topic('fargate', 'AWS Fargate', [
        card(
          'fargate',
          'fargate-overview',
          'AWS Fargate overview',
          ['fargate', 'serverless containers'],
          'Fargate runs containers without servers for ECS and EKS.',
        ),
        card(
          'fargate',
          'fargate-limits',
          'Fargate limits: task CPU and memory',
          ['quotas', 'vcpu', 'memory', 'ephemeral storage'],
          'Up to 16 vCPU and 120 GB memory per task; 200 GiB ephemeral storage.',
        ),
        card(
          'fargate',
          'lambda-vs-fargate',
          'Lambda vs Fargate',
          ['lambda', 'fargate', 'compare', 'long running'],
          'Lambda for short event-driven work up to 15 minutes; Fargate for long-running containers.',
        ),
      ]),
      topic('eventbridge', 'Amazon EventBridge', [
        card(
          'eventbridge',
          'eventbridge-overview',
          'Amazon EventBridge overview',
          ['eventbridge', 'event bus', 'rule', 'target'],
          'Events arrive on a bus; rules match them and send them to targets.',
        ),
        card(
          'eventbridge',
          'eventbridge-scheduler',
          'EventBridge Scheduler',
          ['scheduler', 'cron', 'rate', 'one-time', 'time zone'],
          'Scheduler runs one-time and recurring schedules (cron and rate) in a time zone.',
        ),
        card(
          'eventbridge',
          'eventbridge-rule-vs-scheduler',
          'EventBridge rule vs EventBridge Scheduler',
          ['rule', 'scheduler', 'compare'],
          'Prefer Scheduler for schedules: time zones, one-time schedules, higher quotas.',
        ),
      ]),
    ],
    'test-bank',
  );
}
