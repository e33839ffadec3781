/**
 * Lookup over the topic cards: `/aws <anything>` that is not a command.
 *
 * Method, in short:
 * 1. A full-text index (text-index.ts; the app passes SQLite FTS5 with Porter stemming) holds
 *    each card's id words, title, keywords and body; BM25 weights them in that order.
 * 2. The query is parsed (query.ts): typos corrected against the vocabulary, synonyms
 *    expanded, stopwords dropped, services and "vs" recognised.
 * 3. Each concept is scored per card as the best BM25 over its alternatives (so a group
 *    of six synonyms does not count six times), and concepts are summed.
 * 4. Structure the text score cannot see is added: the query's words in the card's title
 *    or keywords, the named service being the card's service, a comparison card covering
 *    both sides of "X vs Y", and the overview card for a bare service name.
 * 5. A card is returned only when the query rests on something the bank knows (see
 *    `isConfidentMatch`); otherwise "did you mean" and the topics.
 */
import type { Bank, Card } from '../content/bank.ts';
import { nearestTerms } from './fuzzy.ts';
import { COMPARISON_WORDS, plainText, STOPWORDS, stem, tokenize } from './normalize.ts';
import { type Alternative, type Concept, type ParsedQuery, parseQuery } from './query.ts';
import { type CardFeatures, type CardScore, scoreCards } from './score.ts';
import { cardServices, comparisonSides, overviewCardOf, type ServiceName, serviceNamesOf } from './services.ts';
import type { ColumnWeights, TextIndex, TextIndexFactory, TextQuery } from './text-index.ts';
import { buildVocabulary, type Vocabulary } from './vocabulary.ts';

export type LookupAnswer =
  | {
      kind: 'match';
      card: Card;
      /** Up to 2 other cards on the same subject. */
      seeAlso: Card[];
      /** The query as understood, when a typo was corrected. */
      corrected?: string;
    }
  | { kind: 'none'; query: string; didYouMean: string[]; topics: { topic: string; title: string }[] }
  | { kind: 'empty' };

export interface LookupHit {
  card: Card;
  score: number;
}

/** Words apart that still count as said together. */
const PROXIMITY_WINDOW = 3;

/** A runner-up is "see also" when it scores at least this share of the top card. */
const SEE_ALSO_MIN_SCORE = 0.4;

/** BM25 column weights: id words, title, keywords, body. */
const COLUMN_WEIGHTS: ColumnWeights = [8, 10, 5, 1];

export class LookupIndex {
  private readonly scoreCache = new Map<string, Map<number, number>>();

  private constructor(
    private readonly bank: Bank,
    private readonly text: TextIndex,
    private readonly engine: TextIndexFactory,
    private readonly vocabulary: Vocabulary,
    private readonly services: ServiceName[],
    private readonly features: CardFeatures[],
  ) {}

  /** Builds the index over a bank with a text engine (db/fts5-text-index.ts in the app). */
  static build(bank: Bank, engine: TextIndexFactory): LookupIndex {
    const text = engine(
      bank.cards.map((card) => ({
        slug: card.id.replace(/-/g, ' '),
        title: card.title,
        keywords: card.keywords.join(' ; '),
        body: plainText(card.body),
      })),
      COLUMN_WEIGHTS,
    );
    const vocabulary = buildVocabulary(bank, (word) => text.contains(word));
    const services = serviceNamesOf(bank.topics);
    const overviewIds = new Set(bank.topics.map((t) => overviewCardOf(t)?.id));
    const features = bank.cards.map((card) => ({
      topic: card.topic,
      headStems: new Set([...card.id.split('-'), ...tokenize(card.title)].map(stem)),
      titleStems: new Set(
        tokenize(card.title)
          .filter((w) => !STOPWORDS.has(w) && !COMPARISON_WORDS.has(w))
          .map(stem),
      ),
      keywordStems: new Set(card.keywords.flatMap(tokenize).map(stem)),
      services: cardServices(card, services),
      sides: comparisonSides(card),
      isOverview: overviewIds.has(card.id),
    }));
    return new LookupIndex(bank, text, engine, vocabulary, services, features);
  }

  /** The bank this index was built from; rebuild when `bank.hash` changes. */
  get bankHash(): string {
    return this.bank.hash;
  }

  /**
   * The index for a bank, reusing `previous` while the content is unchanged (and its engine for
   * the new one); a replaced index is closed. Call it whenever the bank is reloaded.
   */
  static refresh(previous: LookupIndex, bank: Bank): LookupIndex {
    if (previous.bankHash === bank.hash) return previous;
    const next = LookupIndex.build(bank, previous.engine);
    previous.close();
    return next;
  }

  /** Frees the text engine's memory (after a rebuild replaced this index). */
  close(): void {
    this.text.close();
  }

