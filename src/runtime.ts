import fs from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { buildApp, registerListeners, SLACK_TIMEOUT_MS, type SlackClientTuning } from './app.ts';
import type { Config } from './config.ts';
import type { Bank } from './content/bank.ts';
import { loadBank, QUESTIONS_DIR } from './content/load.ts';
import { migrate } from './db/migrate.ts';
import { type Db, openDatabase } from './db/open.ts';
import { sqliteStores } from './db/sqlite-stores.ts';
import { errorCode } from './errors.ts';
import type { createLogger } from './log.ts';
import { LookupIndex } from './lookup/index.ts';
import { createServer } from './server.ts';
import { AnswerRecorder } from './services/answers.ts';
import { QuizService } from './services/quiz.ts';
import { StandingsService } from './services/standings.ts';
import type { AppContext } from './slack/context.ts';
import { slackPublisher } from './slack/publisher.ts';
import { originOf, responseUrlPoster } from './slack/response-url.ts';

export interface RuntimeOptions {
  config: Config;
  log: ReturnType<typeof createLogger>;
  now?: () => Date;
  questionsDir?: string;
  /** How often the scheduler looks for due work; 0 turns the timer off (tests call tick()). */
  tickMs?: number;
  /** Reload questions/*.yml when they change. */
  watchContent?: boolean;
  countUpdateMs?: number;
  /** Web API timeout and retries (tests shorten them). */
  slackClient?: SlackClientTuning;
  /** The question choice's random source (tests make it repeatable). */
  random?: () => number;
}

export interface Runtime {
  port: number;
  db: Db;
  quiz: QuizService;
  server?: http.Server;
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/** config -> db -> content -> app -> server -> scheduler, and the way back down on stop(). */
export async function startRuntime(o: RuntimeOptions): Promise<Runtime> {
  const { config, log } = o;
  const now = o.now ?? (() => new Date());
  const db = openDatabase(config.databasePath);
  try {
    migrate(db);
  } catch (err) {
    db.close();
    throw err;
  }

  // Beside the database: the app's own folder, and it outlives restarts.
  const contentCache =
    config.databasePath === ':memory:'
      ? {}
      : { cacheFile: path.join(path.dirname(path.resolve(config.databasePath)), 'content-cache.json') };
  let bank: Bank;
  let lookup: LookupIndex;
  try {
    bank = loadBank(o.questionsDir ?? QUESTIONS_DIR, contentCache);
    lookup = LookupIndex.build(bank);
  } catch (err) {
    db.close();
    throw err;
  }

  const { app, receiver } = buildApp(config, log, o.slackClient);
  const inflight = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    inflight.add(work);
    const done = () => inflight.delete(work);
    work.then(done, done);
    return work;
  };

  const stores = sqliteStores(db);
  const quiz = new QuizService({
    stores,
    bank: () => bank,
    publisher: slackPublisher(app.client),
    log,
    now,
    revealAfterHours: config.revealAfterHours,
    countUpdateMs: o.countUpdateMs,
    ...(o.random ? { random: o.random } : {}),
  });
  const responseUrl = responseUrlPoster({
    timeoutMs: o.slackClient?.timeoutMs ?? SLACK_TIMEOUT_MS,
    extraOrigins: originOf(config.slackApiUrl),
    onRefused: (where) => log.warn('response_url.refused', where),
  });
  const ctx: AppContext = {
    config,
    answers: new AnswerRecorder(stores.answers),
    standings: new StandingsService(stores, { timezone: config.quizTimezone, now }),
    bank: () => bank,
    lookup: () => lookup,
    quiz,
    log,
    now,
    track,
    respond: responseUrl.post,
  };
  registerListeners(app, ctx);

