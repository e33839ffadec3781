/**
 * One round trip for a statement and the parameterless ones around it (`BEGIN` and `SET LOCAL`
 * before, `COMMIT` after). node-postgres sends a query only once the previous one has answered, so a
 * transaction of three statements costs five round trips; on a server that shares the machine's
 * cores with the app, each of them is a wake-up of both processes. This query sends every message of
 * the extended protocol at once and ends them with a single Sync: the server runs them in order and
 * stops at the first error (the rest is skipped, so a `COMMIT` after a failed statement never runs).
 *
 * It builds on node-postgres's own Query: its `prepare` writes Parse (when this connection has not
 * parsed the named statement yet), Bind, Describe and, through `_getRows`, Execute and Sync. The
 * named statement's Parse goes first, before the statements around it: node-postgres marks a name
 * as parsed at the first ParseComplete it sees, which must be that statement's own.
 */
import pg from 'pg';

type Wire = {
  parse(m: { text: string; name?: string; types?: unknown[] }): void;
  bind(m: { portal?: string; statement?: string; values?: unknown[] }): void;
  execute(m: { portal?: string; rows?: number }): void;
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

function sendPlain(connection: Wire, text: string): void {
  connection.parse({ text, name: '', types: [] });
  connection.bind({ portal: '', statement: '', values: [] });
  connection.execute({ portal: '', rows: 0 });
}

class PipelinedQuery extends pg.Query {
  constructor(
    config: pg.QueryConfig,
    private readonly before: readonly string[],
    private readonly after: readonly string[],
    callback: (err: Error | null, result: pg.QueryResult | pg.QueryResult[]) => void,
  ) {
    super({ ...config, queryMode: 'extended' } as pg.QueryConfig, undefined, callback as never);
  }

  prepare(connection: Wire): void {
    const self = this as unknown as QueryInternals;
    if (this.before.length > 0) {
      if (self.name && !self.hasBeenParsed(connection)) {
        connection.parse({ text: self.text, name: self.name, types: self.types });
        connection.submittedNamedStatements[self.name] = self.text;
      }
      for (const text of this.before) sendPlain(connection, text);
    }
    (pg.Query.prototype as unknown as QueryInternals).prepare.call(this, connection);
  }

  /** Called by `prepare` once the statement is bound: its Execute, the statements after it, one Sync. */
  _getRows(connection: Wire): void {
    connection.execute({ portal: (this as unknown as QueryInternals).portal, rows: 0 });
    for (const text of this.after) sendPlain(connection, text);
    connection.sync();
  }
}

/**
 * Runs `config` with `before` and `after` in one round trip and returns the statement's own result.
 * Rejects with the first error the server met; nothing after it ran.
 */
export function pipelined(
  client: pg.ClientBase,
  config: pg.QueryConfig,
  before: readonly string[],
  after: readonly string[],
): Promise<pg.QueryResult> {
  return new Promise((resolve, reject) => {
    const query = new PipelinedQuery(config, before, after, (err, results) => {
      if (err) return reject(err);
      const all = Array.isArray(results) ? results : [results];
      const own = all[before.length];
      if (!own)
        return reject(new Error(`pipelined query: ${all.length} results for ${before.length + 1 + after.length} statements`));
      resolve(own);
    });
    client.query(query as unknown as pg.Submittable);
  });
}
