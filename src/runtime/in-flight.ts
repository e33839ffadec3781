/** Work that goes on after a request's ack (replies, command follow-ups): shutdown waits for it. */
export function inFlightTracker(): { track<T>(work: Promise<T>): Promise<T>; pending(): Promise<unknown>[] } {
  const inflight = new Set<Promise<unknown>>();
  return {
    track(work) {
      inflight.add(work);
      const done = () => inflight.delete(work);
      work.then(done, done);
      return work;
    },
    pending: () => [...inflight],
  };
}
