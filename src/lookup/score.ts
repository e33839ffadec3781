/**
 * Ranking: BM25 from FTS5 plus what the text score cannot see. Pure, so the weights can
 * be tested and tuned on plain values.
 */
import type { Concept, ParsedQuery } from './query.ts';

export interface CardFeatures {
  topic: string;
  /** Stemmed words of the card's id and title. */
  headStems: ReadonlySet<string>;
  /** Stemmed content words of the title alone (no stopwords, no "AWS"). */
  titleStems: ReadonlySet<string>;
  keywordStems: ReadonlySet<string>;
  /** Topics the card is about: its own and, for a comparison card, both sides'. */
  services: ReadonlySet<string>;
  /** For "a-vs-b" cards, the stemmed words of each side. */
  sides: [string[], string[]] | undefined;
  /** The card a bare service name should return. */
  isOverview: boolean;
}

export interface CardScore {
  score: number;
  /** The signals, each in [0, 1], for explaining a ranking. */
  signals: { text: number; head: number; service: number; comparison: number; overview: number; titleFit: number };
  /** The card's title, keywords or service match the query, not only its body. */
  hasEvidence: boolean;
  /**
   * Share of what the query says that the card contains: its concepts found in the card,
   * weighted by rarity and by confidence in typo corrections, over all its concepts and
   * unknown words (which count as the rarest).
   */
  share: number;
}

/**
 * Weights of the signals, each signal being in [0, 1]. The text score is normalised to
 * the best card's, so these read as "worth that share of the best text match".
 */
export const WEIGHTS = {
  /** Share of the query's concepts (weighted by rarity) found in the card's title or id (keywords count 0.6). */
  head: 1,
  /** Share of the named services that are the card's. */
  service: 0.6,
  /** A comparison card whose two sides are both in a query that asks to compare. */
  comparison: 1.5,
  /** The overview card of a service named on its own ("k8s", "what is appsync"). */
  overview: 1.5,
  /**
   * Share of the title's words the query says: "eventbridge scheduler" fits the title
   * "EventBridge Scheduler" better than "EventBridge rule vs EventBridge Scheduler".
   */
  titleFit: 0.4,
} as const;

const KEYWORD_HIT = 0.6;

/** How much two query words said together add, next to the words' own scores. */
const PROXIMITY_WEIGHT = 0.5;

function isSubset(stems: readonly string[], set: ReadonlySet<string>): boolean {
  return stems.every((s) => set.has(s));
}

/** Per stem, the cards whose id/title (head) or keywords have it; built once per bank. */
interface StemIndex {
  head: Map<string, number[]>;
  keyword: Map<string, number[]>;
}

const stemIndexes = new WeakMap<readonly CardFeatures[], StemIndex>();

function stemIndexOf(features: readonly CardFeatures[]): StemIndex {
  let index = stemIndexes.get(features);
  if (!index) {
    const head = new Map<string, number[]>();
    const keyword = new Map<string, number[]>();
    const add = (map: Map<string, number[]>, stems: ReadonlySet<string>, i: number) => {
      for (const s of stems) map.set(s, [...(map.get(s) ?? []), i]);
    };
    features.forEach((f, i) => {
      add(head, f.headStems, i);
      add(keyword, f.keywordStems, i);
    });
    index = { head, keyword };
    stemIndexes.set(features, index);
  }
  return index;
}

/**
 * Per card, how well the concept is in its id or title (1) or keywords (0.6), times the
 * weight of the alternative found. Only the cards that have an alternative's first word
 * are looked at, so the cost follows the matches, not the size of the bank.
 */
function headHits(concept: Concept, features: readonly CardFeatures[], index: StemIndex): Float64Array {
  const hits = new Float64Array(features.length);
  for (const alt of concept.alternatives) {
    const first = alt.stems[0] ?? '';
    for (const i of index.head.get(first) ?? []) {
      if (alt.weight > (hits[i] ?? 0) && isSubset(alt.stems, (features[i] as CardFeatures).headStems)) hits[i] = alt.weight;
    }
    const kw = KEYWORD_HIT * alt.weight;
    for (const i of index.keyword.get(first) ?? []) {
      if (kw > (hits[i] ?? 0) && isSubset(alt.stems, (features[i] as CardFeatures).keywordStems)) hits[i] = kw;
    }
  }
  return hits;
}

