import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { SlackClientTuning } from '../../src/app.ts';
import { type Config, loadConfig, secretsOf } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { type Runtime, startRuntime } from '../../src/runtime.ts';
import { FakeSlack } from './fake-slack.ts';
import { freshPostgresUrl, onPostgres } from './postgres.ts';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from './slack-requests.ts';

export function tempDbPath(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-test-'));
  return path.join(dir, 'tutor.db');
}

// With TEST_DATABASE=postgres every harness runs on a PostgreSQL database of its own; a harness
// started again on the same dbPath (a restart) finds the same database.
const postgresFor = new Map<string, Promise<string>>();

function postgresUrlFor(dbPath: string): Promise<string> {
  let url = postgresFor.get(dbPath);
  if (!url) {
    url = freshPostgresUrl('e2e');
    postgresFor.set(dbPath, url);
  }
  return url;
}

export interface Harness {
  slack: FakeSlack;
  runtime: Runtime;
  url: string;
  config: Config;
  logs: string[];
  clock: { now: Date };
  stop(): Promise<void>;
}

/** Starts the app on an ephemeral port against a fake Slack, with a temporary database. */
export async function startHarness(
  o: {
    env?: Record<string, string>;
    dbPath?: string;
    slack?: FakeSlack;
    now?: Date;
    countUpdateMs?: number;
    /** Shorter Web API timeouts and retry waits, so fault tests need not wait Slack-sized seconds. */
    slackClient?: SlackClientTuning;
    /** A questions folder of the test's own, instead of the real bank. */
    questionsDir?: string;
    /** The SQLite file at dbPath even under TEST_DATABASE=postgres (a test of that file itself). */
    sqlite?: boolean;
  } = {},
): Promise<Harness> {
  const slack = o.slack ?? new FakeSlack();
  const apiUrl = slack.url ? `${slack.url}api/` : await slack.start();
  const dbPath = o.dbPath ?? tempDbPath();
  const backend = onPostgres() && !o.sqlite && !o.env?.DATABASE_URL ? { DATABASE_URL: await postgresUrlFor(dbPath) } : {};
  const config = loadConfig({
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: apiUrl,
    PORT: '0',
    DATABASE_PATH: dbPath,
    ADMIN_USER_IDS: 'U0ADMIN',
    LOG_LEVEL: 'debug',
    ...backend,
    ...o.env,
  });
  const logs: string[] = [];
  // The same secrets main.ts hands its logger, so log tests check what production redacts.
  const log = createLogger({ level: 'debug', secrets: secretsOf(config), write: (l) => logs.push(l) });
  const clock = { now: o.now ?? new Date() };
  const runtime = await startRuntime({
    config,
    log,
    now: () => clock.now,
    tickMs: 0,
    countUpdateMs: o.countUpdateMs ?? 200,
    slackClient: o.slackClient,
    ...(o.questionsDir ? { questionsDir: o.questionsDir } : {}),
    // Repeatable choice: each topic's first question, topics in file order (all single-answer,
    // content-bank.test.ts checks), so tests click letter buttons. choose-two.test.ts covers the rest.
    random: () => 0,
  });
  return {
    slack,
    runtime,
    url: `http://127.0.0.1:${runtime.port}`,
    config,
    logs,
    clock,
    async stop() {
      await runtime.stop();
      if (!o.slack) await slack.stop();
    },
  };
}

/** A `start` for a test file: every harness it starts is stopped after each test. */
export function harnessPerTest(): (o?: Parameters<typeof startHarness>[0]) => Promise<Harness> {
  const running: Harness[] = [];
  afterEach(async () => {
    while (running.length) await running.pop()?.stop();
  });
  return async (o = {}) => {
    const h = await startHarness(o);
    running.push(h);
    return h;
  };
}
