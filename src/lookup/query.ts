/**
 * Turns what someone typed into concepts to search for: typos corrected against the
 * index vocabulary, synonyms expanded, stopwords dropped, "X vs Y" recognised.
 */
import { correctWord, type VocabularyTerm } from './fuzzy.ts';
import { COMPARISON_WORDS, OVERVIEW_WORDS, STOPWORDS, stem, tokenize } from './normalize.ts';
import { containsPhrase, type ServiceName, servicesIn } from './services.ts';
import { OTHER_PLATFORMS, SYNONYM_GROUPS } from './synonyms.ts';

/** What the parser needs to know about the indexed words. */
export interface Vocabulary {
  terms: readonly VocabularyTerm[];
  salientTerms: readonly VocabularyTerm[];
  /** The word, or its plural or singular, occurs in some card. */
  isWord(word: string): boolean;
  /** The word, or a form the index's stemmer folds with it ("scheduling"), occurs in some card. */
  isKnown(word: string): boolean;
  /** The word occurs in a title, id, keywords, topic name or the synonym table. */
  isSalient(word: string): boolean;
  /** The most common salient word that starts with `prefix`. */
  complete(prefix: string): string | undefined;
}

/** One way of saying a concept; `words` are raw (for FTS5), `stems` for matching in JS. */
export interface Alternative {
  words: string[];
  stems: string[];
  weight: number;
}

export interface Concept {
  alternatives: Alternative[];
  /** Topics this concept names ("k8s" names eks). */
  services: string[];
  /** The concept is a service name or an "overview" word. */
  isNameOrOverview: boolean;
  /** 1 as typed, less when a typo was corrected. */
  confidence: number;
}

export interface ParsedQuery {
  concepts: Concept[];
  /** "vs", "or", "compare", "difference" … appeared. */
  isComparison: boolean;
  /** Topics the query names ("k8s" names eks). */
  services: string[];
  namesOtherPlatform: boolean;
  /** The query as understood, when a word was corrected. */
  corrected?: string;
  /** Content words that matched nothing. */
  unknown: string[];
  /** Neighbouring content words, to reward cards that say them together ("targets per rule"). */
  pairs: [string, string][];
}

/** Words after which the next concept is what is not wanted. */
const NEGATIONS: ReadonlySet<string> = new Set(['without', 'except', 'excluding']);

/** How much a synonym counts next to the word typed. */
const SYNONYM_WEIGHT = 0.7;

interface Member {
  words: string[];
  stems: string[];
}

interface SynonymTable {
  groupsByKey: Map<string, number[]>;
  groups: Member[][];
  longest: number;
  /** Stems of the one-word members. */
  singleWords: Set<string>;
}

