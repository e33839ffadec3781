/**
 * The words of the bank, for typo correction, prefix completion and "did you mean".
 */
import type { Bank } from '../content/bank.ts';
import { type Correction, correctToName, correctWord, preferName, type VocabularyTerm } from './fuzzy.ts';
import { plainText, STOPWORDS, stem, tokenize } from './normalize.ts';
import { serviceNamesOf } from './services.ts';
import { SYNONYMS, synonymWords } from './synonym-table.ts';

/** What the parser needs to know about the indexed words. */
export interface Vocabulary {
  /** Terms from titles, ids, keywords, topic names and the synonym table, for "did you mean". */
  salientTerms: readonly VocabularyTerm[];
  /** The word, or its plural or singular, occurs in some card. */
  isWord(word: string): boolean;
  /** The word, or a form the index's stemmer folds with it ("scheduling"), occurs in some card. */
  isKnown(word: string): boolean;
  /** The word occurs in a title, id, keywords, topic name or the synonym table. */
  isSalient(word: string): boolean;
  /** The most common salient word that starts with `prefix`. */
  complete(prefix: string): string | undefined;
  /**
   * The closest term (of the salient ones only, or of all) for a typo; see `correctWord`.
   * A service name is preferred when nearly as close; see `preferName`.
   */
  correct(word: string, scope: 'salient' | 'all'): Correction | undefined;
}

/** One-word names of the topics and their aliases ("fargate", "kinesis", "kubernetes"). */
function nameTermsOf(bank: Bank, salientTerms: VocabularyTerm[]): VocabularyTerm[] {
  const nameStems = new Set(
    serviceNamesOf(bank.topics)
      .flatMap((s) => s.names)
      .filter((n) => n.length === 1)
      .map((n) => n.join('')),
  );
  for (const g of SYNONYMS.aliasGroups)
    for (const m of SYNONYMS.groups[g] ?? []) if (m.stems.length === 1) nameStems.add(m.stems.join(''));
  return salientTerms.filter((t) => nameStems.has(stem(t.term)));
}

/**
 * Corrections keep the first letter (or swap the first two), so only terms starting with one of
 * the word's first two letters are candidates: the terms by first letter.
 */
function byInitialOf(terms: VocabularyTerm[]): Map<string, { all: VocabularyTerm[]; salient: VocabularyTerm[] }> {
  const byInitial = new Map<string, { all: VocabularyTerm[]; salient: VocabularyTerm[] }>();
  for (const t of terms) {
    const bucket = byInitial.get(t.term[0] ?? '') ?? { all: [], salient: [] };
    bucket.all.push(t);
    if (t.isSalient) bucket.salient.push(t);
    byInitial.set(t.term[0] ?? '', bucket);
  }
  return byInitial;
}

/**
 * `isIndexed` asks the full-text index whether a word (in any form its stemmer folds
 * together, such as "scheduling" and "schedule") occurs at all.
 */
export function buildVocabulary(bank: Bank, isIndexed: (word: string) => boolean): Vocabulary {
  const df = new Map<string, number>();
  const salient = new Set<string>();
  for (const card of bank.cards) {
    const head = [...card.id.split('-'), ...tokenize(card.title), ...card.keywords.flatMap(tokenize)];
    for (const w of head) salient.add(w);
    for (const w of new Set([...head, ...tokenize(plainText(card.body))])) df.set(w, (df.get(w) ?? 0) + 1);
  }
  for (const t of bank.topics) for (const w of [...t.topic.split('-'), ...tokenize(t.title)]) salient.add(w);
  for (const w of synonymWords()) salient.add(w);
  for (const w of STOPWORDS) salient.delete(w);

  const all = new Set([...df.keys(), ...salient]);
  const terms: VocabularyTerm[] = [...all]
    .filter((term) => term.length >= 2 && !/^\d+$/.test(term))
    .map((term) => ({ term, df: df.get(term) ?? 0, isSalient: salient.has(term) }))
    .sort((a, b) => (a.term < b.term ? -1 : 1));
  const salientTerms = terms.filter((t) => t.isSalient);
  const nameTerms = nameTermsOf(bank, salientTerms);
  const exact = new Set(all);
  const stems = new Set([...all].map(stem));
  const salientStems = new Set([...salient].map(stem));
  const knownCache = new Map<string, boolean>();
  const corrections = new Map<string, Correction | undefined>();
  const byInitial = byInitialOf(terms);

  return {
    salientTerms,
    isWord(word) {
      return exact.has(word) || stems.has(stem(word));
    },
    isKnown(word) {
      if (exact.has(word) || stems.has(stem(word))) return true;
      let known = knownCache.get(word);
      if (known === undefined) {
        known = isIndexed(word);
        // Bounded: queries are open-ended and the process runs for weeks.
        if (knownCache.size > 10_000) knownCache.clear();
        knownCache.set(word, known);
      }
      return known;
    },
    isSalient(word) {
      return salient.has(word) || salientStems.has(stem(word));
    },
    correct(word, scope) {
      const key = `${scope}:${word}`;
      if (corrections.has(key)) return corrections.get(key);
      const initials = new Set([word[0] ?? '', word[1] ?? '']);
      const candidates = [...initials].flatMap((c) => byInitial.get(c)?.[scope] ?? []);
      const fix = preferName(word, correctWord(word, candidates), correctToName(word, nameTerms));
      // Bounded: queries are open-ended and the process runs for weeks.
      if (corrections.size > 10_000) corrections.clear();
      corrections.set(key, fix);
      return fix;
    },
    complete(prefix) {
      let best: VocabularyTerm | undefined;
      for (const t of salientTerms) {
        if (t.term.length <= prefix.length || !t.term.startsWith(prefix)) continue;
        if (!best || t.df > best.df || (t.df === best.df && t.term.length < best.term.length)) best = t;
      }
      return best?.term;
    },
  };
}
