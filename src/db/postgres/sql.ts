/**
 * The PostgreSQL connection layer: a pool whose integers come back as numbers, and `Sql`, the one
 * door every store statement goes through. `atomic` runs work in a transaction on one pooled
 * client (BEGIN … COMMIT), or, when the work is already inside one, in a SAVEPOINT of it, so a
 * nested step fails alone as better-sqlite3's nested transactions do.
 */
import pg from 'pg';
import { pipelined } from './pipeline.ts';

/** COUNT and SUM are bigint/numeric in PostgreSQL; the domain counts stay far below 2^53. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
};

export function createPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, types, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000 });
  // An idle client whose connection drops (a server restart) is dropped from the pool, not thrown.
  pool.on('error', () => undefined);
  // A checked-out client has no such listener: the server's "terminating connection" (57P01)
  // arriving between two statements of a transaction is emitted as 'error' and would end the
  // process. The statement in flight, or the next one, fails with a connection error instead, which
  // PoolSql retries on a new client.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

export type Row = Record<string, unknown>;

/**
 * A statement that each connection parses and plans once (pg's named prepared statements) and then
 * only binds: for the click path's statements, which run hundreds of times a second and whose
 * planning (data-modifying WITHs over unnest) costs the server more than running them. Only for
 * constant texts: every name stays prepared on each pooled connection that ran it. A statement
 * that reads rows runs in a transaction with POINT_LOOKUPS, so the plan its connection keeps cannot
 * depend on how small the tables were when it was made (an insert from arrays, such as the replay
 * guard's claim, has one plan whatever their size).
 */
export interface Prepared {
  readonly name: string;
  readonly text: string;
}

export const prepared = (name: string, text: string): Prepared => ({ name, text });

export type Statement = string | Prepared;

export const textOf = (statement: Statement): string => (typeof statement === 'string' ? statement : statement.text);

const config = (statement: Statement, values: readonly unknown[] | undefined): pg.QueryConfig =>
  typeof statement === 'string'
    ? { text: statement, values: values as unknown[] }
    : { name: statement.name, text: statement.text, values: values as unknown[] };

/**
 * Planner settings for a transaction whose statements only look rows up by key: every scan goes
 * through an index and every join is a nested loop over the keys, and a prepared statement runs on
 * the generic plan its connection keeps (planned once, not at each run). Without them PostgreSQL
 * picks its plan from the tables' size: a generic plan made while they were nearly empty (a new
 * install) is a sequential scan with a hash join, kept until an ANALYZE replaces it, and the
 * lookups grow with the tables (measured: 2 ms a group of ten clicks growing to 17 ms over 100,000
 * answers). SET LOCAL ends with the transaction.
 */
export const POINT_LOOKUPS: readonly string[] = [
  'SET LOCAL enable_seqscan = off',
  'SET LOCAL enable_hashjoin = off',
  'SET LOCAL enable_mergejoin = off',
  'SET LOCAL plan_cache_mode = force_generic_plan',
];

export interface Sql {
  query<T = Row>(statement: Statement, values?: readonly unknown[]): Promise<{ rows: T[]; rowCount: number }>;
  /**
   * The last statement of a transaction of its own, sent with its COMMIT in one round trip (atomic
   * then sends no COMMIT of its own); nothing may follow it. Anywhere else (inside a savepoint, or
   * outside a transaction), the same as `query`.
   */
  queryLast<T = Row>(statement: Statement, values?: readonly unknown[]): Promise<{ rows: T[]; rowCount: number }>;
  /**
   * Two statements in one round trip: `then` runs after `first` as a statement of its own, on a
   * snapshot taken as it starts, so it sees what the holders of the locks `first` waited for
   * committed. Inside a transaction only (locks taken outside one would end with their statement).
   */
  queryThen<A = Row, B = Row>(
    first: Statement,
    firstValues: readonly unknown[],
    then: Prepared,
    thenValues: readonly unknown[],
  ): Promise<[{ rows: A[]; rowCount: number }, { rows: B[]; rowCount: number }]>;
  /**
   * Runs `work` atomically: its own transaction, or a savepoint of the one it is already in. The
   * BEGIN or SAVEPOINT, with `settings` (SET LOCAL statements such as POINT_LOOKUPS, which hold until
   * the transaction ends), goes with the first statement of `work`, in the same round trip.
   */
  atomic<T>(work: (sql: Sql) => Promise<T>, settings?: readonly string[]): Promise<T>;
  /** True when this door is a client inside an open transaction. */
  readonly inTransaction: boolean;
}

/** Errors that mean the connection (not the statement) failed: the server went away or restarted. */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? e.code : '';
  if (/^(08|57P0[123])/.test(code)) return true;
  if (['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH'].includes(code)) return true;
  const message = typeof e?.message === 'string' ? e.message : '';
  return /Connection terminated|connection timeout|Client has encountered a connection error|not queryable/i.test(message);
}

/** A deadlock or serialization failure: PostgreSQL rolled the statement back; trying again is safe. */
export const isRetryableConflict = (err: unknown): boolean => ['40P01', '40001'].includes((err as { code?: string })?.code ?? '');

const RETRIES = 4;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A transaction that failed before COMMIT was sent did nothing: run it again on a new client. */
async function withRetry<T>(
  attempt: () => Promise<{ ok: true; value: T } | { ok: false; error: unknown; retry: boolean }>,
): Promise<T> {
  for (let i = 0; ; i++) {
    const r = await attempt();
    if (r.ok) return r.value;
    if (!r.retry || i >= RETRIES) throw r.error;
    await pause(50 * 2 ** i);
  }
}

