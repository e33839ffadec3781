/**
 * Bolt's App module requires its Socket Mode receiver, and with it `@slack/socket-mode` and that
 * package's own copy of undici (about 1 MB of source), even when the app serves HTTP. Imported by
 * main.ts before anything loads Bolt, this puts a stand-in for `@slack/socket-mode` in Node's module
 * cache that loads the real package the first time a property is read: only when a Socket Mode
 * receiver is built (SLACK_APP_TOKEN). It keeps about 4 MB off the resident memory of an HTTP-mode
 * process (measured in docs/performance.md).
 */
import Module, { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

function deferLoading(name: string, from: string): void {
  let id: string;
  try {
    id = require.resolve(name, { paths: [from] });
  } catch {
    return;
  }
  if (require.cache[id]) return;
  let real: Record<PropertyKey, unknown> | undefined;
  const load = () => {
    if (!real) {
      delete require.cache[id];
      real = require(id) as Record<PropertyKey, unknown>;
    }
    return real;
  };
  const standIn = new Proxy(
    {},
    {
      // TypeScript's CommonJS interop reads __esModule when a module is required: answered without
      // loading (the package sets it, and its named exports are all Bolt reads).
      get: (_target, key) => (key === '__esModule' ? true : load()[key]),
      has: (_target, key) => key in load(),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_target, key) => {
        const descriptor = Object.getOwnPropertyDescriptor(load(), key);
        // A proxy may not report a property as non-configurable that its (empty) target lacks.
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
  const placeholder = new Module(id);
  placeholder.filename = id;
  placeholder.loaded = true;
  placeholder.exports = standIn;
  require.cache[id] = placeholder;
}

deferLoading('@slack/socket-mode', path.dirname(require.resolve('@slack/bolt/package.json')));
