import type { Bank } from '../../src/content/bank.ts';
import { fts5TextIndex } from '../../src/db/fts5-text-index.ts';
import { LookupIndex } from '../../src/lookup/index.ts';

/** The lookup index as the app builds it: over SQLite FTS5. */
export function buildLookup(bank: Bank): LookupIndex {
  return LookupIndex.build(bank, fts5TextIndex);
}
