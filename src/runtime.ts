import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { App } from '@slack/bolt';
import { buildApp, registerListeners, SLACK_TIMEOUT_MS, type SlackClientTuning } from './app.ts';
import type { Config } from './config.ts';
import type { Bank } from './content/bank.ts';
import { type LoadOptions, loadBank, QUESTIONS_DIR } from './content/load.ts';
import { fts5TextIndex } from './db/fts5-text-index.ts';
import { migrate } from './db/migrate.ts';
import { type Db, openDatabase } from './db/open.ts';
import { sqliteInstallationStore } from './db/sqlite-installation-store.ts';
import { sqlitePracticeStore } from './db/sqlite-practice-store.ts';
import { sqliteRecapStore } from './db/sqlite-recap-store.ts';
import { sqliteReportStore } from './db/sqlite-report-store.ts';
import { sqliteStatsStore } from './db/sqlite-stats-store.ts';
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
import { InstallationService } from './services/installations.ts';
import { PracticeService } from './services/practice.ts';
import { PracticeNudges } from './services/practice-nudges.ts';
import { PracticeSettingsService } from './services/practice-settings.ts';
import { QuizService } from './services/quiz.ts';
import { RecapService } from './services/recap.ts';
import { ReportService } from './services/reports.ts';
import { StandingsService } from './services/standings.ts';
import { StatsService } from './services/stats.ts';
import type { Stores } from './services/stores.ts';
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

  const stores = sqliteStores(db);
  const installations = installationsFor(config, { db, stores, log, now });
  const { app, receiver } = buildApp(config, log, o.slackClient, installations);
  const inflight = inFlightTracker();

  const { ctx, quiz, recap, nudges, responseUrl } = buildContext(o, {
    db,
    stores,
    installations,
    app,
    now,
    track: inflight.track,
    content: () => content,
  });
  registerListeners(app, ctx, { traceDispatch: config.logLevel === 'debug' });

  let stopping = false;
  const isStopping = () => stopping;
  const server =
    receiver || config.appToken
      ? await listen(config.port, {
          isHealthy: stores.isHealthy,
          receiver,
          signingSecret: config.signingSecret,
          servesInstall: Boolean(installations),
          log,
          isStopping,
        })
      : undefined;
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
    installations: InstallationService | undefined;
    app: App;
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
  const reports = new ReportService({ store: sqliteReportStore(w.db), bank, now: w.now });
  const heldOut = (teamId: string) => reports.heldOut(teamId);
  const quiz = new QuizService({
    stores: w.stores,
    bank,
    publisher: slackPublisher(w.app.client, tokenLookup(w.installations)),
    alerts: slackAlerts(w.app.client, config.adminUserIds, tokenLookup(w.installations)),
    log,
    now: w.now,
    revealAfterHours: config.revealAfterHours,
    countUpdateMs: o.countUpdateMs,
    heldOut,
    ...(o.random ? { random: o.random } : {}),
  });
  const recap = new RecapService({
    stores: w.stores,
    recaps: sqliteRecapStore(w.db),
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
    answers: new AnswerRecorder(w.stores.answers),
    practice,
    practiceSettings,
    standings: new StandingsService(w.stores, { timezone: config.quizTimezone, now: w.now }),
    stats: new StatsService({ store: sqliteStatsStore(w.db), bank, timezone: config.quizTimezone, now: w.now }),
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
    db: Db;
    app: App;
    installations: InstallationService | undefined;
    now: () => Date;
    bank: () => Bank;
    heldOut: (teamId: string) => Promise<ReadonlySet<string>>;
  },
): { practice: PracticeService; practiceSettings: PracticeSettingsService; nudges: PracticeNudges } {
  const { config, log } = o;
  const store = sqlitePracticeStore(w.db);
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
  w: { db: Db; stores: Stores; log: RuntimeOptions['log']; now: () => Date },
): InstallationService | undefined {
  if (!config.oauth) return undefined;
  return new InstallationService({
    store: sqliteInstallationStore(w.db, config.oauth.encryptionKey),
    stores: w.stores,
    log: w.log,
    now: w.now,
  });
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
