import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const here = fileURLToPath(new URL('.', import.meta.url));

// Runs in a fresh node process: Node's own module cache is what the stand-in works through, and
// vitest's module runner would hide it.
const script = `
import { createRequire } from 'node:module';
await import('./defer-receivers.ts');
const bolt = await import('@slack/bolt');
const require = createRequire(import.meta.url);
const loaded = () => Object.keys(require.cache).filter((id) => id.includes('socket-mode') && !id.endsWith('index.js'));
const undici = () => Object.keys(require.cache).some((id) => /[\\\\/]undici[\\\\/]/.test(id));
const express = () => Object.keys(require.cache).some((id) => /[\\\\/]express[\\\\/]/.test(id));
const before = { modules: loaded().length, undici: undici(), express: express() };
const receiver = new bolt.SocketModeReceiver({ appToken: 'xapp-1-test' });
const after = {
  modules: loaded().length,
  undici: undici(),
  client: receiver.client.constructor.name,
  listens: typeof receiver.client.start,
};
const expressReceiver = new bolt.ExpressReceiver({ signingSecret: 'test' });
const express_ = {
  loaded: express(),
  instance: expressReceiver instanceof require('@slack/bolt/dist/receivers/ExpressReceiver.js').default,
  router: typeof expressReceiver.router.use,
};
console.log(JSON.stringify({ before, after, express: express_ }));
`;

describe('defer-receivers', () => {
  it('loads the Socket Mode client and express only when their receivers are built', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: here,
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const { before, after, express } = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
    expect(before).toEqual({ modules: 0, undici: false, express: false });
    expect(after.modules).toBeGreaterThan(0);
    expect(after.undici).toBe(true);
    expect(after.client).toBe('SocketModeClient');
    expect(after.listens).toBe('function');
    expect(express).toEqual({ loaded: true, instance: true, router: 'function' });
  });
});
