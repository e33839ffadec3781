/**
 * Bolt loads every receiver it has, with their dependencies, whichever one the app uses: its App
 * module requires `@slack/socket-mode` (and that package's own copy of undici, about 1 MB of
 * source), and its index requires the Express receiver (express, its router, body parser and
 * `send` with mime-db: 113 modules). The app builds an HTTPReceiver, or a Socket Mode receiver when
 * SLACK_APP_TOKEN is set, never the Express one. Imported by main.ts before anything loads Bolt,
 * this puts stand-ins for both in Node's module cache that load the real module on first use. It
 * keeps about 4 MB (Socket Mode) and 2 MB (express) off the resident memory of an HTTP-mode process
 * (measured in docs/performance.md).
 */
import Module, { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

const boltDir = path.dirname(require.resolve('@slack/bolt/package.json'));

/** The module's id, unless it cannot be found or is loaded already. */
function unloaded(name: string, from: string): string | undefined {
  try {
    const id = require.resolve(name, { paths: [from] });
    return require.cache[id] ? undefined : id;
  } catch {
    return undefined;
  }
}

function cacheStandIn(id: string, exports: unknown): void {
  const placeholder = new Module(id);
  placeholder.filename = id;
  placeholder.loaded = true;
  placeholder.exports = exports;
  require.cache[id] = placeholder;
}

function loader<T>(id: string): () => T {
  let real: T | undefined;
  return () => {
    if (real === undefined) {
      delete require.cache[id];
      real = require(id) as T;
    }
    return real;
  };
}

/** A package whose exports are read only once it is used: a proxy that loads it on first read. */
function deferPackage(name: string, from: string): void {
  const id = unloaded(name, from);
  if (!id) return;
  const load = loader<Record<PropertyKey, unknown>>(id);
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
  cacheStandIn(id, standIn);
}

/**
 * A module whose default export is a class, read as soon as the module is (Bolt's index copies it
 * onto its exports, and importing Bolt from ESM reads every export): a constructor that builds the
 * real class, loading it then.
 */
function deferClass(name: string, from: string): void {
  const id = unloaded(name, from);
  if (!id) return;
  const load = loader<{ default: new (...args: unknown[]) => object }>(id);
  // Called with `new` (an arrow function cannot be), it returns the real instance.
  function standIn(...args: unknown[]) {
    return new (load().default)(...args);
  }
  cacheStandIn(id, { __esModule: true, default: standIn });
}

deferPackage('@slack/socket-mode', boltDir);
deferClass('./dist/receivers/ExpressReceiver.js', boltDir);
