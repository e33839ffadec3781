import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { App, webApi } from '@slack/bolt';
import { buildApp, registerListeners, SLACK_TIMEOUT_MS, type SlackClientTuning } from './app.ts';
import type { Config } from './config.ts';
import type { Bank } from './content/bank.ts';
import { type LoadOptions, loadBank, QUESTIONS_DIR } from './content/load.ts';
import { fts5TextIndex } from './db/fts5-text-index.ts';
import { migrate } from './db/migrate.ts';
import { type Db, openDatabase } from './db/open.ts';
import { sqlitePracticeStore } from './db/sqlite-practice-store.ts';
import { sqliteReplayStore } from './db/sqlite-replay-store.ts';
import { sqliteStores } from './db/sqlite-stores.ts';
import type { createLogger } from './log.ts';
import { LookupIndex } from './lookup/index.ts';
import { watchContent } from './runtime/content-watch.ts';
import { inFlightTracker } from './runtime/in-flight.ts';
import { startScheduler } from './runtime/scheduler.ts';
import { quizChannelSeeder } from './runtime/seed.ts';
import { stopInOrder } from './runtime/shutdown.ts';
import { connectSocketMode } from './runtime/socket-mode.ts';
import { createServer } from './server.ts';
import { AnswerRecorder } from './services/answers.ts';
import { PracticeService } from './services/practice.ts';
import { QuizService } from './services/quiz.ts';
import { memoryReplayStore, type ReplayStore } from './services/replay-store.ts';
import { StandingsService } from './services/standings.ts';
import type { Stores } from './services/stores.ts';
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
  /** The random source of the daily and the practice question choice (tests make it repeatable). */
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
  const db = openStorage(config.databasePath);
  const contentCache = contentCacheFor(config.databasePath);
  const dir = o.questionsDir ?? QUESTIONS_DIR;
  const content = loadContent(dir, contentCache, db);

  const { app, receiver, posting } = buildApp(config, log, o.slackClient);
  const inflight = inFlightTracker();

  const stores = sqliteStores(db);
  const { ctx, quiz, responseUrl } = buildContext(o, {
    db,
    stores,
    app,
    posting,
    now,
    track: inflight.track,
    content: () => content,
  });
  registerListeners(app, ctx, { traceDispatch: config.logLevel === 'debug' });

  let stopping = false;
  const isStopping = () => stopping;
  const server = await frontDoor(config, { isHealthy: stores.isHealthy, receiver, log, isStopping, db });
  const port = server ? (server.address() as AddressInfo).port : config.port;
  const socket = config.appToken ? connectSocketMode(app, log, isStopping) : undefined;
  const scheduler = startScheduler({
    quiz,
    log,
    beforeTick: quizChannelSeeder({ app, config, stores, log, now }),
    isStopping,
    ...(o.tickMs !== undefined ? { tickMs: o.tickMs } : {}),
  });
  const watcher = o.watchContent
    ? watchContent({
        dir,
        load: contentCache,
        current: () => content.bank,
        onChange: (next) => replaceContent(content, next),
        log,
      })
    : undefined;

  log.info('app.started', { mode: config.appToken ? 'socket' : 'http', port, ...contentCounts(content.bank) });

  return {
    port,
    db,
    quiz,
    server,
    tick: scheduler.tick,
    async stop() {
      if (stopping) return;
      stopping = true;
      await stopInOrder({
        stopClocks: () => {
          scheduler.stop();
          watcher?.close();
        },
        server,
        inFlight: () => [scheduler.running() ?? Promise.resolve(), ...inflight.pending()],
        disconnect: async () => socket?.stop(),
        releaseSlack: () => {
          quiz.stop();
          responseUrl.close();
        },
        closeDatabase: () => db.close(),
      });
      log.info('app.stopped', {});
    },
  };
}

const contentCounts = (bank: Bank) => ({ questions: bank.questions.length, cards: bank.cards.length });

interface Content {
  bank: Bank;
  lookup: LookupIndex;
}

/** The validated bank and its lookup index; the database is closed again if either fails. */
function loadContent(dir: string, cache: LoadOptions, db: Db): Content {
  try {
    const bank = loadBank(dir, cache);
    return { bank, lookup: LookupIndex.build(bank, fts5TextIndex) };
  } catch (err) {
    db.close();
    throw err;
  }
}

/** A reloaded bank takes over; the old lookup index is closed. */
function replaceContent(content: Content, next: Bank): void {
  content.lookup = LookupIndex.refresh(content.lookup, next);
  content.bank = next;
}

/** The services the listeners call, over the stores, and the reply channel pinned to Slack. */
function buildContext(
  o: RuntimeOptions,
  w: {
    db: Db;
    stores: Stores;
    app: App;
    posting: webApi.WebClient;
    now: () => Date;
    track: AppContext['track'];
    content: () => Content;
  },
): { ctx: AppContext; quiz: QuizService; responseUrl: ReturnType<typeof responseUrlPoster> } {
  const { config, log } = o;
  const bank = () => w.content().bank;
  const quiz = new QuizService({
    stores: w.stores,
    bank,
    publisher: slackPublisher(w.app.client, w.posting),
    log,
    now: w.now,
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
    answers: new AnswerRecorder(w.stores.answers),
    practice: new PracticeService({
      store: sqlitePracticeStore(w.db),
      bank,
      now: w.now,
      ...(o.random ? { random: o.random } : {}),
    }),
    standings: new StandingsService(w.stores, { timezone: config.quizTimezone, now: w.now }),
    bank,
    lookup: () => w.content().lookup,
    quiz,
    log,
    now: w.now,
    track: w.track,
    respond: responseUrl.post,
  };
  return { ctx, quiz, responseUrl };
}

/** The SQLite file, opened and migrated (closed again if a migration fails). */
function openStorage(file: string): Db {
  const db = openDatabase(file);
  try {
    migrate(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/**
 * The HTTP front door (also in Socket Mode, for /healthz). Several processes on one database share
 * the signatures they admit; one process keeps them in memory.
 */
function frontDoor(
  config: Config,
  w: Pick<Parameters<typeof createServer>[0], 'isHealthy' | 'receiver' | 'log' | 'isStopping'> & { db: Db },
): Promise<http.Server | undefined> {
  if (!w.receiver && !config.appToken) return Promise.resolve(undefined);
  const replays: ReplayStore = config.replayGuard === 'database' ? sqliteReplayStore(w.db) : memoryReplayStore();
  const { db: _db, ...options } = w;
  return listen(config.port, { ...options, signingSecret: config.signingSecret, replays });
}

/** The validated-content cache lives beside the database: the app's own folder, and it outlives restarts. */
function contentCacheFor(databasePath: string): LoadOptions {
  return databasePath === ':memory:'
    ? {}
    : { cacheFile: path.join(path.dirname(path.resolve(databasePath)), 'content-cache.json') };
}

/** The HTTP front door, listening; resolves once the port is bound. */
async function listen(port: number, options: Parameters<typeof createServer>[0]): Promise<http.Server> {
  const server = createServer(options);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve());
  });
  return server;
}
