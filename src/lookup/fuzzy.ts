/**
 * Typo correction against the index vocabulary.
 */

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transposition, so
 * "lmabda" is one edit from "lambda"). Returns `max + 1` as soon as the distance is
 * known to exceed `max`, which keeps a scan of the whole vocabulary cheap.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const n = b.length;
  let prevPrev = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let curr = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    curr[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (curr[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (prevPrev[j - 2] ?? 0) + 1);
      curr[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, curr] = [prev, curr, prevPrev];
  }
  return prev[n] ?? max + 1;
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
 * The closest vocabulary term within the allowed edits. Ties go to salient terms, then
 * to the more common term. Short words must keep their first letter: people rarely
 * mistype the first letter, and without this rule "bake" would become "make".
 */
export function correctWord(word: string, vocabulary: readonly VocabularyTerm[]): Correction | undefined {
  const max = maxEditsFor(word);
  if (max === 0) return undefined;
  let best: { t: VocabularyTerm; d: number } | undefined;
  for (const t of vocabulary) {
    if (Math.abs(t.term.length - word.length) > max) continue;
    if (word.length < 8 && t.term[0] !== word[0] && !(t.term[0] === word[1] && t.term[1] === word[0])) continue;
    const d = editDistance(word, t.term, max);
    if (d > max) continue;
    if (!best || isBetter(t, d, best.t, best.d)) best = { t, d };
  }
  return best ? { term: best.t.term, distance: best.d } : undefined;
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