const asResult = <T>(r: pg.QueryResult) => ({ rows: r.rows as T[], rowCount: r.rowCount ?? 0 });

class ClientSql implements Sql {
  readonly inTransaction = true;
  private savepoints = 0;
  /** Set once COMMIT has been sent with a statement (queryLast): the transaction may have ended. */
  committing = false;

  /** `opening`: the BEGIN and its settings, sent with the first statement. */
  constructor(
    private readonly client: pg.PoolClient,
    private opening: readonly string[] = [],
  ) {}

  /** True once the transaction's BEGIN has been sent. */
  get begun(): boolean {
    return this.opening.length === 0;
  }

  /** What is still to open the transaction, to send before the next statement; refuses one after COMMIT. */
  private takeOpening(): readonly string[] {
    if (this.committing) throw new Error('a statement after the last one of its transaction');
    const before = this.opening;
    this.opening = [];
    return before;
  }

  /** Sends the statement with what is still to open the transaction before it, and `after` after it. */
  private async send(statement: Statement, values: readonly unknown[] | undefined, after: readonly string[] = []) {
    const before = this.takeOpening();
    if (before.length === 0 && after.length === 0) return this.client.query(config(statement, values));
    const [own] = await pipelined(this.client, config(statement, values), before, after);
    return own as pg.QueryResult;
  }

  async queryThen<A = Row, B = Row>(
    first: Statement,
    firstValues: readonly unknown[],
    then: Prepared,
    thenValues: readonly unknown[],
  ): Promise<[{ rows: A[]; rowCount: number }, { rows: B[]; rowCount: number }]> {
    const before = this.takeOpening();
    const [a, b] = await pipelined(this.client, config(first, firstValues), before, [], [{ ...then, values: thenValues }]);
    return [asResult<A>(a as pg.QueryResult), asResult<B>(b as pg.QueryResult)];
  }

  async query<T = Row>(statement: Statement, values?: readonly unknown[]) {
    return asResult<T>(await this.send(statement, values));
  }

  async queryLast<T = Row>(statement: Statement, values?: readonly unknown[]) {
    if (this.savepoints > 0) return this.query<T>(statement, values);
    const result = this.send(statement, values, ['COMMIT']);
    this.committing = true;
    return asResult<T>(await result);
  }

  async atomic<T>(work: (sql: Sql) => Promise<T>, settings: readonly string[] = []): Promise<T> {
    const name = `sp${++this.savepoints}`;
    await this.send(`SAVEPOINT ${name}`, undefined, settings);
    try {
      const value = await work(this);
      await this.client.query(`RELEASE SAVEPOINT ${name}`);
      return value;
    } catch (err) {
      if (!isConnectionError(err)) await this.client.query(`ROLLBACK TO SAVEPOINT ${name}`);
      throw err;
    } finally {
      this.savepoints--;
    }
  }
}

export class PoolSql implements Sql {
  readonly inTransaction = false;
  constructor(readonly pool: pg.Pool) {}

  /**
   * One statement in its own implicit transaction. A failure to connect is retried (nothing was
   * sent); a statement that was sent is retried only when `idempotent` says running it twice is
   * the same as once (reads, and writes whose WHERE makes a second run change nothing).
   */
  async query<T = Row>(statement: Statement, values?: readonly unknown[], idempotent = /^\s*SELECT/i.test(textOf(statement))) {
    return withRetry(async () => {
      let client: pg.PoolClient;
      try {
        client = await this.pool.connect();
      } catch (error) {
        return { ok: false, error, retry: isConnectionError(error) };
      }
      try {
        const r = await client.query(config(statement, values));
        client.release();
        return { ok: true, value: asResult<T>(r) };
      } catch (error) {
        const broken = isConnectionError(error);
        client.release(broken ? (error as Error) : undefined);
        return { ok: false, error, retry: broken && idempotent };
      }
    });
  }

  queryLast<T = Row>(statement: Statement, values?: readonly unknown[]) {
    return this.query<T>(statement, values);
  }

  async queryThen(
    _first: Statement,
    _firstValues: readonly unknown[],
    _then: Prepared,
    _thenValues: readonly unknown[],
  ): Promise<never> {
    throw new Error('queryThen runs inside a transaction only');
  }

  /**
   * BEGIN … COMMIT on one client (the BEGIN sent with the first statement, the COMMIT with the last
   * when it is sent by queryLast); a dropped connection before COMMIT was sent, or a deadlock, runs
   * it again.
   */
  async atomic<T>(work: (sql: Sql) => Promise<T>, settings: readonly string[] = []): Promise<T> {
    return withRetry(async () => {
      let client: pg.PoolClient;
      try {
        client = await this.pool.connect();
      } catch (error) {
        return { ok: false, error, retry: isConnectionError(error) };
      }
      const tx = new ClientSql(client, ['BEGIN', ...settings]);
      let committing = false;
      try {
        const value = await work(tx);
        committing = true;
        if (tx.begun && !tx.committing) await client.query('COMMIT');
        client.release();
        return { ok: true, value };
      } catch (error) {
        const broken = isConnectionError(error);
        if (!broken && tx.begun) await client.query('ROLLBACK').catch(() => undefined);
        client.release(broken ? (error as Error) : undefined);
        // A COMMIT whose answer was lost may have committed: never run the work twice then. An
        // error the server sent means nothing of the transaction was committed.
        const sentCommit = committing || tx.committing;
        return { ok: false, error, retry: broken ? !sentCommit : isRetryableConflict(error) };
      }
    });
  }
}
