/**
 * `npm start`: runs the JavaScript that `npm run build` (and `npm ci`, through `prepare`) compiled
 * into dist/, which starts in about half the time of running the TypeScript through tsx. When a
 * source file is newer than its compiled copy (an edit or a pull since the last build) or there is
 * no build at all (installed with --ignore-scripts or without dev dependencies), it runs src/
 * through tsx instead, so the code that runs is always the code in src/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');

function isBuildCurrent() {
  for (const file of fs.readdirSync(src, { recursive: true })) {
    if (typeof file !== 'string' || !file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
    try {
      const built = fs.statSync(path.join(dist, file.replace(/\.ts$/, '.js')));
      if (built.mtimeMs < fs.statSync(path.join(src, file)).mtimeMs) return false;
    } catch {
      return false;
    }
  }
  return true;
}

if (isBuildCurrent()) {
  await import(pathToFileURL(path.join(dist, 'main.js')).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(path.join(src, 'main.ts')).href);
}
