/**
 * The full-text index the lookup ranks with, as the lookup needs it: weighted BM25 scores per card
 * for a phrase or for two words near each other. The lookup's rules (parsing, scoring, confidence)
 * live in this folder; the engine is passed in. db/fts5-text-index.ts is SQLite FTS5's, the one the
 * app ships.
 */

/** A card as indexed: its id words, title, keywords and plain body, in that column order. */
export interface IndexedCard {
  slug: string;
  title: string;
  keywords: string;
  body: string;
}

/** BM25 column weights, in the column order of IndexedCard. */
export type ColumnWeights = readonly [slug: number, title: number, keywords: number, body: number];

export type TextQuery =
  /** The words in this order (one word is a phrase of one). */
  | { kind: 'phrase'; words: readonly string[] }
  /** Both phrases within `window` words of each other, in either order. */
  | { kind: 'near'; a: string; b: string; window: number };

export interface TextIndex {
  /** Score per card (by its position in the indexed list), higher is better; cards without a match are absent. */
  scores(query: TextQuery): Map<number, number>;
  /** Whether any card contains the word (after the engine's stemming). */
  contains(word: string): boolean;
  /** Frees the engine's memory. */
  close(): void;
}

export type TextIndexFactory = (cards: readonly IndexedCard[], weights: ColumnWeights) => TextIndex;
