/**
 * The layering the code keeps, checked on every run: pure rules import no storage or Slack, the
 * Slack edge reaches storage only through the services, and no function grows past a screen.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../src');

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Module specifiers a file imports (static `import ... from`, `export ... from`, `import()`). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1] as string);
}

/** Where a relative import lands, as a path under src/. */
function resolved(file: string, spec: string): string {
  return spec.startsWith('.') ? path.relative(SRC, path.resolve(path.dirname(file), spec)) : spec;
}

describe('layering', () => {
  it.each(['quiz', 'lookup', 'content', 'practice', 'recap', 'stats'])('src/%s imports no storage and no Slack', (folder) => {
    const offending = sourceFiles(path.join(SRC, folder)).flatMap((f) =>
      importsOf(f)
        .map((spec) => resolved(f, spec))
        .filter((t) => t === 'better-sqlite3' || t === 'pg' || t.startsWith('@slack/') || t.startsWith('db/'))
        .map((t) => `${path.relative(SRC, f)} -> ${t}`),
    );
    expect(offending).toEqual([]);
  });

  it('src/slack reaches storage only through the services', () => {
    const offending = sourceFiles(path.join(SRC, 'slack')).flatMap((f) =>
      importsOf(f)
        .map((spec) => resolved(f, spec))
        .filter((t) => t.startsWith('db/') || t === 'better-sqlite3' || t === 'pg')
        .map((t) => `${path.relative(SRC, f)} -> ${t}`),
    );
    expect(offending).toEqual([]);
  });

  it('ships no test support: nothing under src/ imports test/', () => {
    const offending = sourceFiles(SRC).flatMap((f) =>
      importsOf(f)
        .filter((spec) => resolved(f, spec).startsWith('../test'))
        .map((spec) => `${path.relative(SRC, f)} -> ${spec}`),
    );
    expect(offending).toEqual([]);
  });
});

/** Longer than this and a function does several things; split it. */
const MAX_FUNCTION_LINES = 80;

describe('function size', () => {
  it(`keeps every function in src/ within ${MAX_FUNCTION_LINES} lines`, () => {
    const long: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node) => {
        if (ts.isFunctionLike(node) && 'body' in node && node.body) {
          const first = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
          const last = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
          if (last - first + 1 > MAX_FUNCTION_LINES)
            long.push(`${path.relative(SRC, file)}:${first + 1} (${last - first + 1} lines)`);
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
    expect(long).toEqual([]);
  });
});
