import type { AnswerInput, AnswerOutcome } from '../quiz/model.ts';
import type { AnswerStore } from './stores.ts';

interface PendingAnswer {
  answer: AnswerInput;
  at: Date;
  resolve: (outcome: AnswerOutcome) => void;
  reject: (err: unknown) => void;
}

/** Clicks per transaction; a larger burst is committed over several turns of the event loop. */
export const MAX_CLICKS_PER_COMMIT = 200;

/**
 * Records clicks in groups: the clicks that arrive in one turn of the event loop are stored in one
 * transaction, so a burst pays for one commit (one write of the pages it touches to the WAL)
 * instead of one per click. Each click's promise settles only after that commit, so an answer is
 * stored before its ack. The rules of an answer live in quiz/answer.ts (decideAnswer); the store
 * applies them inside the transaction.
 */
export class AnswerRecorder {
  private pending: PendingAnswer[] = [];
  private isScheduled = false;

  constructor(
    private readonly store: AnswerStore,
    private readonly maxBatch = MAX_CLICKS_PER_COMMIT,
  ) {}

  record(answer: AnswerInput, at: Date): Promise<AnswerOutcome> {
    return new Promise((resolve, reject) => {
      this.pending.push({ answer, at, resolve, reject });
      this.schedule();
    });
  }

  /** setImmediate runs after the I/O callbacks of this turn: every click read in it joins. */
  private schedule(): void {
    if (this.isScheduled) return;
    this.isScheduled = true;
    setImmediate(() => {
      this.isScheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending.splice(0, this.maxBatch);
    // What is left waits a turn, so requests and timers are served between transactions.
    if (this.pending.length > 0) this.schedule();
    let results: Awaited<ReturnType<AnswerStore['recordAll']>>;
    try {
      results = await this.store.recordAll(batch);
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    for (const [i, p] of batch.entries()) {
      const r = results[i];
      if (r?.ok) p.resolve(r.outcome);
      else p.reject(r ? r.error : new Error('answer_result_missing'));
    }
  }
}
