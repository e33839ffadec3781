/**
 * The words people type for the things the cards are about. Each group is a set of
 * phrases that mean the same for a lookup: a query phrase from a group also searches for
 * the others (at a lower weight than what was typed). Phrases are matched on whole
 * words, plurals folded; they may contain stopwords ("how long"), because groups are
 * matched before stopwords are dropped.
 *
 * Keep a group to one meaning: a broad group ("server", "app") pulls every card. A
 * service name in a group is searched for but does not make the query name the service
 * (a query for "fan out" is not about SNS); other names for a service are in
 * SERVICE_ALIAS_GROUPS.
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  // Limits and duration, the most asked-for facts.
  [
    'timeout',
    'time out',
    'duration',
    'run time',
    'running time',
    'execution time',
    'how long',
    'max duration',
    'maximum duration',
    'time limit',
    '15 minutes',
    '900 seconds',
    'max runtime',
    'maximum runtime',
    'runtime limit',
    'run for',
    'runs for',
    'running for',
    'hour',
    'hours',
  ],
  [
    'limit',
    'quota',
    'max',
    'maximum',
    'how many',
    'how big',
    'how large',
    'service quota',
    'upper bound',
    'biggest',
    'largest',
    'ceiling',
    'hard limit',
    'size limit',
    'size',
  ],
  ['memory', 'ram'],
  ['ephemeral storage', 'tmp', 'disk', 'disk space', 'scratch space'],
  ['payload', 'request size', 'response size', 'message size', 'body size', 'event size'],
  [
    'pricing',
    'price',
    'cost',
    'billing',
    'billed',
    'pay',
    'charge',
    'charged',
    'expensive',
    'cheap',
    'cheaper',
    'free tier',
    'bill',
  ],

  // Abbreviations.
  ['environment variable', 'env var', 'env'],
  ['database', 'db'],
  ['repository', 'repo'],
  ['configuration', 'config'],
  ['authentication', 'authorization', 'auth', 'authn', 'authz'],

  // Services that are not topics, and things said with a service that are not its name:
  // "acu" searches for Aurora but does not name it ("aurora" typed does).
  ['serverless application repository', 'sar', 'serverlessrepo'],
  ['aurora', 'aurora serverless', 'serverless database', 'acu'],
  ['ec2', 'virtual machine', 'vm', 'instance'],
  ['no servers', 'without servers', 'without managing servers', 'no server management', 'serverless compute'],
  ['dockerfile', 'docker file', 'docker build'],
  ['lambda edge', 'cloudfront', 'cloudfront functions', 'cdn'],
  ['tracing', 'trace', 'distributed tracing', 'xray'],
  ['step functions', 'orchestration', 'orchestrate', 'workflow', 'saga'],

  // Features.
  [
    'cold start',
    'snapstart',
    'snap start',
    'provisioned concurrency',
    'warm start',
    'init duration',
    'startup time',
    'startup latency',
    'startup',
    'slow start',
    'first request',
    'first invocation',
    'first time',
  ],
  [
    'concurrency',
    'concurrent',
    'concurrent executions',
    'reserved concurrency',
    'parallel',
    'simultaneous',
    'simultaneously',
    'at once',
    'at the same time',
  ],
  // "every 5 minutes" is matched as "every minute": the parser drops a number after "every".
  [
    'cron',
    'schedule',
    'scheduled',
    'scheduler',
    'scheduling',
    'rate expression',
    'cron expression',
    'cron job',
    'periodic',
    'recurring',
    'timer',
    'every minute',
    'every hour',
    'every day',
    'every night',
    'every week',
    'every month',
    'nightly',
    'daily',
    'hourly',
    'weekly',
  ],
  ['throttling', 'throttle', 'throttled', 'rate limit', 'rate limiting', '429', 'too many requests', 'burst', 'usage plan'],
  ['cache', 'caching', 'cached', 'ttl'],
  ['websocket', 'web socket', 'socket', 'wss'],
  ['real time', 'realtime', 'live updates', 'subscription'],
  ['vpc', 'subnet', 'security group', 'private network', 'eni', 'networking', 'network', 'nat gateway'],
  ['rds proxy', 'connection pooling', 'connection pool', 'database connections', 'db connections', 'too many connections'],
  ['version', 'alias', 'canary', 'traffic shifting', 'weighted alias', 'rollback', 'blue green'],
  ['destination', 'on failure', 'on success', 'dead letter queue', 'dead letter', 'dlq'],
  ['event source mapping', 'esm', 'poller', 'batch size', 'sqs trigger'],
  ['invocation', 'invoke', 'synchronous', 'asynchronous', 'async', 'sync', 'request response'],
  ['layer', 'shared library', 'shared code', 'dependencies'],
  ['on prem', 'on premises', 'on premise', 'onprem', 'hybrid', 'anywhere', 'own servers', 'data center', 'datacenter'],
  ['task role', 'task execution role', 'execution role', 'iam role', 'permissions', 'perms'],
  ['placement', 'placement strategy', 'placement constraint', 'binpack', 'bin packing', 'spread'],
  ['image scanning', 'scan', 'scanning', 'vulnerability', 'cve', 'inspector'],
  ['lifecycle policy', 'lifecycle', 'clean up', 'cleanup', 'old images', 'expire', 'retention'],
  ['endpoint type', 'edge optimized', 'regional endpoint', 'private api', 'private endpoint'],
  ['fan out', 'fanout', 'pub sub', 'pubsub', 'broadcast'],
  [
    'load leveling',
    'load levelling',
    'buffer',
    'backpressure',
    'decouple',
    'traffic spike',
    'spiky traffic',
    'smooth out',
    'absorb spikes',
  ],
  ['image processing', 'thumbnail', 'resize', 'resizing', 'image resize'],
  ['local', 'locally', 'emulate', 'test locally', 'run locally'],
  ['template', 'cloudformation', 'infrastructure as code', 'iac'],
  ['sampling', 'sample rate', 'reservoir'],
  ['annotation', 'metadata', 'filter expression'],
  ['resolver', 'vtl', 'mapping template', 'appsync js'],
];

/**
 * Other names for one service: each phrase of a group names that service (at half the
 * weight of its own name, see score.ts) and searches for the others. Only what is the
 * service belongs here; a feature that is mostly used with a service ("fan out" with SNS,
 * "queue" with SQS, "tracing" with X-Ray) goes in SYNONYM_GROUPS, where a service name may
 * be a member (it is searched for) but does not make the query name the service.
 */
export const SERVICE_ALIAS_GROUPS: readonly (readonly string[])[] = [
  ['kubernetes', 'k8s', 'kube', 'eks', 'elastic kubernetes service'],
  ['ecs', 'elastic container service'],
  [
    'ecr',
    'container registry',
    'docker registry',
    'image registry',
    'elastic container registry',
    'registry',
    'image repository',
  ],
  ['eventbridge', 'event bridge', 'cloudwatch events', 'event bus'],
  ['api gateway', 'apigateway', 'apigw', 'api gw'],
  ['app runner', 'apprunner'],
  ['appsync', 'app sync', 'graphql'],
  ['xray', 'x ray'],
  ['sam', 'serverless application model'],
  ['container', 'docker'],
  ['step functions', 'stepfunctions', 'state machine'],
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
  'aks',
  'gke',
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
  // "step-functions", "s3-events", "kms-secrets": a function, an event or a secret is not the service.
  'function',
  'functions',
  'event',
  'events',
  'secret',
  'secrets',
  'step',
  'steps',
  'v1',
  'v2',
  'and',
  'the',
  'for',
]);
