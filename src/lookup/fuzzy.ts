/**
 * Typo correction against the index vocabulary.
 */

// Rows reused across calls: the distance is computed for hundreds of terms per typo.
let rows = [new Int32Array(32), new Int32Array(32), new Int32Array(32)];

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transposition, so
 * "lmabda" is one edit from "lambda"). Returns `max + 1` as soon as the distance is
 * known to exceed `max`, which keeps a scan of the whole vocabulary cheap.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const n = b.length;
  if ((rows[0]?.length ?? 0) <= n) rows = [new Int32Array(n + 1), new Int32Array(n + 1), new Int32Array(n + 1)];
  let [prevPrev, prev, curr] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    curr[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = Math.min((prev[j] as number) + 1, (curr[j - 1] as number) + 1, (prev[j - 1] as number) + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj)
        d = Math.min(d, (prevPrev[j - 2] as number) + 1);
      curr[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, curr] = [prev, curr, prevPrev];
  }
  return prev[n] as number;
}

/**
 * Edits allowed for a word of this length: none below 4 letters (ecs/eks/ecr are one
 * edit apart and all real), 1 up to 7 letters, 2 from 8.
 */
export function maxEditsFor(word: string): number {
  if (word.length < 4) return 0;
  return word.length >= 8 ? 2 : 1;
}

export interface VocabularyTerm {
  term: string;
  /** Cards the term appears in. */
  df: number;
  /** Appears in a title, id, keywords, topic name or the synonym table. */
  isSalient: boolean;
}

export interface Correction {
  term: string;
  distance: number;
}

/**
 * Whether a term could be a correction of the word by its first letter: people rarely
 * mistype the first letter (without this rule "bake" would become "make"), but may swap
 * the first two.
 */
export function sharesInitial(word: string, term: string): boolean {
  return term[0] === word[0] || (term[0] === word[1] && term[1] === word[0]);
}

/**
 * The closest vocabulary term within the allowed edits that keeps the word's first
 * letter. Ties go to salient terms, then to the more common term.
 */
export function correctWord(word: string, vocabulary: readonly VocabularyTerm[]): Correction | undefined {
  const max = maxEditsFor(word);
  if (max === 0) return undefined;
  let best: { t: VocabularyTerm; d: number } | undefined;
  for (const t of vocabulary) {
    // Three-letter terms are acronyms (sam, ecs, sqs); "same" is not a typo of "sam".
    if (t.term.length < 4 || Math.abs(t.term.length - word.length) > max) continue;
    if (!sharesInitial(word, t.term)) continue;
    const d = editDistance(word, t.term, max);
    if (d > max) continue;
    if (!best || isBetter(t, d, best.t, best.d)) best = { t, d };
  }
  return best ? { term: best.t.term, distance: best.d } : undefined;
}

/** Letters a word shares with a term from the start. */
export function sharedPrefix(word: string, term: string): number {
  let k = 0;
  while (k < word.length && k < term.length && word[k] === term[k]) k++;
  return k;
}

/** A service name may be one edit further than `maxEditsFor` allows when it starts the same. */
const NAME_PREFIX = 3;

/** Edits a typo of a service name may have (the most `maxEditsFor` allows any word). */
const NAME_MAX_EDITS = 2;

/**
 * The closest service name for a typo, allowing two edits from 5 letters (where
 * `correctWord` allows one) when the word starts with the name's first three letters:
 * "farget" is two edits from "fargate", which a query is far more likely to mean than a
 * common word one edit away. Ties go to the longer shared start, then to the more common
 * name.
 */
export function correctToName(word: string, names: readonly VocabularyTerm[]): Correction | undefined {
  if (word.length < 5) return undefined;
  const max = Math.max(NAME_MAX_EDITS, maxEditsFor(word));
  let best: { t: VocabularyTerm; d: number; p: number } | undefined;
  for (const t of names) {
    if (t.term.length < 4 || Math.abs(t.term.length - word.length) > max) continue;
    const p = sharedPrefix(word, t.term);
    if (p < NAME_PREFIX) continue;
    const d = editDistance(word, t.term, max);
    if (d > max) continue;
    if (!best || d < best.d || (d === best.d && (p > best.p || (p === best.p && t.df > best.t.df)))) best = { t, d, p };
  }
  return best ? { term: best.t.term, distance: best.d } : undefined;
}

/**
 * Of a correction to any term and one to a service name, the one a query more likely
 * means: the name when it is as close, or one edit further but sharing a longer start
 * with the word ("farget" -> "fargate" rather than a common word one edit away).
 */
export function preferName(word: string, fix: Correction | undefined, nameFix: Correction | undefined): Correction | undefined {
  if (!nameFix) return fix;
  if (!fix || nameFix.distance <= fix.distance) return nameFix;
  const isLongerStart = sharedPrefix(word, nameFix.term) > sharedPrefix(word, fix.term);
  return nameFix.distance === fix.distance + 1 && isLongerStart ? nameFix : fix;
}

function isBetter(t: VocabularyTerm, d: number, other: VocabularyTerm, otherD: number): boolean {
  if (d !== otherD) return d < otherD;
  if (t.isSalient !== other.isSalient) return t.isSalient;
  if (t.df !== other.df) return t.df > other.df;
  return t.term < other.term;
}

/** Suggestions for "did you mean": salient terms within a looser distance, closest first. */
export function nearestTerms(word: string, vocabulary: readonly VocabularyTerm[], limit: number): string[] {
  const max = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  const scored: { term: string; d: number; df: number }[] = [];
  for (const t of vocabulary) {
    if (!t.isSalient || t.term.length < 3) continue;
    const d = editDistance(word, t.term, max);
    if (d <= max) scored.push({ term: t.term, d, df: t.df });
  }
  scored.sort((a, b) => a.d - b.d || b.df - a.df || a.term.localeCompare(b.term));
  return scored.slice(0, limit).map((s) => s.term);
}
