import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentError } from '../errors.ts';
import { loadBank, parseTopicFile } from './load.ts';

const good = `
topic: demo
title: Demo
cards:
  - id: demo-card
    title: A card
    keywords: [one, two]
    body: Some text
    source: https://docs.aws.amazon.com/lambda/latest/dg/welcome.html
questions:
  - id: demo-q1
    difficulty: 1
    prompt: What?
    choices: { a: One, b: Two }
    answer: b
    explanation: Because.
    why:
      a: One is not it.
    exams: [DVA-C02/1]
    verified: 2026-12-01
    source: https://docs.aws.amazon.com/lambda/latest/dg/welcome.html
`;

function problemsOf(source: string, file = 'demo.yml'): string[] {
  return parseTopicFile(file, source).problems;
}

describe('parseTopicFile', () => {
  it('accepts a well-formed file', () => {
    const r = parseTopicFile('demo.yml', good);
    expect(r.problems).toEqual([]);
    expect(r.topic?.questions[0]?.choices).toEqual([
      { key: 'a', text: 'One' },
      { key: 'b', text: 'Two' },
    ]);
    expect(r.topic?.questions[0]).toMatchObject({ why: { a: 'One is not it.' }, exams: ['DVA-C02/1'], verified: '2026-12-01' });
  });

  it('reads a choose-two answer as its keys in order', () => {
    const two = good
      .replace('choices: { a: One, b: Two }', 'choices: { a: One, b: Two, c: Three }')
      .replace('answer: b', 'answer: [c, a]')
      .replace('      a: One is not it.', '      b: Two is not it.');
    const r = parseTopicFile('demo.yml', two);
    expect(r.problems).toEqual([]);
    expect(r.topic?.questions[0]?.answer).toBe('a,c');
  });

  it.each([
    ['broken YAML syntax', good.replace('title: Demo', 'title: [Demo'), /demo\.yml: YAML syntax/],
    ['a duplicate key', good.replace('title: Demo', 'title: Demo\ntitle: Again'), /YAML syntax/],
    ['an answer naming no choice', good.replace('answer: b', 'answer: d'), /question "demo-q1", field answer: names no choice/],
    ['an answer that is not a letter', good.replace('answer: b', 'answer: z'), /question "demo-q1", field answer/],
    [
      'a wrong choice without its why line',
      good.replace('      a: One is not it.\n', '      b: Two is not it.\n'),
      /field why.*(names no wrong choice|lacks a line for wrong choice a)/,
    ],
    ['no why at all', good.replace('    why:\n      a: One is not it.\n', ''), /question "demo-q1", field why/],
    [
      'an exam domain that does not exist',
      good.replace('[DVA-C02/1]', '[DVA-C02/9]'),
      /question "demo-q1", field exams\.0: must be one of/,
    ],
    ['no exam domain', good.replace('    exams: [DVA-C02/1]\n', ''), /question "demo-q1", field exams/],
    [
      'a verified date that is not a date',
      good.replace('verified: 2026-12-01', 'verified: last week'),
      /question "demo-q1", field verified/,
    ],
    [
      'a choose-two answer naming every choice',
      good.replace('answer: b', 'answer: [a, b]').replace('    why:\n      a: One is not it.\n', '    why: {}\n'),
      /at least one choice must be wrong/,
    ],
    ['a single choice', good.replace('{ a: One, b: Two }', '{ a: One }'), /field choices: must have 2 to 5 choices/],
    ['duplicate choices', good.replace('{ a: One, b: Two }', '{ a: One, b: one }'), /choices must be distinct/],
    ['choices out of order', good.replace('{ a: One, b: Two }', '{ a: One, c: Two }'), /keys must be a, b in order/],
    ['a number as a choice', good.replace('{ a: One, b: Two }', '{ a: 15, b: Two }'), /field choices\.a: must be text/],
    ['a missing explanation', good.replace('    explanation: Because.\n', ''), /question "demo-q1", field explanation/],
    [
      'an http source',
      good.replace(
        'source: https://docs.aws.amazon.com/lambda/latest/dg/welcome.html\nquestions',
        'source: http://docs.aws.amazon.com/x\nquestions',
      ),
      /card "demo-card", field source: must be an https URL/,
    ],
    [
      'a non-AWS source',
      good.replace(
        'source: https://docs.aws.amazon.com/lambda/latest/dg/welcome.html\nquestions',
        'source: https://example.com/x\nquestions',
      ),
      /AWS documentation host/,
    ],
    ['a bad difficulty', good.replace('difficulty: 1', 'difficulty: 4'), /field difficulty: must be 1, 2 or 3/],
    ['an id that is not kebab-case', good.replace('id: demo-q1', 'id: Demo Q1'), /field id: must be kebab-case/],
    ['an unknown field', good.replace('difficulty: 1', 'difficulty: 1\n    answr: b'), /unrecognized|Unrecognized/i],
    ['a topic that is not the file name', good.replace('topic: demo', 'topic: other'), /field topic: must equal the file name/],
    ['an over-long prompt', good.replace('prompt: What?', `prompt: ${'x'.repeat(301)}`), /field prompt: must be at most 300/],
    ['an over-long card body', good.replace('body: Some text', `body: ${'x'.repeat(2501)}`), /field body: must be at most 2500/],
    ['a file that is not a mapping', '- just\n- a list\n', /demo\.yml/],
  ])('refuses %s with a message naming the file, item and field', (_name, source, message) => {
    const p = problemsOf(source);
    expect(p.length).toBeGreaterThan(0);
    expect(p.join('\n')).toMatch(message);
  });
});