  /** Cards for a query, best first; empty when nothing matches with confidence. */
  search(query: string, limit = 5): LookupHit[] {
    const { hits, isConfident } = this.rank(query);
    return isConfident ? hits.slice(0, limit) : [];
  }

  answer(query: string): LookupAnswer {
    if (tokenize(query).length === 0) return { kind: 'empty' };
    const { parsed, hits, isConfident } = this.rank(query);
    const top = hits[0];
    if (!isConfident || !top) {
      return {
        kind: 'none',
        query: query.trim(),
        didYouMean: this.suggestionsFor(parsed),
        topics: this.bank.topics.map((t) => ({ topic: t.topic, title: t.title })),
      };
    }
    return {
      kind: 'match',
      card: top.card,
      seeAlso: this.seeAlsoFor(top, hits),
      ...(parsed.corrected ? { corrected: parsed.corrected } : {}),
    };
  }

  private rank(query: string): { parsed: ParsedQuery; hits: LookupHit[]; isConfident: boolean } {
    const parsed = parseQuery(query, this.vocabulary, this.services);
    if (parsed.concepts.length === 0) return { parsed, hits: [], isConfident: false };
    const lexical = parsed.concepts.map((c) => this.conceptScores(c));
    const proximity = parsed.pairs.map(([a, b]) => this.textScores({ kind: 'near', a, b, window: PROXIMITY_WINDOW }));
    const scored = scoreCards(parsed, lexical, proximity, this.features);
    const hits = scored
      .map((s, i) => ({ card: this.bank.cards[i] as Card, ...s }))
      .filter((h) => h.score > 0)
      .sort((a, b) => b.score - a.score || a.card.id.localeCompare(b.card.id));
    const best = hits[0];
    const isConfident = best !== undefined && isConfidentMatch(parsed, best);
    return { parsed, hits: hits.map(({ card, score }) => ({ card, score })), isConfident };
  }

  /** Per card, the best weighted BM25 over the concept's alternatives. */
  private conceptScores(concept: Concept): Map<number, number> {
    const best = new Map<number, number>();
    for (const alt of concept.alternatives) {
      for (const [rowid, score] of this.alternativeScores(alt)) {
        const s = score * alt.weight;
        if (s > (best.get(rowid) ?? 0)) best.set(rowid, s);
      }
    }
    return best;
  }

  private alternativeScores(alt: Alternative): Map<number, number> {
    return this.textScores({ kind: 'phrase', words: alt.words });
  }

  /** BM25 per card for a text query; cached, since the index never changes. */
  private textScores(q: TextQuery): Map<number, number> {
    const key = q.kind === 'phrase' ? `p:${q.words.join(' ')}` : `n:${q.a} ${q.b} ${q.window}`;
    let scores = this.scoreCache.get(key);
    if (!scores) {
      scores = this.text.scores(q);
      if (this.scoreCache.size > 5_000) this.scoreCache.clear();
      this.scoreCache.set(key, scores);
    }
    return scores;
  }

  /** Next hits that are close to the top, then the other cards of the same service. */
  private seeAlsoFor(top: LookupHit, hits: readonly LookupHit[]): Card[] {
    const picked: Card[] = [];
    const add = (c: Card | undefined) => {
      if (c && c.id !== top.card.id && !picked.some((p) => p.id === c.id) && picked.length < 2) picked.push(c);
    };
    for (const h of hits.slice(1)) if (h.score >= top.score * SEE_ALSO_MIN_SCORE) add(h.card);
    const topic = this.bank.topics.find((t) => t.topic === top.card.topic);
    add(topic ? overviewCardOf(topic) : undefined);
    for (const c of topic?.cards ?? []) add(c);
    return picked;
  }

  private suggestionsFor(parsed: ParsedQuery): string[] {
    const out = new Set<string>();
    for (const word of parsed.unknown) {
      for (const t of nearestTerms(word, this.vocabulary.salientTerms, 3)) out.add(t);
    }
    return [...out].slice(0, 5);
  }
}

/**
 * Share of the query a card must contain when the query names no service: half of what
 * it says, weighted by rarity. Out-of-scope queries share a word or two with some card
 * ("python" with SnapStart) but not the rest ("list comprehension").
 */
export const MIN_SHARE = 0.5;

/**
 * A card is returned only when it rests on more than its body (title, keywords or the
 * service named), the query is not about another cloud ("azure functions pricing"), and
 * either a service is named or the card contains most of what the query says.
 */
function isConfidentMatch(parsed: ParsedQuery, best: CardScore): boolean {
  if (!best.hasEvidence) return false;
  // "azure kubernetes service" names EKS only through a synonym.
  if (parsed.namesOtherPlatform && parsed.directServices.length === 0) return false;
  return parsed.services.length > 0 || best.share >= MIN_SHARE;
}
