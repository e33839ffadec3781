/**
 * Which service (topic) a query names, and which cards are about which services.
 * Derived from the bank so a new topic file needs no code change.
 */
import type { Card, Topic } from '../content/bank.ts';
import { stem, tokenize } from './normalize.ts';
import { GENERIC_NAME_WORDS } from './synonyms.ts';

/** A topic and the word sequences (stemmed) that name it. */
export interface ServiceName {
  topic: string;
  names: string[][];
}

/**
 * Names of a topic: its id ("api gateway", "apigateway"), its title without "AWS" or
 * "Amazon" when that is short ("app runner"), and any word of the id that no other topic
 * uses and that is not generic ("aurora" for aurora-serverless, "gateway" for
 * api-gateway).
 */
export function serviceNamesOf(topics: readonly Topic[]): ServiceName[] {
  const wordUse = new Map<string, number>();
  for (const t of topics) for (const w of new Set(t.topic.split('-'))) wordUse.set(w, (wordUse.get(w) ?? 0) + 1);

  return topics.map((t) => {
    const idWords = t.topic.split('-').map(stem);
    const names: string[][] = [idWords];
    if (idWords.length > 1) names.push([idWords.join('')]);
    const titleWords = tokenize(t.title.replace(/\([^)]*\)/g, ' '))
      .filter((w) => !GENERIC_NAME_WORDS.has(w))
      .map(stem);
    if (titleWords.length > 0 && titleWords.length <= 3) names.push(titleWords);
    for (const w of t.topic.split('-')) {
      if (idWords.length > 1 && wordUse.get(w) === 1 && !GENERIC_NAME_WORDS.has(w)) names.push([stem(w)]);
    }
    const unique = new Map(names.map((n) => [n.join(' '), n]));
    return { topic: t.topic, names: [...unique.values()] };
  });
}

/** True when `needle` occurs as consecutive words in `haystack`. */
export function containsPhrase(haystack: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0 || needle.length > haystack.length) return false;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Topics named by a word sequence (stemmed words). */
export function servicesIn(words: readonly string[], services: readonly ServiceName[]): string[] {
  return services.filter((s) => s.names.some((n) => containsPhrase(words, n))).map((s) => s.topic);
}

/**
 * The services a card is about: its own topic and the services its id names
 * (lambda-vs-fargate lives in fargate.yml and is about Lambda too; iam-lambda-execution-role
 * lives in iam.yml and is about Lambda too).
 */
export function cardServices(card: Card, services: readonly ServiceName[]): Set<string> {
  return new Set([card.topic, ...servicesIn(card.id.split('-').map(stem), services)]);
}

/**
 * The words that tell the two sides of a comparison card apart, stemmed:
 * "rest-vs-http-api" -> [rest], [http]; "eventbridge-rule-vs-scheduler" -> [rule],
 * [scheduler] (the shared service is on both sides); "lambda-vs-fargate" -> [lambda],
 * [fargate]; "cognito-user-pool-vs-identity-pool" -> [user], [identity] (a word both
 * sides say does not tell them apart).
 */
export function comparisonSides(card: Card): [string[], string[]] | undefined {
  const parts = card.id.split('-vs-');
  if (parts.length !== 2) return undefined;
  const topicWords = new Set(card.topic.split('-'));
  const [left, right] = parts.map((side) => side.split('-')) as [string[], string[]];
  const sideWords = (words: string[], other: string[]) => {
    const specific = words.filter((w) => !GENERIC_NAME_WORDS.has(w) && !topicWords.has(w) && !other.includes(w));
    return (specific.length > 0 ? specific : words).map(stem);
  };
  return [sideWords(left, right), sideWords(right, left)];
}

const OVERVIEW_ID = /-(overview|basics|intro|introduction|getting-started)$/;
const OVERVIEW_TITLE = /\b(overview|basics|introduction|what is|getting started)\b/i;

/**
 * The card to show for a bare service name: the topic's "-overview" card, else one whose
 * title says it is the overview, else the topic's first card (authors put the
 * introduction first).
 */
export function overviewCardOf(topic: Topic): Card | undefined {
  return (
    topic.cards.find((c) => OVERVIEW_ID.test(c.id) && !c.id.includes('-vs-')) ??
    topic.cards.find((c) => OVERVIEW_TITLE.test(c.title) && !c.id.includes('-vs-')) ??
    topic.cards[0]
  );
}
