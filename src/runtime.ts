import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { App, webApi } from '@slack/bolt';
import { buildApp, registerListeners, SLACK_TIMEOUT_MS, type SlackClientTuning } from './app.ts';
import type { Config } from './config.ts';
import type { Bank } from './content/bank.ts';
import { type LoadOptions, loadBank, QUESTIONS_DIR } from './content/load.ts';
import { fts5TextIndex } from './db/fts5-text-index.ts';
import type { Db } from './db/open.ts';
import type { createLogger } from './log.ts';
import { LookupIndex } from './lookup/index.ts';
import { watchContent } from './runtime/content-watch.ts';
import { inFlightTracker } from './runtime/in-flight.ts';
import { startScheduler } from './runtime/scheduler.ts';
import { quizChannelSeeder } from './runtime/seed.ts';
import { stopInOrder } from './runtime/shutdown.ts';
import { connectSocketMode } from './runtime/socket-mode.ts';
import { openStorage, type Storage, type StorageKit } from './runtime/storage.ts';
import { createServer } from './server.ts';
import { AnswerRecorder } from './services/answers.ts';
import { InstallationService } from './services/installations.ts';
import { PracticeService } from './services/practice.ts';
import { PracticeNudges } from './services/practice-nudges.ts';
import { PracticeSettingsService } from './services/practice-settings.ts';
import { QuizService } from './services/quiz.ts';
import { RecapService } from './services/recap.ts';
import { memoryReplayStore, type ReplayStore } from './services/replay-store.ts';
import { ReportService } from './services/reports.ts';
import { StandingsService } from './services/standings.ts';
import { StatsService } from './services/stats.ts';
import { slackAlerts } from './slack/admin-alerts.ts';
import type { AppContext } from './slack/context.ts';
import { slackNudgeSender } from './slack/practice-dm.ts';
import { slackPublisher, type TokenFor } from './slack/publisher.ts';
import { slackRecapPublisher } from './slack/recap-publisher.ts';
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
  /** What the app stores on: SQLite (DATABASE_PATH) or PostgreSQL (DATABASE_URL). */
  storage: Storage;
  /** The SQLite connection; on PostgreSQL reading it throws (use storage). */
  readonly db: Db;
  quiz: QuizService;
  server?: http.Server;
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/** config -> db -> content -> app -> server -> scheduler, and the way back down on stop(). */
export async function startRuntime(o: RuntimeOptions): Promise<Runtime> {
  const { config, log } = o;
  const now = o.now ?? (() => new Date());
  const storage = await openStorage(config);
  const contentCache = contentCacheFor(config.databasePath);
  const dir = o.questionsDir ?? QUESTIONS_DIR;
  const content = await loadContent(dir, contentCache, storage);

  const { stores } = storage;
  const installations = installationsFor(config, { storage, log, now });
  const { app, receiver, posting } = buildApp(config, log, o.slackClient, installations);
  const inflight = inFlightTracker();

  const { ctx, quiz, recap, nudges, responseUrl } = buildContext(o, {
    storage,
    installations,
    app,
    posting,
    now,
    track: inflight.track,
    content: () => content,
  });
  registerListeners(app, ctx, { traceDispatch: config.logLevel === 'debug' });

  let stopping = false;
  const isStopping = () => stopping;
  const server = await frontDoor(config, {
    isHealthy: stores.isHealthy,
    receiver,
    servesInstall: Boolean(installations),
    log,
    isStopping,
    storage,
  });
  const port = server ? (server.address() as AddressInfo).port : config.port;
  const socket = config.appToken ? connectSocketMode(app, log, isStopping) : undefined;
  const scheduler = startScheduler({
    quiz,
    recap,
    nudges,
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
    storage,
    get db(): Db {
      return sqliteDb(storage);
    },
    quiz,
    server,
    tick: scheduler.tick,
    async stop() {
      if (stopping) return;
      stopping = true;
      await stopAll({ scheduler, watcher, server, inflight, socket, quiz, responseUrl, storage });
      log.info('app.stopped', {});
    },
  };
}

/** The way back down (runtime/shutdown.ts says why in this order). */
function stopAll(r: {
  scheduler: ReturnType<typeof startScheduler>;
  watcher: { close(): void } | undefined;
  server: http.Server | undefined;
  inflight: ReturnType<typeof inFlightTracker>;
  socket: { stop(): Promise<unknown> } | undefined;
  quiz: QuizService;
  responseUrl: ReturnType<typeof responseUrlPoster>;
  storage: Storage;
}): Promise<void> {
  return stopInOrder({
    stopClocks: () => {
      r.scheduler.stop();
      r.watcher?.close();
    },
    server: r.server,
    inFlight: () => [r.scheduler.running() ?? Promise.resolve(), ...r.inflight.pending()],
    disconnect: async () => {
      await r.socket?.stop();
    },
    releaseSlack: () => {
      r.quiz.stop();
      r.responseUrl.close();
    },
    closeDatabase: () => r.storage.close(),
  });
}

/** The SQLite connection of a runtime on SQLite; on PostgreSQL there is none. */
function sqliteDb(storage: Storage): Db {
  if (storage.kind !== 'sqlite')
    throw new Error('runtime.db is the SQLite connection; this runtime is on PostgreSQL (read runtime.storage)');
  return storage.db;
}

const contentCounts = (bank: Bank) => ({ questions: bank.questions.length, cards: bank.cards.length });

interface Content {
  bank: Bank;
  lookup: LookupIndex;
}

/** The validated bank and its lookup index; the database is closed again if either fails. */
async function loadContent(dir: string, cache: LoadOptions, storage: Storage): Promise<Content> {
  try {
    const bank = loadBank(dir, cache);
    return { bank, lookup: LookupIndex.build(bank, fts5TextIndex) };
  } catch (err) {
    await storage.close();
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
    storage: StorageKit;
    installations: InstallationService | undefined;
    app: App;
    posting: webApi.WebClient;
    now: () => Date;
    track: AppContext['track'];
    content: () => Content;
  },
): {
  ctx: AppContext;
  quiz: QuizService;
  recap: RecapService;
  nudges: PracticeNudges;
  responseUrl: ReturnType<typeof responseUrlPoster>;
} {
  const { config, log } = o;
  const bank = () => w.content().bank;
  const { stores } = w.storage;
  const reports = new ReportService({ store: w.storage.reports, bank, now: w.now });
  const heldOut = (teamId: string) => reports.heldOut(teamId);
  const quiz = new QuizService({
    stores,
    bank,
    publisher: slackPublisher(w.app.client, { posting: w.posting, tokenFor: tokenLookup(w.installations) }),
    alerts: slackAlerts(w.app.client, config.adminUserIds, tokenLookup(w.installations)),
    log,
    now: w.now,
    revealAfterHours: config.revealAfterHours,
    countUpdateMs: o.countUpdateMs,
    heldOut,
    ...(o.random ? { random: o.random } : {}),
  });
  const recap = new RecapService({
    stores,
    recaps: w.storage.recaps,
    bank,
    publisher: slackRecapPublisher(w.app.client, tokenLookup(w.installations)),
    log,
    now: w.now,
  });
  const responseUrl = responseUrlPoster({
    timeoutMs: o.slackClient?.timeoutMs ?? SLACK_TIMEOUT_MS,
    extraOrigins: originOf(config.slackApiUrl),
    onRefused: (where) => log.warn('response_url.refused', where),
  });
  const { practice, practiceSettings, nudges } = buildPractice(o, { ...w, bank, heldOut });
  const ctx: AppContext = {
    config,
    answers: new AnswerRecorder(stores.answers),
    practice,
    practiceSettings,
    standings: new StandingsService(stores, { timezone: config.quizTimezone, now: w.now }),
    stats: new StatsService({ store: w.storage.stats, bank, timezone: config.quizTimezone, now: w.now }),
    reports,
    bank,
    lookup: () => w.content().lookup,
    quiz,
    recap,
    log,
    now: w.now,
    track: w.track,
    respond: responseUrl.post,
    ...(w.installations ? { installations: w.installations } : {}),
  };
  return { ctx, quiz, recap, nudges, responseUrl };
}

/** Personal practice: the sessions, each person's settings, and the daily reminders. */
function buildPractice(
  o: RuntimeOptions,
  w: {
    storage: StorageKit;
    app: App;
    installations: InstallationService | undefined;
    now: () => Date;
    bank: () => Bank;
    heldOut: (teamId: string) => Promise<ReadonlySet<string>>;
  },
): { practice: PracticeService; practiceSettings: PracticeSettingsService; nudges: PracticeNudges } {
  const { config, log } = o;
  const store = w.storage.practice;
  const defaults = { sessionSize: config.practiceSessionSize, dailyReviewCap: config.practiceDailyReviewCap };
  const practice = new PracticeService({
    store,
    bank: w.bank,
    now: w.now,
    heldOut: w.heldOut,
    ...defaults,
    ...(o.random ? { random: o.random } : {}),
  });
  const defaultZone = config.quizTimezone;
  const nudges = new PracticeNudges({
    store,
    practice,
    sender: slackNudgeSender(w.app.client, tokenLookup(w.installations)),
    now: w.now,
    log,
    defaultZone,
  });
  const practiceSettings = new PracticeSettingsService({ store, now: w.now, defaultZone, defaults });
  return { practice, practiceSettings, nudges };
}

/** Scheduled posts in multi-workspace mode take their workspace's token from its installation. */
function tokenLookup(installations: InstallationService | undefined): TokenFor | undefined {
  return installations && ((teamId) => installations.botToken(teamId));
}

/** Multi-workspace mode: the installed workspaces, their tokens sealed under TOKEN_ENCRYPTION_KEY. */
function installationsFor(
  config: Config,
  w: { storage: StorageKit; log: RuntimeOptions['log']; now: () => Date },
): InstallationService | undefined {
  if (!config.oauth) return undefined;
  return new InstallationService({
    store: w.storage.installations(config.oauth.encryptionKey),
    stores: w.storage.stores,
    log: w.log,
    now: w.now,
  });
}

/**
 * The HTTP front door (also in Socket Mode, for /healthz). Several processes on one database share
 * the signatures they admit; one process keeps them in memory.
 */
function frontDoor(
  config: Config,
  w: Pick<Parameters<typeof createServer>[0], 'isHealthy' | 'receiver' | 'servesInstall' | 'log' | 'isStopping'> & {
    storage: Storage;
  },
): Promise<http.Server | undefined> {
  if (!w.receiver && !config.appToken) return Promise.resolve(undefined);
  // Several processes share a PostgreSQL database, so there the guard is shared unless told otherwise.
  const guard = config.replayGuard ?? (w.storage.kind === 'postgres' ? 'database' : 'memory');
  const replays: ReplayStore = guard === 'database' ? w.storage.replays() : memoryReplayStore();
  const { storage: _storage, ...options } = w;
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
