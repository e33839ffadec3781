import type { Config } from '../config.ts';
import type { Bank } from '../content/bank.ts';
import type { Log } from '../log.ts';
import type { LookupIndex } from '../lookup/index.ts';
import type { AnswerRecorder } from '../services/answers.ts';
import type { InstallationService } from '../services/installations.ts';
import type { PracticeService } from '../services/practice.ts';
import type { PracticeSettingsService } from '../services/practice-settings.ts';
import type { QuizService } from '../services/quiz.ts';
import type { RecapService } from '../services/recap.ts';
import type { ReportService } from '../services/reports.ts';
import type { StandingsService } from '../services/standings.ts';
import type { StatsService } from '../services/stats.ts';
import type { PostToResponseUrl } from './response-url.ts';

/** What every listener needs, passed in rather than imported, so tests can build their own. */
export interface AppContext {
  config: Pick<Config, 'adminUserIds' | 'quizSchedule' | 'quizTimezone' | 'revealAfterHours' | 'reportsChannel'>;
  bank: () => Bank;
  lookup: () => LookupIndex;
  quiz: QuizService;
  /** The weekly recap: admins turn it off and on per channel. */
  recap: RecapService;
  answers: AnswerRecorder;
  practice: PracticeService;
  practiceSettings: PracticeSettingsService;
  standings: StandingsService;
  /** Team statistics for `/aws stats`. */
  stats: StatsService;
  reports: ReportService;
  log: Log;
  now: () => Date;
  /** Posts to a request's response_url (private replies; command replies after the ack). */
  respond: PostToResponseUrl;
  /** Multi-workspace mode only: the installed workspaces and their tokens. */
  installations?: InstallationService;
  /** Work that continues after ack(); shutdown waits for it. */
  track<T>(work: Promise<T>): Promise<T>;
}
