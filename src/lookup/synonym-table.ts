/**
 * The synonym table (synonyms.ts) as the parser uses it: phrases keyed by their stems.
 */
import { stem, tokenize } from './normalize.ts';
import { SERVICE_ALIAS_GROUPS, SYNONYM_GROUPS } from './synonyms.ts';

const ALL_GROUPS = [...SYNONYM_GROUPS, ...SERVICE_ALIAS_GROUPS];

export interface Member {
  words: string[];
  stems: string[];
}

export interface SynonymTable {
  groupsByKey: Map<string, number[]>;
  groups: Member[][];
  /** Indexes of the groups that are other names for a service (SERVICE_ALIAS_GROUPS). */
  aliasGroups: Set<number>;
  longest: number;
  /** Stems of the one-word members. */
  singleWords: Set<string>;
}

function buildSynonymTable(): SynonymTable {
  const groups = ALL_GROUPS.map((g) =>
    g.map((phrase) => {
      const words = tokenize(phrase);
      return { words, stems: words.map(stem) };
    }),
  );
  const groupsByKey = new Map<string, number[]>();
  const singleWords = new Set<string>();
  let longest = 1;
  groups.forEach((g, index) => {
    for (const m of g) {
      const key = m.stems.join(' ');
      groupsByKey.set(key, [...(groupsByKey.get(key) ?? []), index]);
      longest = Math.max(longest, m.stems.length);
      if (m.stems.length === 1) singleWords.add(key);
    }
  });
  const aliasGroups = new Set(SERVICE_ALIAS_GROUPS.map((_, k) => SYNONYM_GROUPS.length + k));
  return { groupsByKey, groups, aliasGroups, longest, singleWords };
}

export const SYNONYMS = buildSynonymTable();

/**
 * One-word members of the synonym table, for the vocabulary (so "kubernets" can become
 * "kubernetes"). Words of longer phrases ("center" of "data center") stay out: alone
 * they say little.
 */
export function synonymWords(): string[] {
  return ALL_GROUPS.flatMap((g) => g.map((p) => tokenize(p))).flatMap((words) => (words.length === 1 ? words : []));
}

/** The longest synonym phrase starting at word `i`, and its groups. */
export function longestSynonymAt(stems: readonly string[], i: number): { length: number; groups: number[] } | undefined {
  for (let len = Math.min(SYNONYMS.longest, stems.length - i); len >= 1; len--) {
    const groups = SYNONYMS.groupsByKey.get(stems.slice(i, i + len).join(' '));
    if (groups) return { length: len, groups };
  }
  return undefined;
}

/** Part of a multi-word synonym ("snap" in "snap start"): leave it for the phrase. */
export function isInSynonymPhrase(stems: readonly string[], i: number): boolean {
  for (let len = 2; len <= SYNONYMS.longest; len++) {
    for (let start = Math.max(0, i - len + 1); start <= i && start + len <= stems.length; start++) {
      if (SYNONYMS.groupsByKey.has(stems.slice(start, start + len).join(' '))) return true;
    }
  }
  return false;
}
