/**
 * One connection serves every store of the process, and a transaction of sqliteStores stays open
 * across awaits (its work is asynchronous). Work that merely runs meanwhile must not join it (and
 * roll back with it): every store's call passes this connection's one gate, which holds callers
 * while a transaction is open. better-sqlite3 is synchronous, so outside a transaction a call runs
 * at once and costs a settled promise.
 */
import type { Db } from './open.ts';

export interface Gate {
  /** `fn` as a call that waits for an open transaction to end, then runs. */
  wrap<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => Promise<R>;
  /** Runs `work` in one IMMEDIATE transaction; callers of wrap() wait for it. */
  transaction<T>(work: () => Promise<T>): Promise<T>;
}

const gates = new WeakMap<Db, Gate>();

export function gateOf(db: Db): Gate {
  let gate = gates.get(db);
  if (!gate) {
    gate = newGate(db);
    gates.set(db, gate);
  }
  return gate;
}

function newGate(db: Db): Gate {
  // The wait loops are inline on purpose: a waiter resumed when a transaction ends must see the
  // next one begun by an earlier waiter in the same turn, without an extra hop in between.
  let open: Promise<void> | undefined;
  return {
    wrap:
      (fn) =>
      async (...args) => {
        while (open) await open;
        return fn(...args);
      },
    async transaction(work) {
      while (open) await open;
      db.prepare('BEGIN IMMEDIATE').run();
      // The gate closes before `work` starts: its first statements run in this same turn, and any
      // call they make to other stores must already find the gate closed.
      let done = () => {};
      open = new Promise<void>((resolve) => {
        done = resolve;
      });
      try {
        const result = await work();
        db.prepare('COMMIT').run();
        return result;
      } catch (err) {
        if (db.inTransaction) db.prepare('ROLLBACK').run();
        throw err;
      } finally {
        open = undefined;
        done();
      }
    },
  };
}
