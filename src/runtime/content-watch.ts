import fs from 'node:fs';
import type { Bank } from '../content/bank.ts';
import { type LoadOptions, loadBank } from '../content/load.ts';
import { errorCode } from '../errors.ts';
import type { Log } from '../log.ts';
import { CONTENT_RELOAD_QUIET_MS } from './timings.ts';

/**
 * Reloads questions/*.yml when the folder changes. A bank that does not validate is refused and
 * the running one kept, so a broken edit never takes the app down.
 */
export function watchContent(o: {
  dir: string;
  load: LoadOptions;
  current: () => Bank;
  onChange: (bank: Bank) => void;
  log: Log;
}): { close(): void } {
  let reload: NodeJS.Timeout | undefined;
  let watcher: fs.FSWatcher | undefined;
  try {
    watcher = fs.watch(o.dir, () => {
      clearTimeout(reload);
      reload = setTimeout(() => {
        try {
          const next = loadBank(o.dir, o.load);
          if (next.hash === o.current().hash) return;
          o.onChange(next);
          o.log.info('content.reloaded', { questions: next.questions.length, cards: next.cards.length });
        } catch (err) {
          o.log.error('content.reload_refused', { error: (err as Error).message });
        }
      }, CONTENT_RELOAD_QUIET_MS);
    });
  } catch (err) {
    o.log.warn('content.watch_unavailable', { error: errorCode(err) });
  }
  return {
    close() {
      clearTimeout(reload);
      watcher?.close();
    },
  };
}
