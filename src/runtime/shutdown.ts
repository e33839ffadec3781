import type http from 'node:http';
import { DRAIN_DEADLINE_MS } from './timings.ts';

/**
 * The order of a clean stop, and why:
 * 1. Stop the clock and the content watch: no new work starts.
 * 2. Stop accepting connections; close idle kept-alive ones so the drain does not wait for them
 *    (requests already in flight are served in full, each closing its connection after it).
 * 3. Wait for in-flight requests, a scheduler pass and replies after the ack (answers are already
 *    committed before their ack), at most DRAIN_DEADLINE_MS; then cut what is left.
 * 4. Disconnect Socket Mode, cancel pending count updates, close reply connections.
 * 5. Close the database last: everything before may still write to it.
 */
export async function stopInOrder(o: {
  stopClocks: () => void;
  server?: http.Server;
  inFlight: () => Promise<unknown>[];
  disconnect: () => Promise<void>;
  releaseSlack: () => void;
  closeDatabase: () => void | Promise<void>;
}): Promise<void> {
  o.stopClocks();
  const { server } = o;
  const closed = server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
  server?.closeIdleConnections();
  const deadline = new Promise<void>((resolve) => setTimeout(resolve, DRAIN_DEADLINE_MS).unref());
  await Promise.race([Promise.allSettled([closed, ...o.inFlight()]), deadline]);
  server?.closeAllConnections();
  await o.disconnect();
  o.releaseSlack();
  await o.closeDatabase();
}
