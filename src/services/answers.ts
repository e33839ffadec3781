import type { AnswerInput, AnswerOutcome } from '../quiz/model.ts';
import type { AnswerStore } from './stores.ts';
import { TurnGroups } from './turn-groups.ts';

/** Clicks per transaction; a larger burst is committed over several turns of the event loop. */
export const MAX_CLICKS_PER_COMMIT = 200;

/**
 * Records clicks in groups (turn-groups.ts): the clicks that arrive in one turn of the event loop
 * are stored in one transaction, so a burst pays for one commit (one write of the pages it touches
 * to the WAL) instead of one per click. Each click's promise settles only after that commit, so an
 * answer is stored before its ack. The rules of an answer live in quiz/answer.ts (decideAnswer); the
 * store applies them inside the transaction.
 */
export class AnswerRecorder {
  private readonly groups: TurnGroups<{ answer: AnswerInput; at: Date }, AnswerOutcome>;

  constructor(store: AnswerStore, maxBatch = MAX_CLICKS_PER_COMMIT) {
    this.groups = new TurnGroups(
      async (batch) => (await store.recordAll(batch)).map((r) => (r.ok ? { ok: true, value: r.outcome } : r)),
      maxBatch,
    );
  }

  record(answer: AnswerInput, at: Date): Promise<AnswerOutcome> {
    return this.groups.add({ answer, at });
  }
}
