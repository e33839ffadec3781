import type { App } from '@slack/bolt';
import { errorCode } from '../errors.ts';
import type { Log } from '../log.ts';
import { SOCKET_RETRY_FIRST_MS, SOCKET_RETRY_MAX_MS } from './timings.ts';

/**
 * Connects Socket Mode in the background. A Slack that cannot be reached at start must not stop
 * /healthz or a clean SIGTERM, so failures are retried with backoff instead of thrown.
 */
export function connectSocketMode(app: App, log: Log, isStopping: () => boolean): { stop(): Promise<void> } {
  let retry: NodeJS.Timeout | undefined;
  const connect = (attempt: number) => {
    app.start().then(
      () => log.info('socket.connected', {}),
      (err: unknown) => {
        if (isStopping()) return;
        const retryInMs = Math.min(SOCKET_RETRY_MAX_MS, SOCKET_RETRY_FIRST_MS * 2 ** attempt);
        log.error('socket.connect_failed', { error: errorCode(err), retryInMs });
        retry = setTimeout(() => connect(attempt + 1), retryInMs);
        retry.unref();
      },
    );
  };
  connect(0);
  return {
    async stop() {
      clearTimeout(retry);
      await app.stop().catch(() => {});
    },
  };
}