describe('loadBank', () => {
  const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-content-'));

  it('refuses the same id in two files', () => {
    const d = dir();
    fs.writeFileSync(path.join(d, 'demo.yml'), good);
    fs.writeFileSync(path.join(d, 'other.yml'), good.replace('topic: demo', 'topic: other'));
    expect(() => loadBank(d)).toThrow(ContentError);
    expect(() => loadBank(d)).toThrow(/other\.yml, question "demo-q1": duplicate id, also in demo\.yml/);
  });

  it('lists every problem across files at once', () => {
    const d = dir();
    fs.writeFileSync(path.join(d, 'demo.yml'), good.replace('answer: b', 'answer: e'));
    fs.writeFileSync(path.join(d, 'broken.yml'), 'topic: [');
    try {
      loadBank(d);
      expect.unreachable();
    } catch (err) {
      expect((err as ContentError).problems.length).toBe(2);
    }
  });

  it('refuses an empty folder', () => {
    expect(() => loadBank(dir())).toThrow(/no \.yml files/);
  });

  it('gives the same hash for the same content and a new one after a change', () => {
    const d = dir();
    fs.writeFileSync(path.join(d, 'demo.yml'), good);
    const a = loadBank(d).hash;
    expect(loadBank(d).hash).toBe(a);
    fs.writeFileSync(path.join(d, 'demo.yml'), good.replace('Because.', 'Because, really.'));
    expect(loadBank(d).hash).not.toBe(a);
  });
  it('reads the validated bank from its cache file while the files are unchanged, and validates again after a change', () => {
    const d = dir();
    const cacheFile = path.join(dir(), 'content-cache.json');
    fs.writeFileSync(path.join(d, 'demo.yml'), good);
    const first = loadBank(d, { cacheFile });
    expect(fs.existsSync(cacheFile)).toBe(true);

    // Proof the second load came from the cache: an edit made only there shows up.
    const cache = JSON.parse(fs.readFileSync(cacheFile, 'utf8'));
    cache.topics[0].title = 'From the cache';
    fs.writeFileSync(cacheFile, JSON.stringify(cache));
    const second = loadBank(d, { cacheFile });
    expect(second.topics[0]?.title).toBe('From the cache');
    expect(second.hash).toBe(first.hash);

    fs.writeFileSync(path.join(d, 'demo.yml'), good.replace('title: Demo', 'title: Demo again'));
    expect(loadBank(d, { cacheFile }).topics[0]?.title).toBe('Demo again');
    fs.writeFileSync(path.join(d, 'demo.yml'), good.replace('answer: b', 'answer: e'));
    expect(() => loadBank(d, { cacheFile })).toThrow(/names no choice/);
  });

  it('validates from the files when the cache file is damaged or cannot be written', () => {
    const d = dir();
    fs.writeFileSync(path.join(d, 'demo.yml'), good);
    const cacheFile = path.join(dir(), 'content-cache.json');
    fs.writeFileSync(cacheFile, '{"key": "half a fi');
    expect(loadBank(d, { cacheFile }).questions.map((q) => q.id)).toEqual(['demo-q1']);
    expect(JSON.parse(fs.readFileSync(cacheFile, 'utf8')).topics).toHaveLength(1);
    const unwritable = path.join(dir(), 'no-such-folder', 'content-cache.json');
    expect(loadBank(d, { cacheFile: unwritable }).questions).toHaveLength(1);
    expect(fs.existsSync(path.dirname(unwritable))).toBe(false);
  });
});
