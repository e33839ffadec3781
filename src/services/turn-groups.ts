/**
 * Work that arrives in one turn of the event loop, done as one group: a burst of clicks pays for one
 * transaction, and on PostgreSQL for one set of round trips, instead of one per request. One group is
 * in flight at a time: what arrives while it waits on the database makes the next group, instead of
 * opening transactions of its own that would only queue on the same rows. Each item's promise
 * settles with its own result once its group is done, so one item's failure is never another's.
 */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

interface Pending<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (err: unknown) => void;
}

export class TurnGroups<I, O> {
  private pending: Pending<I, O>[] = [];
  private isScheduled = false;
  private isRunning = false;

  /** `run` answers a group with one result per item, in order; a throw fails the whole group. */
  constructor(
    private readonly run: (items: I[]) => Promise<Settled<O>[]>,
    private readonly maxGroup: number,
  ) {}

  add(item: I): Promise<O> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** setImmediate runs after the I/O callbacks of this turn: every item read in it joins. */
  private schedule(): void {
    if (this.isScheduled || this.isRunning) return;
    this.isScheduled = true;
    setImmediate(() => {
      this.isScheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    const group = this.pending.splice(0, this.maxGroup);
    this.isRunning = true;
    let results: Settled<O>[] | undefined;
    let failure: unknown;
    try {
      results = await this.run(group.map((p) => p.item));
    } catch (err) {
      failure = err;
    } finally {
      this.isRunning = false;
      // What is left, or came meanwhile, waits a turn, so requests and timers are served between groups.
      if (this.pending.length > 0) this.schedule();
    }
    for (const [i, p] of group.entries()) {
      const r = results?.[i];
      if (r?.ok) p.resolve(r.value);
      else p.reject(results ? (r ? r.error : new Error('group_result_missing')) : failure);
    }
  }
}
