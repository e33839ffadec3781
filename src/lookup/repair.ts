/**
 * Repairs the words of a query before it is searched: split compounds joined ("event
 * bridge"), run-together words split ("lambdalimits"), typos corrected against the index
 * vocabulary, words still being typed completed.
 */
import { COMPARISON_WORDS, STOPWORDS, stem } from './normalize.ts';
import { isInSynonymPhrase, SYNONYMS } from './synonym-table.ts';
import type { Vocabulary } from './vocabulary.ts';

export interface Token {
  word: string;
  /** 1 as typed, lower for a corrected word, 0 when nothing matched. */
  confidence: number;
  isChanged: boolean;
}

/** Per-word pass: join split compounds, split run-together words, fix typos, complete prefixes. */
export function repairTokens(raw: readonly string[], vocab: Vocabulary): Token[] {
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
  const fix = vocab.correct(word, 'salient');
  // Someone still typing ("snap", "appsy") gets the word completed, unless a swapped or
  // wrong letter explains it better ("strat" is "start", not "strategy").
  const completion = word.length >= 3 ? vocab.complete(word) : undefined;
  if (completion && !(fix && fix.term.length === word.length)) return [{ word: completion, confidence: 0.7, isChanged: true }];
  if (fix) return [{ word: fix.term, confidence: 1 - 0.15 * fix.distance, isChanged: true }];
  if (vocab.isKnown(word)) return [asTyped];
  const bodyFix = vocab.correct(word, 'all');
  if (bodyFix) return [{ word: bodyFix.term, confidence: 1 - 0.15 * bodyFix.distance, isChanged: true }];
  return [{ word, confidence: 0, isChanged: false }];
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
