/**
 * Lookup latency over the full bank: 1,000 mixed queries (exact, typo, paraphrase, broad,
 * comparison) made from the cards themselves, timed one by one in-process.
 *
 *   npx tsx bench/lookup.ts
 */
import { pathToFileURL } from 'node:url';
import type { Bank, Card } from '../src/content/bank.ts';
import { loadBank } from '../src/content/load.ts';
import { fts5TextIndex } from '../src/db/fts5-text-index.ts';
import { LookupIndex } from '../src/lookup/index.ts';
import { seededRandom } from '../test/support/seeded-random.ts';

const QUERY_COUNT = 1_000;

/** One typing slip in the longest word: a swap, a dropped letter, a doubled letter or a wrong one. */
function withTypo(query: string, kind: number): string {
  const words = query.split(' ');
  let longest = 0;
  words.forEach((w, i) => {
    if (w.length > (words[longest] ?? '').length) longest = i;
  });
  const w = words[longest] ?? '';
  if (w.length < 5) return query;
  const at = 1 + (kind % (w.length - 2));
  const slips = [
    w.slice(0, at) + (w[at + 1] ?? '') + (w[at] ?? '') + w.slice(at + 2),
    w.slice(0, at) + w.slice(at + 1),
    w.slice(0, at) + (w[at] ?? '') + w.slice(at),
    `${w.slice(0, at)}e${w.slice(at + 1)}`,
  ];
  words[longest] = slips[kind % slips.length] ?? w;
  return words.join(' ');
}

const PARAPHRASES = [
  (service: string, kw: string) => `how do I use ${kw} with ${service}`,
  (service: string, kw: string) => `what is the max ${kw} for ${service}?`,
  (service: string, kw: string) => `${service} ${kw} not working`,
  (service: string, kw: string) => `when should I use ${kw} in ${service}`,
  (service: string) => `what is ${service}`,
  (service: string) => `how long can ${service} run`,
];

/** A varied query for a card: its title, its words, a slip of the keyboard or a question. */
export function queriesFor(bank: Bank, count = QUERY_COUNT, seed = 7): string[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const services = bank.topics.map((t) => t.topic.replace(/-/g, ' '));
  const queries: string[] = [];
  for (let i = 0; queries.length < count && bank.cards.length > 0; i++) {
    const card: Card = pick(bank.cards);
    const service = card.topic.replace(/-/g, ' ');
    const keyword = pick(card.keywords);
    switch (i % 6) {
      case 0:
        queries.push(card.title.toLowerCase());
        break;
      case 1:
        queries.push(`${service} ${keyword}`);
        break;
      case 2:
        queries.push(withTypo(`${service} ${keyword}`, i));
        break;
      case 3:
        queries.push(withTypo(card.id.replace(/-/g, ' '), i));
        break;
      case 4:
        queries.push(pick(PARAPHRASES)(service, keyword));
        break;
      default:
        queries.push(`${service} vs ${pick(services)}`);
    }
  }
  return queries;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, rank)] ?? 0;
}

export async function benchLookup(bank: Bank): Promise<{ p50: number; p95: number; queries: number }> {
  const index = LookupIndex.build(bank, fts5TextIndex);
  // Warm the JIT on other queries, so the timings are of steady running, not start-up.
  for (const q of queriesFor(bank, 100, 99)) index.answer(q);
  const timings: number[] = [];
  for (const q of queriesFor(bank)) {
    const start = performance.now();
    index.answer(q);
    timings.push(performance.now() - start);
  }
  index.close();
  timings.sort((a, b) => a - b);
  return { p50: percentile(timings, 50), p95: percentile(timings, 95), queries: timings.length };
}

async function main(): Promise<void> {
  const bank = loadBank();
  const start = performance.now();
  LookupIndex.build(bank, fts5TextIndex).close();
  const buildMs = performance.now() - start;
  const r = await benchLookup(bank);
  console.log(
    `lookup: ${r.queries} queries over ${bank.cards.length} cards: p50 ${r.p50.toFixed(3)} ms, p95 ${r.p95.toFixed(3)} ms (index build ${buildMs.toFixed(1)} ms)`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
