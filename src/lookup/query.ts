/**
 * Turns what someone typed into concepts to search for: typos corrected against the
 * index vocabulary, synonyms expanded, stopwords dropped, "X vs Y" recognised.
 */
import { COMPARISON_WORDS, OVERVIEW_WORDS, STOPWORDS, stem, tokenize } from './normalize.ts';
import { repairTokens, type Token } from './repair.ts';
import { containsPhrase, type ServiceName, servicesIn } from './services.ts';
import { longestSynonymAt, SYNONYMS } from './synonym-table.ts';
import { OTHER_PLATFORMS } from './synonyms.ts';
import type { Vocabulary } from './vocabulary.ts';

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
  /** The name was typed ("eks"), not reached through a synonym ("k8s", "docker"). */
  namesDirectly: boolean;
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
  /** Topics the query names in their own words ("eks", not "kubernetes"). */
  directServices: string[];
  namesOtherPlatform: boolean;
  /** The query as understood, when a word was corrected. */
  corrected?: string;
  /** Content words that matched nothing. */
  unknown: string[];
  /** Neighbouring content words, to reward cards that say them together ("targets per rule"). */
  pairs: [string, string][];
}

/** A lookup is a few words; a pasted page must not cost hundreds of searches. */
const MAX_WORDS = 24;

/** Words after which the next concept is what is not wanted. */
const NEGATIONS: ReadonlySet<string> = new Set(['without', 'except', 'excluding']);

/** How much a synonym counts next to the word typed. */
const SYNONYM_WEIGHT = 0.7;

const OTHER_PLATFORM_PHRASES = OTHER_PLATFORMS.map((p) => tokenize(p));

export function parseQuery(text: string, vocab: Vocabulary, services: readonly ServiceName[]): ParsedQuery {
  const raw = tokenize(text)
    .slice(0, MAX_WORDS)
    .filter((w, i, all) => !(/^\d+$/.test(w) && all[i - 1] === 'every'));
  const tokens = repairTokens(raw, vocab);
  const stems = tokens.map((t) => stem(t.word));
  const concepts: Concept[] = [];
  const unknown: string[] = [];
  let isComparison = false;
  // "over https without api gateway": what follows "without" is not what is wanted.
  let isNegated = false;

  // "limit how many": the same thing said twice counts once.
  const typedSeen = new Set<string>();

  for (let i = 0; i < tokens.length; ) {
    const token = tokens[i] as Token;
    const synonym = longestSynonymAt(stems, i);
    const length = synonym?.length ?? 1;
    const isSkipped = STOPWORDS.has(token.word) || COMPARISON_WORDS.has(token.word);
    if (!synonym && NEGATIONS.has(token.word)) isNegated = true;
    else if (!synonym && COMPARISON_WORDS.has(token.word)) isComparison = true;
    else if (isNegated && (synonym || !isSkipped)) isNegated = false;
    else if (synonym) {
      const concept = synonymConcept(tokens.slice(i, i + length), synonym.groups, services);
      const typed = concept.alternatives.filter((a) => a.weight === 1).map((a) => a.stems.join(' '));
      if (!typed.some((k) => typedSeen.has(k))) concepts.push(concept);
      for (const k of typed) typedSeen.add(k);
    } else if (isSkipped) {
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
    directServices: [...new Set(concepts.flatMap((c) => (c.namesDirectly ? c.services : [])))],
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
  // Phrases of an alias group name its service; a feature group's members are only searched.
  const aliases: Alternative[] = [];
  for (const g of groups) {
    const isAliasGroup = SYNONYMS.aliasGroups.has(g);
    (SYNONYMS.groups[g] ?? []).forEach((m, k) => {
      const key = m.stems.join(' ');
      if (seen.has(key)) {
        const known = alternatives.find((a) => a.stems.join(' ') === key);
        if (isAliasGroup && known && !aliases.includes(known)) aliases.push(known);
        return;
      }
      seen.add(key);
      // Spelling variants ("snap start", "snapstart") are what was typed.
      const isTyped = key.replace(/ /g, '') === typedKey.replace(/ /g, '') || (isQuestionForm && k === 0);
      const alt = { words: m.words, stems: m.stems, weight: isTyped ? 1 : SYNONYM_WEIGHT };
      alternatives.push(alt);
      if (isAliasGroup) aliases.push(alt);
    });
  }
  if (!seen.has(typedKey)) alternatives.push({ words: typedWords, stems: typedKey.split(' '), weight: 1 });
  const named = namedBy(alternatives, aliases, services);
  return {
    alternatives,
    services: named.topics,
    namesDirectly: named.isDirect,
    isNameOrOverview: named.topics.length > 0,
    confidence: Math.min(...phrase.map((t) => t.confidence)),
  };
}

function wordConcept(token: Token, services: readonly ServiceName[]): Concept {
  const s = stem(token.word);
  const alternatives = [{ words: [token.word], stems: [s], weight: 1 }];
  const named = namedBy(alternatives, [], services);
  return {
    alternatives,
    services: named.topics,
    namesDirectly: named.isDirect,
    isNameOrOverview: named.topics.length > 0 || OVERVIEW_WORDS.has(s),
    confidence: token.confidence,
  };
}

/**
 * Services a concept names. What was typed names a service when it is the name ("eks")
 * or contains it ("lambda@edge", "dynamodb streams"); a phrase of an alias group names
 * one when it is the name ("k8s" reaches "eks"). An exact name wins over a name inside
 * ("container registry" names ECR, not containers). Direct when what was typed is or
 * contains the name. A feature group's members never name a service: "fan out" also
 * searches for SNS but is not a question about SNS.
 */
function namedBy(
  alternatives: readonly Alternative[],
  aliases: readonly Alternative[],
  services: readonly ServiceName[],
): { topics: string[]; isDirect: boolean } {
  const typed = alternatives.filter((a) => a.weight === 1);
  const isName = (a: Alternative, s: ServiceName) => s.names.some((n) => a.stems.join(' ') === n.join(' '));
  const exact = services.filter((s) => [...typed, ...aliases].some((a) => isName(a, s)));
  if (exact.length > 0) {
    return { topics: exact.map((s) => s.topic), isDirect: exact.some((s) => typed.some((a) => isName(a, s))) };
  }
  const inside = [...new Set(typed.flatMap((a) => servicesIn(a.stems, services)))];
  return { topics: inside, isDirect: inside.length > 0 };
}