  let stopping = false;
  let server: http.Server | undefined;
  let port = config.port;
  if (receiver || config.appToken) {
    server = createServer({
      isHealthy: stores.isHealthy,
      receiver,
      signingSecret: config.signingSecret,
      log,
      isStopping: () => stopping,
    });
    await new Promise<void>((resolve, reject) => {
      server?.once('error', reject);
      server?.listen(config.port, () => resolve());
    });
    port = (server.address() as AddressInfo).port;
  }
  // Socket Mode: a Slack that cannot be reached at start must not stop /healthz or a clean SIGTERM;
  // keep trying in the background with backoff.
  let socketRetry: NodeJS.Timeout | undefined;
  const connectSocket = (attempt: number) => {
    app.start().then(
      () => log.info('socket.connected', {}),
      (err: unknown) => {
        if (stopping) return;
        const retryInMs = Math.min(60_000, 1000 * 2 ** attempt);
        log.error('socket.connect_failed', { error: errorCode(err), retryInMs });
        socketRetry = setTimeout(() => connectSocket(attempt + 1), retryInMs);
        socketRetry.unref();
      },
    );
  };
  if (config.appToken) connectSocket(0);

  // QUIZ_CHANNEL needs the workspace id, which only Slack knows; ask once it answers.
  let seeded = !config.quizChannel;
  const seed = async () => {
    if (seeded || !config.quizChannel) return;
    try {
      const auth = await app.client.auth.test();
      if (!auth.team_id) throw new Error('auth.test returned no team_id');
      const created = await stores.channels.seed(
        { teamId: auth.team_id, channelId: config.quizChannel, schedule: config.quizSchedule, timezone: config.quizTimezone },
        now(),
      );
      seeded = true;
      if (created) log.info('quiz.channel_seeded', { team: auth.team_id, channel: config.quizChannel });
    } catch (err) {
      log.warn('quiz.seed_failed', { channel: config.quizChannel, error: errorCode(err) });
    }
  };

  let ticking: Promise<void> | undefined;
  const tick = async () => {
    if (stopping) return;
    if (ticking) return ticking;
    ticking = (async () => {
      await seed();
      await quiz.tick();
    })()
      .catch((err: unknown) => log.error('quiz.tick_failed', { error: errorCode(err) }))
      .finally(() => {
        ticking = undefined;
      });
    return ticking;
  };
  const tickMs = o.tickMs ?? 15_000;
  const timer = tickMs > 0 ? setInterval(() => void tick(), tickMs) : undefined;
  if (tickMs > 0) void tick();

  let watcher: fs.FSWatcher | undefined;
  if (o.watchContent) {
    let reload: NodeJS.Timeout | undefined;
    try {
      watcher = fs.watch(o.questionsDir ?? QUESTIONS_DIR, () => {
        clearTimeout(reload);
        reload = setTimeout(() => {
          try {
            const next = loadBank(o.questionsDir ?? QUESTIONS_DIR, contentCache);
            if (next.hash === bank.hash) return;
            lookup = LookupIndex.refresh(lookup, next); // closes the old index
            bank = next;
            log.info('content.reloaded', { questions: next.questions.length, cards: next.cards.length });
          } catch (err) {
            log.error('content.reload_refused', { error: (err as Error).message });
          }
        }, 300);
      });
    } catch (err) {
      log.warn('content.watch_unavailable', { error: errorCode(err) });
    }
  }

  log.info('app.started', {
    mode: config.appToken ? 'socket' : 'http',
    port,
    questions: bank.questions.length,
    cards: bank.cards.length,
  });

  return {
    port,
    db,
    quiz,
    server,
    tick,
    async stop() {
      if (stopping) return;
      stopping = true;
      if (timer) clearInterval(timer);
      watcher?.close();
      const closed = server ? new Promise<void>((resolve) => server?.close(() => resolve())) : Promise.resolve();
      server?.closeIdleConnections();
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, 1500).unref());
      await Promise.race([Promise.allSettled([closed, ticking, ...inflight]), deadline]);
      server?.closeAllConnections();
      clearTimeout(socketRetry);
      if (config.appToken) await app.stop().catch(() => {});
      quiz.stop();
      responseUrl.close();
      db.close();
      log.info('app.stopped', {});
    },
  };
}
