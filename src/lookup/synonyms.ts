/**
 * The words people type for the things the cards are about. Each group is a set of
 * phrases that mean the same for a lookup: a query phrase from a group also searches for
 * the others (at a lower weight than what was typed). Phrases are matched on whole
 * words, plurals folded; they may contain stopwords ("how long"), because groups are
 * matched before stopwords are dropped.
 *
 * Keep a group to one meaning: a broad group ("server", "app") pulls every card.
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  // Limits and duration, the most asked-for facts.
  ['timeout', 'time out', 'duration', 'run time', 'running time', 'execution time', 'how long', 'max duration', 'maximum duration', 'time limit', '15 minutes', '900 seconds'],
  ['limit', 'quota', 'max', 'maximum', 'how many', 'how big', 'how large', 'service quota', 'upper bound', 'biggest', 'largest', 'ceiling', 'hard limit', 'size limit'],
  ['memory', 'ram'],
  ['ephemeral storage', 'tmp', 'disk', 'disk space', 'scratch space'],
  ['payload', 'request size', 'response size', 'message size', 'body size', 'event size'],
  ['pricing', 'price', 'cost', 'billing', 'billed', 'pay', 'charge', 'charged', 'expensive', 'cheap', 'cheaper', 'free tier', 'bill'],

  // Service names and what people call them.
  ['kubernetes', 'k8s', 'kube', 'eks', 'elastic kubernetes service'],
  ['ecs', 'elastic container service'],
  ['ecr', 'container registry', 'docker registry', 'image registry', 'elastic container registry', 'registry', 'image repository'],
  ['eventbridge', 'event bridge', 'cloudwatch events', 'event bus'],
  ['api gateway', 'apigateway', 'apigw', 'api gw'],
  ['app runner', 'apprunner'],
  ['appsync', 'app sync', 'graphql'],
  ['xray', 'x ray', 'tracing', 'trace', 'distributed tracing'],
  ['sam', 'serverless application model'],
  ['serverless application repository', 'sar', 'serverlessrepo'],
  ['aurora', 'aurora serverless', 'serverless database', 'acu'],
  ['ec2', 'virtual machine', 'vm', 'instance'],
  ['container', 'docker'],
  ['dockerfile', 'docker file', 'docker build'],
  ['lambda edge', 'cloudfront', 'cloudfront functions', 'cdn'],
  ['step functions', 'stepfunctions', 'state machine', 'orchestration', 'orchestrate', 'workflow', 'saga'],

  // Features.
  ['cold start', 'snapstart', 'snap start', 'provisioned concurrency', 'warm start', 'init duration', 'startup time', 'startup latency'],
  ['concurrency', 'concurrent', 'concurrent executions', 'reserved concurrency', 'parallel', 'simultaneous', 'simultaneously', 'at once', 'at the same time'],
  // "every 5 minutes" is matched as "every minute": the parser drops a number after "every".
  ['cron', 'schedule', 'scheduled', 'scheduler', 'scheduling', 'rate expression', 'cron expression', 'cron job', 'periodic', 'recurring', 'timer',
    'every minute', 'every hour', 'every day', 'every night', 'every week', 'every month', 'nightly', 'daily', 'hourly', 'weekly'],
  ['throttling', 'throttle', 'throttled', 'rate limit', 'rate limiting', '429', 'too many requests', 'burst', 'usage plan'],
  ['cache', 'caching', 'cached', 'ttl'],
  ['websocket', 'web socket', 'socket', 'wss'],
  ['real time', 'realtime', 'live updates', 'subscription'],
  ['vpc', 'subnet', 'security group', 'private network', 'eni', 'networking', 'network', 'nat gateway'],
  ['rds proxy', 'connection pooling', 'connection pool', 'database connections', 'db connections', 'too many connections'],
  ['version', 'alias', 'canary', 'traffic shifting', 'weighted alias', 'rollback', 'blue green'],
  ['destination', 'on failure', 'on success', 'dead letter queue', 'dead letter', 'dlq'],
  ['event source mapping', 'esm', 'poller', 'batch size', 'kinesis', 'dynamodb streams', 'sqs trigger'],
  ['invocation', 'invoke', 'synchronous', 'asynchronous', 'async', 'sync', 'request response'],
  ['layer', 'shared library', 'shared code', 'dependencies'],
  ['on prem', 'on premises', 'on premise', 'onprem', 'hybrid', 'anywhere', 'own servers', 'data center', 'datacenter'],
  ['task role', 'task execution role', 'execution role', 'iam role', 'permissions'],
  ['placement', 'placement strategy', 'placement constraint', 'binpack', 'bin packing', 'spread'],
  ['image scanning', 'scan', 'scanning', 'vulnerability', 'cve', 'inspector'],
  ['lifecycle policy', 'lifecycle', 'clean up', 'cleanup', 'old images', 'expire', 'retention'],
  ['endpoint type', 'edge optimized', 'regional endpoint', 'private api', 'private endpoint'],
  ['fan out', 'fanout', 'sns', 'pub sub', 'pubsub', 'broadcast'],
  ['queue', 'sqs', 'buffer', 'load leveling', 'load levelling', 'backpressure', 'decouple', 'traffic spike', 'spiky traffic', 'smooth out', 'absorb spikes'],
  ['image processing', 'thumbnail', 'resize', 'resizing', 'image resize'],
  ['local', 'locally', 'emulate', 'test locally', 'run locally'],
  ['template', 'cloudformation', 'infrastructure as code', 'iac'],
  ['sampling', 'sample rate', 'reservoir'],
  ['annotation', 'metadata', 'filter expression'],
  ['resolver', 'vtl', 'mapping template', 'appsync js'],
];

/**
 * Other clouds' products. A query naming one and no AWS service is out of scope, even
 * when its other words ("functions pricing") would match a card.
 */
export const OTHER_PLATFORMS: readonly string[] = [
  'azure',
  'gcp',
  'google cloud',
  'cloud run',
  'cloud functions',
  'cloudflare',
  'heroku',
  'vercel',
  'netlify',
  'firebase',
  'digitalocean',
  'digital ocean',
  'oracle cloud',
  'ibm cloud',
  'alibaba',
];

/**
 * Words that make a topic's name but do not name it alone ("api" in "api-gateway",
 * "app" in "app-runner").
 */
export const GENERIC_NAME_WORDS: ReadonlySet<string> = new Set([
  'aws',
  'amazon',
  'api',
  'app',
  'apps',
  'serverless',
  'service',
  'services',
  'pattern',
  'patterns',
  'v1',
  'v2',
  'and',
  'the',
  'for',
]);
