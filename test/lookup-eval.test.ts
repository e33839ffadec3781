/**
 * Ranking quality over the real bank: the queries in lookup-eval.yml must find their card
 * first at least 90% of the time and in the top three always; out-of-scope queries must
 * find nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { loadBank } from '../src/content/load.ts';
import { buildLookup } from './support/lookup.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
// The main list, and one file per topic (test/lookup-eval/<topic>.yml), written with its cards.
const topicEvalDir = path.join(here, 'lookup-eval');
const evalFiles = [
  path.join(here, 'lookup-eval.yml'),
  ...(fs.existsSync(topicEvalDir) ? fs.readdirSync(topicEvalDir) : [])
    .filter((f) => f.endsWith('.yml'))
    .sort()
    .map((f) => path.join(topicEvalDir, f)),
];
const evalSchema = z.strictObject({
  queries: z.array(
    z.strictObject({
      q: z.string().min(1),
      expect: z.string().min(1),
      category: z.enum(['exact', 'paraphrase', 'typo', 'broad', 'comparison', 'out-of-scope']),
    }),
  ),
});
const queries = evalFiles.flatMap((file) => evalSchema.parse(parse(fs.readFileSync(file, 'utf8'))).queries);
const inScope = queries.filter((q) => q.expect !== 'none');
const outOfScope = queries.filter((q) => q.expect === 'none');

const bank = loadBank();
const index = buildLookup(bank);

describe('lookup evaluation', () => {
  it('has at least 40 queries, in every category', () => {
    expect(queries.length).toBeGreaterThanOrEqual(40);
    expect(new Set(queries.map((q) => q.category)).size).toBe(6);
  });

  it('expects only cards that exist', () => {
    const missing = inScope.filter((q) => !bank.cardById.has(q.expect)).map((q) => `${q.q} -> ${q.expect}`);
    expect(missing).toEqual([]);
  });

  it('finds the expected card first for at least 90% of the queries, and in the top 3 for all', () => {
    const misses: string[] = [];
    let top1 = 0;
    let top3 = 0;
    for (const { q, expect: id } of inScope) {
      const ids = index.search(q, 3).map((h) => h.card.id);
      if (ids[0] === id) top1++;
      else misses.push(`${JSON.stringify(q)}: want ${id}, got ${ids.join(', ') || 'nothing'}`);
      if (ids.includes(id)) top3++;
    }
    const report = `top-1 ${top1}/${inScope.length}, top-3 ${top3}/${inScope.length}\n${misses.join('\n')}`;
    expect(top1 / inScope.length, report).toBeGreaterThanOrEqual(0.9);
    expect(top3, report).toBe(inScope.length);
  });

  it.each(outOfScope.map((q) => [q.q]))('answers "none" for the out-of-scope %j', (q) => {
    const answer = index.answer(q);
    expect(answer.kind, answer.kind === 'match' ? `matched ${answer.card.id}` : '').toBe('none');
  });

  it('answers "empty" for empty or punctuation-only text', () => {
    expect(index.answer('').kind).toBe('empty');
    expect(index.answer(' ?! ').kind).toBe('empty');
  });

  it('answers "none" with every topic listed when nothing matches', () => {
    const answer = index.answer('how do I bake bread');
    expect(answer.kind).toBe('none');
    if (answer.kind === 'none') expect(answer.topics.map((t) => t.topic)).toEqual(bank.topics.map((t) => t.topic));
  });
});
