/**
 * One round trip for a statement and the ones around it: parameterless ones (`BEGIN` and `SET LOCAL`
 * before, `COMMIT` after), and prepared ones with values that run after it (`then`). node-postgres
 * sends a query only once the previous one has answered, so a transaction of three statements costs
 * five round trips; on a server that shares the machine's cores with the app, each of them is a
 * wake-up of both processes. This query sends every message of the extended protocol at once and
 * ends them with a single Sync: the server runs them in order, each statement on a snapshot of its
 * own (READ COMMITTED takes one per statement, pipelined or not), and stops at the first error (the
 * rest is skipped, so a `COMMIT` after a failed statement never runs).
 *
 * It builds on node-postgres's own Query: its `prepare` writes Parse (when this connection has not
 * parsed the named statement yet), Bind, Describe and, through `_getRows`, Execute and Sync. The
 * named statement's Parse goes first, before the statements around it: node-postgres marks a name
 * as parsed at the first ParseComplete it sees, which must be that statement's own. The `then`
 * statements are prepared by this module, which node-postgres does not know of: it keeps the names
 * each connection has parsed once a pipeline that parsed them succeeded, and until then sends Close
 * before Parse (closing a statement that does not exist is no error), so a pipeline that failed
 * after a Parse leaves nothing behind that the next one would trip on. Their names must be used
 * through `then` only.
 */
import { createRequire } from 'node:module';
import pg from 'pg';

type Wire = {
  parse(m: { text: string; name?: string; types?: unknown[] }): void;
  bind(m: { portal?: string; statement?: string; values?: unknown[]; valueMapper?: (v: unknown) => unknown }): void;
  describe(m: { type: 'P' | 'S'; name: string }): void;
  execute(m: { portal?: string; rows?: number }): void;
  close(m: { type: 'P' | 'S'; name: string }): void;
  sync(): void;
  submittedNamedStatements: Record<string, string>;
};

/** The parts of node-postgres's Query this class extends (not in its type declarations). */
interface QueryInternals {
  name?: string;
  text: string;
  types?: unknown[];
  portal: string;
  hasBeenParsed(connection: Wire): boolean;
  prepare(connection: Wire): void;
}

/** node-postgres's own mapping of a value to its text form (arrays, dates, buffers), as Query binds them. */
const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue: (v: unknown) => unknown };

/** A prepared statement run after the main one, in the same round trip. */
export interface Then {
  name: string;
  text: string;
  values: readonly unknown[];
}

/** Per connection, the `then` statements a successful pipeline parsed on it. */
const parsedThens = new WeakMap<Wire, Set<string>>();

function sendPlain(connection: Wire, text: string): void {
  connection.parse({ text, name: '', types: [] });
  connection.bind({ portal: '', statement: '', values: [] });
  connection.execute({ portal: '', rows: 0 });
}

class PipelinedQuery extends pg.Query {
  connection: Wire | undefined;

  constructor(
    config: pg.QueryConfig,
    private readonly before: readonly string[],
    private readonly thens: readonly Then[],
    private readonly after: readonly string[],
    callback: (err: Error | null, result: pg.QueryResult | pg.QueryResult[]) => void,
  ) {
    super({ ...config, queryMode: 'extended' } as pg.QueryConfig, undefined, callback as never);
  }

  prepare(connection: Wire): void {
    this.connection = connection;
    const self = this as unknown as QueryInternals;
    if (this.before.length > 0 || this.thens.length > 0) {
      if (self.name && !self.hasBeenParsed(connection)) {
        connection.parse({ text: self.text, name: self.name, types: self.types });
        connection.submittedNamedStatements[self.name] = self.text;
      }
      const parsed = parsedThens.get(connection);
      for (const t of this.thens) {
        if (parsed?.has(t.name)) continue;
        connection.close({ type: 'S', name: t.name });
        connection.parse({ text: t.text, name: t.name, types: [] });
      }
      for (const text of this.before) sendPlain(connection, text);
    }
    (pg.Query.prototype as unknown as QueryInternals).prepare.call(this, connection);
  }

  /** Called by `prepare` once the statement is bound: its Execute, the statements after it, one Sync. */
  _getRows(connection: Wire): void {
    connection.execute({ portal: (this as unknown as QueryInternals).portal, rows: 0 });
    for (const t of this.thens) {
      connection.bind({ portal: '', statement: t.name, values: [...t.values], valueMapper: prepareValue });
      connection.describe({ type: 'P', name: '' });
      connection.execute({ portal: '', rows: 0 });
    }
    for (const text of this.after) sendPlain(connection, text);
    connection.sync();
  }

  /** Every Parse of a pipeline that succeeded was run: its `then` statements are prepared on the connection. */
  markParsed(): void {
    if (!this.connection || this.thens.length === 0) return;
    const parsed = parsedThens.get(this.connection) ?? new Set<string>();
    for (const t of this.thens) parsed.add(t.name);
    parsedThens.set(this.connection, parsed);
  }
}

/**
 * Runs `config` with `before` and `after` in one round trip and returns the statement's own result,
 * then those of `thens`. Rejects with the first error the server met; nothing after it ran.
 */
export function pipelined(
  client: pg.ClientBase,
  config: pg.QueryConfig,
  before: readonly string[],
  after: readonly string[],
  thens: readonly Then[] = [],
): Promise<pg.QueryResult[]> {
  return new Promise((resolve, reject) => {
    const query = new PipelinedQuery(config, before, thens, after, (err, results) => {
      if (err) return reject(err);
      query.markParsed();
      const all = Array.isArray(results) ? results : [results];
      const mine = all.slice(before.length, before.length + 1 + thens.length);
      if (mine.length !== 1 + thens.length || all.length !== before.length + 1 + thens.length + after.length)
        return reject(
          new Error(`pipelined query: ${all.length} results for ${before.length + 1 + thens.length + after.length} statements`),
        );
      resolve(mine);
    });
    client.query(query as unknown as pg.Submittable);
  });
}
