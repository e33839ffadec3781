import { errorCode } from '../errors.ts';
import type { Log } from '../log.ts';
import type { QuizService } from '../services/quiz.ts';
import type { RecapService } from '../services/recap.ts';
import { TICK_MS } from './timings.ts';

export interface Scheduler {
  /** One pass now; a pass already running is joined, not doubled. */
  tick(): Promise<void>;
  /** The pass in progress, if any, so shutdown can wait for it. */
  running(): Promise<void> | undefined;
  stop(): void;
}

/**
 * The app's clock: every `tickMs` (0: only when called, as tests do) it runs `beforeTick` (seeding
 * QUIZ_CHANNEL), the quiz's tick, the weekly recap's and then the practice reminders' (after the
 * quiz, so neither delays a question). Passes never overlap; errors are logged and the next pass
 * tries again.
 */
export function startScheduler(o: {
  quiz: QuizService;
  /** The weekly recap; its tick reads nothing unless a recap may be due (Monday somewhere). */
  recap?: Pick<RecapService, 'tick'>;
  nudges?: { tick(): Promise<void> };
  log: Log;
  beforeTick: () => Promise<void>;
  isStopping: () => boolean;
  tickMs?: number;
}): Scheduler {
  let ticking: Promise<void> | undefined;
  const tick = async () => {
    if (o.isStopping()) return;
    if (ticking) return ticking;
    ticking = (async () => {
      try {
        await o.beforeTick();
        await o.quiz.tick();
      } catch (err) {
        o.log.error('quiz.tick_failed', { error: errorCode(err) });
      }
      // After the quiz: a Monday question is posted before the recap of the week before.
      await o.recap?.tick().catch((err: unknown) => o.log.error('recap.tick_failed', { error: errorCode(err) }));
      await o.nudges?.tick().catch((err: unknown) => o.log.error('practice.nudge_tick_failed', { error: errorCode(err) }));
    })().finally(() => {
      ticking = undefined;
    });
    return ticking;
  };
  const tickMs = o.tickMs ?? TICK_MS;
  const timer = tickMs > 0 ? setInterval(() => void tick(), tickMs) : undefined;
  if (tickMs > 0) void tick();
  return { tick, running: () => ticking, stop: () => clearInterval(timer) };
}
