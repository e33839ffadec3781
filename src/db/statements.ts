import type { Statement } from 'better-sqlite3';
import type { Db } from './open.ts';

const prepared = new WeakMap<Db, Map<string, Statement>>();

/**
 * The statement for `sql`, prepared once per connection. Preparing (parsing and planning the SQL)
 * costs more than running the small queries on the answer path, which runs once per click.
 */
export function statement(db: Db, sql: string): Statement {
  let cache = prepared.get(db);
  if (!cache) {
    cache = new Map();
    prepared.set(db, cache);
  }
  let s = cache.get(sql);
  if (!s) {
    s = db.prepare(sql);
    cache.set(sql, s);
  }
  return s;
}