/**
 * `lexical[c]` maps a card's index to the text score of concept `c` in it; `proximity[p]`
 * to the text score of the query's p-th pair of neighbouring words said close together.
 */
export function scoreCards(
  parsed: ParsedQuery,
  lexical: readonly ReadonlyMap<number, number>[],
  proximity: readonly ReadonlyMap<number, number>[],
  features: readonly CardFeatures[],
): CardScore[] {
  const sumAt = (maps: readonly ReadonlyMap<number, number>[], i: number) => maps.reduce((sum, m) => sum + (m.get(i) ?? 0), 0);
  const text = features.map((_, i) => sumAt(lexical, i) + PROXIMITY_WEIGHT * sumAt(proximity, i));
  const maxText = Math.max(0, ...text);
  // A rare word in a title ("kinesis") is stronger evidence than a common one ("trigger").
  const idf = lexical.map((m) => Math.log(1 + features.length / Math.max(1, m.size)));
  const idfSum = idf.reduce((a, b) => a + b, 0) || 1;
  const saidSum = idfSum + parsed.unknown.length * Math.log(1 + features.length);
  const index = stemIndexOf(features);
  const headsByConcept = parsed.concepts.map((c) => headHits(c, features, index));
  const queryStems = new Set(parsed.concepts.flatMap((c) => c.alternatives.flatMap((a) => a.stems)));
  const named = parsed.services;
  const direct = new Set(parsed.directServices);
  // One service on its own, not compared with anything.
  const isOverviewQuery = named.length === 1 && !parsed.isComparison && parsed.concepts.every((c) => c.isNameOrOverview);

  return features.map((f, i) => {
    const t = text[i] ?? 0;
    const heads = headsByConcept.map((h) => h[i] ?? 0);
    const head = heads.reduce((sum, h, c) => sum + h * (idf[c] ?? 0), 0) / idfSum;
    // A service reached through a synonym ("docker" for containers) counts half.
    const service =
      named.length === 0
        ? 0
        : named.reduce((sum, s) => sum + (f.services.has(s) ? (direct.has(s) ? 1 : 0.5) : 0), 0) / named.length;
    // Only a query that asks to compare ("vs", "or", "difference") wants a comparison card:
    // "sns topic to multiple sqs queues" names both sides of sns-vs-sqs but asks for fan-out.
    let comparison = 0;
    if (f.sides && parsed.isComparison) {
      const hitSides = f.sides.filter((side) => side.some((w) => queryStems.has(w))).length;
      if (hitSides === 2) comparison = 1;
      // "lambda vs containers": one side by name, the other in the card's keywords.
      else if (hitSides === 1 && heads.every((h) => h > 0)) comparison = 0.7;
      else if (hitSides === 1) comparison = 0.2;
    }
    const overview = isOverviewQuery && f.isOverview && named.includes(f.topic) ? 1 : 0;
    let fitted = 0;
    for (const w of f.titleStems) if (queryStems.has(w)) fitted++;
    const titleFit = f.titleStems.size === 0 ? 0 : fitted / f.titleStems.size;
    const hasEvidence = t > 0 && (heads.some((h) => h > 0) || service > 0);
    const found = parsed.concepts.reduce(
      (sum, c, k) => sum + ((lexical[k]?.get(i) ?? 0) > 0 || (heads[k] ?? 0) > 0 ? (idf[k] ?? 0) * c.confidence : 0),
      0,
    );
    const share = found / saidSum;
    const signals = { text: maxText > 0 ? t / maxText : 0, head, service, comparison, overview, titleFit };
    if (t === 0 && service === 0 && comparison === 0 && overview === 0) return { score: 0, signals, hasEvidence, share };
    const score =
      signals.text +
      WEIGHTS.head * head +
      WEIGHTS.service * service +
      WEIGHTS.comparison * comparison +
      WEIGHTS.overview * overview +
      WEIGHTS.titleFit * titleFit;
    return { score, signals, hasEvidence, share };
  });
}
