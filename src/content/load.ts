import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { ContentError } from '../errors.ts';
import { type Bank, type Card, canonicalAnswer, makeBank, type Question, type Topic } from './bank.ts';
import { cardSchema, questionSchema, topicFileSchema } from './schema.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const QUESTIONS_DIR = path.resolve(HERE, '../../questions');

// Loaded on first use: a start that finds its content in the cache never needs the YAML parser (~45 ms to import).
let yaml: typeof import('yaml') | undefined;
const yamlParser = () => {
  yaml ??= createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return yaml;
};

function describe(issues: z.core.$ZodIssue[], prefix: string): string[] {
  return issues.map((i) => {
    const field = i.path.length > 0 ? i.path.join('.') : '(item)';
    return `${prefix}, field ${field}: ${i.message}`;
  });
}

/** Parses one topic file's text. Problems name the file, the item id and the field. */
export function parseTopicFile(file: string, source: string): { topic?: Topic; problems: string[] } {
  const name = path.basename(file);
  const doc = yamlParser().parseDocument(source, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return { problems: doc.errors.map((e) => `${name}: YAML syntax: ${e.message.split('\n')[0]}`) };
  }
  const raw: unknown = doc.toJS();
  const head = topicFileSchema.safeParse(raw);
  if (!head.success) return { problems: describe(head.error.issues, name) };

  const problems: string[] = [];
  const stem = name.replace(/\.ya?ml$/, '');
  if (head.data.topic !== stem) problems.push(`${name}, field topic: must equal the file name ("${stem}")`);

  const itemLabel = (kind: string, index: number, item: unknown) => {
    const itemId = (item as { id?: unknown } | null)?.id;
    return `${name}, ${kind} ${typeof itemId === 'string' ? `"${itemId}"` : `#${index + 1}`}`;
  };

  const cards: Card[] = [];
  head.data.cards.forEach((item, index) => {
    const r = cardSchema.safeParse(item);
    if (r.success) cards.push({ ...r.data, topic: head.data.topic });
    else problems.push(...describe(r.error.issues, itemLabel('card', index, item)));
  });

  const questions: Question[] = [];
  head.data.questions.forEach((item, index) => {
    const r = questionSchema.safeParse(item);
    if (!r.success) {
      problems.push(...describe(r.error.issues, itemLabel('question', index, item)));
      return;
    }
    const q = r.data;
    questions.push({
      id: q.id,
      topic: head.data.topic,
      difficulty: q.difficulty,
      prompt: q.prompt,
      choices: Object.entries(q.choices).map(([key, text]) => ({ key, text })),
      answer: typeof q.answer === 'string' ? q.answer : canonicalAnswer(q.answer),
      explanation: q.explanation,
      why: q.why,
      exams: q.exams,
      verified: q.verified,
      source: q.source,
      ...(q.origin ? { origin: q.origin } : {}),
    });
  });

  if (problems.length > 0) return { problems };
  return { topic: { topic: head.data.topic, title: head.data.title, file: name, cards, questions }, problems };
}

export interface LoadOptions {
  /**
   * A file that keeps the last validated bank. When the question files and this folder's code are
   * byte for byte the ones it was made from, loading skips YAML parsing and validation (most of
   * the start-up time); otherwise everything is validated and the file is rewritten.
   */
  cacheFile?: string;
}

/** Loads and validates every questions/*.yml; throws one ContentError listing every problem. */
export function loadBank(dir = QUESTIONS_DIR, options: LoadOptions = {}): Bank {
  let files: string[];
  try {
    files = fs
      .readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort();
  } catch (err) {
    throw new ContentError([`cannot read the questions folder ${dir}: ${(err as Error).message}`]);
  }
  if (files.length === 0) throw new ContentError([`no .yml files in ${dir}`]);

  const hash = createHash('sha256');
  const sources = files.map((f) => {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    hash.update(f).update('\0').update(text).update('\0');
    return { f, text };
  });
  const contentHash = hash.digest('hex');
  const cacheKey = options.cacheFile && createHash('sha256').update(contentHash).update(codeFingerprint()).digest('hex');
  if (options.cacheFile && cacheKey) {
    const cached = readCache(options.cacheFile, cacheKey);
    if (cached) return makeBank(cached, contentHash);
  }

  const topics: Topic[] = [];
  const problems: string[] = [];
  for (const { f, text } of sources) {
    const r = parseTopicFile(f, text);
    problems.push(...r.problems);
    if (r.topic) topics.push(r.topic);
  }
  problems.push(...duplicateProblems(topics));
  if (problems.length > 0) throw new ContentError(problems);
  // The bank is built from a JSON copy, as on a cache hit: the parsed strings are slices of each
  // file's text and would keep all of it (about 2 MB) alive for the life of the process.
  const copy = JSON.parse(JSON.stringify(topics)) as Topic[];
  if (options.cacheFile && cacheKey) writeCache(options.cacheFile, cacheKey, copy);
  return makeBank(copy, contentHash);
}

let fingerprint: string | undefined;

/** The validated shape depends on this folder's code (schema, parsing), so a cache made by other code is never used. */
function codeFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = createHash('sha256');
  for (const f of fs
    .readdirSync(HERE)
    .filter((f) => /\.[cm]?[jt]s$/.test(f) && !/\.test\./.test(f))
    .sort()) {
    hash
      .update(f)
      .update('\0')
      .update(fs.readFileSync(path.join(HERE, f)))
      .update('\0');
  }
  fingerprint = hash.digest('hex');
  return fingerprint;
}

interface CacheFile {
  key: string;
  topics: Topic[];
}

function readCache(file: string, key: string): Topic[] | undefined {
  try {
    const cache = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<CacheFile>;
    return cache.key === key && Array.isArray(cache.topics) ? cache.topics : undefined;
  } catch {
    return undefined; // missing, unreadable or half-written: validate from the files instead
  }
}

/** Best effort: a read-only folder only means the next start validates again. */
function writeCache(file: string, key: string, topics: Topic[]): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, JSON.stringify({ key, topics } satisfies CacheFile), { mode: 0o600 });
    // rename is atomic, so a concurrent reader sees the old file or the new one, never half of one.
    fs.renameSync(temp, file);
  } catch {
    try {
      fs.rmSync(temp, { force: true });
    } catch {}
  }
}

function duplicateProblems(topics: Topic[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const t of topics) {
    if (seen.has(`topic:${t.topic}`)) problems.push(`${t.file}: topic "${t.topic}" is also in ${seen.get(`topic:${t.topic}`)}`);
    seen.set(`topic:${t.topic}`, t.file);
    for (const item of [...t.cards.map((c) => ['card', c.id]), ...t.questions.map((q) => ['question', q.id])]) {
      const [kind, itemId] = item as [string, string];
      const key = `${kind}:${itemId}`;
      const other = seen.get(key);
      if (other) problems.push(`${t.file}, ${kind} "${itemId}": duplicate id, also in ${other}`);
      else seen.set(key, t.file);
    }
  }
  return problems;
}