function buildSynonymTable(): SynonymTable {
  const groups = SYNONYM_GROUPS.map((g) =>
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
  return { groupsByKey, groups, longest, singleWords };
}

export const SYNONYMS = buildSynonymTable();

/**
 * One-word members of the synonym table, for the vocabulary (so "kubernets" can become
 * "kubernetes"). Words of longer phrases ("center" of "data center") stay out: alone
 * they say little.
 */
export function synonymWords(): string[] {
  return SYNONYM_GROUPS.flatMap((g) => g.map((p) => tokenize(p))).flatMap((words) => (words.length === 1 ? words : []));
}

const OTHER_PLATFORM_PHRASES = OTHER_PLATFORMS.map((p) => tokenize(p));

interface Token {
  word: string;
  /** 1 as typed, lower for a corrected word, 0 when nothing matched. */
  confidence: number;
  isChanged: boolean;
}

/** Per-word pass: join split compounds, split run-together words, fix typos, complete prefixes. */
function normalizeTokens(raw: readonly string[], vocab: Vocabulary): Token[] {
  const stems = raw.map(stem);
  const out: Token[] = [];
  for (let i = 0; i < raw.length; i++) {
    const word = raw[i] as string;
    const next = raw[i + 1];
    if (next !== undefined && isSplitCompound(word, next, vocab)) {
      out.push({ word: word + next, confidence: 1, isChanged: false });
      i++;
    } else if (isInSynonymPhrase(stems, i)) {
      out.push({ word, confidence: 1, isChanged: false });
    } else {
      out.push(...resolveWord(word, vocab));
    }
  }
  return out;
}

/** One word on its own: as typed when the bank or the synonym table knows it, else repaired. */
function resolveWord(word: string, vocab: Vocabulary): Token[] {
  const asTyped = { word, confidence: 1, isChanged: false };
  if (STOPWORDS.has(word) || COMPARISON_WORDS.has(word) || /^\d+$/.test(word)) return [asTyped];
  if (SYNONYMS.singleWords.has(stem(word)) || vocab.isSalient(word) || vocab.isWord(word)) return [asTyped];
  const split = splitCompound(word, vocab);
  if (split) return split.map((w) => ({ word: w, confidence: 1, isChanged: true }));
  // A typo of a title or keyword word beats a rare body word or a stemmer collision
  // ("kubernets" stems like "kubernetes" but must be corrected to name EKS).
  const fix = correctWord(word, vocab.salientTerms);
  // Someone still typing ("snap", "appsy") gets the word completed, unless a swapped or
  // wrong letter explains it better ("strat" is "start", not "strategy").
  const completion = word.length >= 3 ? vocab.complete(word) : undefined;
  if (completion && !(fix && fix.term.length === word.length)) return [{ word: completion, confidence: 0.7, isChanged: true }];
  if (fix) return [{ word: fix.term, confidence: 1 - 0.15 * fix.distance, isChanged: true }];
  if (vocab.isKnown(word)) return [asTyped];
  const bodyFix = correctWord(word, vocab.terms);
  if (bodyFix) return [{ word: bodyFix.term, confidence: 1 - 0.15 * bodyFix.distance, isChanged: true }];
  return [{ word, confidence: 0, isChanged: false }];
}

/** Part of a multi-word synonym ("snap" in "snap start"): leave it for the phrase. */
function isInSynonymPhrase(stems: readonly string[], i: number): boolean {
  for (let len = 2; len <= SYNONYMS.longest; len++) {
    for (let start = Math.max(0, i - len + 1); start <= i && start + len <= stems.length; start++) {
      if (SYNONYMS.groupsByKey.has(stems.slice(start, start + len).join(' '))) return true;
    }
  }
  return false;
}

/**
 * "event bridge" -> "eventbridge". Two words that are each known stay apart ("http api"
 * must not become the SAM resource "HttpApi") unless the synonym table knows the whole.
 */
function isSplitCompound(word: string, next: string, vocab: Vocabulary): boolean {
  const joined = word + next;
  if (STOPWORDS.has(next) || !vocab.isSalient(joined)) return false;
  if (SYNONYMS.groupsByKey.has(`${stem(word)} ${stem(next)}`)) return false;
  return SYNONYMS.singleWords.has(stem(joined)) || !vocab.isKnown(word) || !vocab.isKnown(next);
}

/** "lambdalimits" -> ["lambda", "limits"] when both halves are salient words. */
function splitCompound(word: string, vocab: Vocabulary): [string, string] | undefined {
  if (word.length < 6) return undefined;
  for (let k = 3; k <= word.length - 3; k++) {
    const a = word.slice(0, k);
    const b = word.slice(k);
    if (vocab.isSalient(a) && vocab.isSalient(b)) return [a, b];
  }
  return undefined;
}

function longestSynonymAt(stems: readonly string[], i: number): { length: number; groups: number[] } | undefined {
  for (let len = Math.min(SYNONYMS.longest, stems.length - i); len >= 1; len--) {
    const groups = SYNONYMS.groupsByKey.get(stems.slice(i, i + len).join(' '));
    if (groups) return { length: len, groups };
  }
  return undefined;
}

export function parseQuery(text: string, vocab: Vocabulary, services: readonly ServiceName[]): ParsedQuery {
  const raw = tokenize(text).filter((w, i, all) => !(/^\d+$/.test(w) && all[i - 1] === 'every'));
  const tokens = normalizeTokens(raw, vocab);
  const stems = tokens.map((t) => stem(t.word));
  const concepts: Concept[] = [];
  const unknown: string[] = [];
  let isComparison = false;
  // "over https without api gateway": what follows "without" is not what is wanted.
  let isNegated = false;

  for (let i = 0; i < tokens.length; ) {
    const token = tokens[i] as Token;
    const synonym = longestSynonymAt(stems, i);
    const length = synonym?.length ?? 1;
    const isSkipped = STOPWORDS.has(token.word) || COMPARISON_WORDS.has(token.word);
    if (NEGATIONS.has(token.word)) isNegated = true;
    else if (!synonym && COMPARISON_WORDS.has(token.word)) isComparison = true;
    else if (isNegated && (synonym || !isSkipped)) isNegated = false;
    else if (synonym) concepts.push(synonymConcept(tokens.slice(i, i + length), synonym.groups, services));
    else if (isSkipped) {
      // glue between the words that matter
    } else if (token.confidence === 0) unknown.push(token.word);
    else concepts.push(wordConcept(token, services));
    i += length;
  }

  const content = tokens
    .filter((t) => t.confidence > 0 && !STOPWORDS.has(t.word) && !COMPARISON_WORDS.has(t.word))
    .map((t) => t.word);
  return {
    concepts,
    isComparison,
    services: [...new Set(concepts.flatMap((c) => c.services))],
    namesOtherPlatform: OTHER_PLATFORM_PHRASES.some((p) => containsPhrase(raw, p)),
    ...(tokens.some((t) => t.isChanged) ? { corrected: tokens.map((t) => t.word).join(' ') } : {}),
    unknown,
    pairs: content.slice(1).map((w, k) => [content[k] as string, w] as [string, string]),
  };
}

/** A phrase from the synonym table, searched as every member of its groups. */
function synonymConcept(phrase: readonly Token[], groups: readonly number[], services: readonly ServiceName[]): Concept {
  const typedWords = phrase.map((t) => t.word);
  const typedKey = typedWords.map(stem).join(' ');
  // "how long" or "how many" is only a way of asking for the group's first member.
  const isQuestionForm = typedWords.some((w) => STOPWORDS.has(w));
  const seen = new Set<string>();
  const alternatives: Alternative[] = [];
  for (const g of groups) {
    (SYNONYMS.groups[g] ?? []).forEach((m, k) => {
      const key = m.stems.join(' ');
      if (seen.has(key)) return;
      seen.add(key);
      // Spelling variants ("snap start", "snapstart") are what was typed.
      const isTyped = key.replace(/ /g, '') === typedKey.replace(/ /g, '') || (isQuestionForm && k === 0);
      alternatives.push({ words: m.words, stems: m.stems, weight: isTyped ? 1 : SYNONYM_WEIGHT });
    });
  }
  if (!seen.has(typedKey)) alternatives.push({ words: typedWords, stems: typedKey.split(' '), weight: 1 });
  const named = namedBy(alternatives, services);
  return {
    alternatives,
    services: named,
    isNameOrOverview: named.length > 0,
    confidence: Math.min(...phrase.map((t) => t.confidence)),
  };
}

function wordConcept(token: Token, services: readonly ServiceName[]): Concept {
  const s = stem(token.word);
  const alternatives = [{ words: [token.word], stems: [s], weight: 1 }];
  const named = namedBy(alternatives, services);
  return { alternatives, services: named, isNameOrOverview: named.length > 0 || OVERVIEW_WORDS.has(s), confidence: token.confidence };
}

/**
 * Services a concept names. An alternative that is exactly a service name wins ("container
 * registry" names ECR, not containers); otherwise a name inside what was typed counts
 * ("lambda@edge" names Lambda).
 */
function namedBy(alternatives: readonly Alternative[], services: readonly ServiceName[]): string[] {
  const exact = services
    .filter((s) => s.names.some((n) => alternatives.some((a) => a.stems.join(' ') === n.join(' '))))
    .map((s) => s.topic);
  if (exact.length > 0) return exact;
  const typed = alternatives.filter((a) => a.weight === 1);
  return [...new Set(typed.flatMap((a) => servicesIn(a.stems, services)))];
}
