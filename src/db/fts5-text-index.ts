/**
 * The lookup's text index on SQLite FTS5 (Porter stemming, BM25), in an in-memory database of its
 * own: a few milliseconds to build for the whole bank, microseconds per query.
 */
import Database from 'better-sqlite3';
import { TutorError } from '../errors.ts';
import type { ColumnWeights, IndexedCard, TextIndex, TextQuery } from '../lookup/text-index.ts';

/** FTS5 query syntax for a lookup query; the words come from the tokenizer (letters and digits only). */
function ftsSyntax(q: TextQuery): string {
  return q.kind === 'phrase' ? `"${q.words.join(' ')}"` : `NEAR("${q.a}" "${q.b}", ${q.window})`;
}

export function fts5TextIndex(cards: readonly IndexedCard[], weights: ColumnWeights): TextIndex {
  const db = new Database(':memory:');
  try {
    db.exec(
      `CREATE VIRTUAL TABLE cards USING fts5(slug, title, keywords, body, tokenize = 'porter unicode61 remove_diacritics 2')`,
    );
  } catch (err) {
    db.close();
    throw new TutorError('fts5_missing', `SQLite has no FTS5, which lookups need: ${(err as Error).message}`);
  }
  const insert = db.prepare('INSERT INTO cards (rowid, slug, title, keywords, body) VALUES (?, ?, ?, ?, ?)');
  db.transaction(() => {
    cards.forEach((c, i) => {
      insert.run(i, c.slug, c.title, c.keywords, c.body);
    });
  })();
  const [slug, title, keywords, body] = weights;
  const match = db.prepare<[string], { rowid: number; score: number }>(
    `SELECT rowid, -bm25(cards, ${slug}, ${title}, ${keywords}, ${body}) AS score FROM cards WHERE cards MATCH ?`,
  );
  const any = db.prepare<[string], { rowid: number }>('SELECT rowid FROM cards WHERE cards MATCH ? LIMIT 1');
  return {
    scores: (q) => new Map(match.all(ftsSyntax(q)).map((r) => [r.rowid, r.score])),
    contains: (word) => any.get(ftsSyntax({ kind: 'phrase', words: [word] })) !== undefined,
    close: () => db.close(),
  };
}
