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
await import('./defer-socket-mode.ts');
const bolt = await import('@slack/bolt');
const require = createRequire(import.meta.url);
const loaded = () => Object.keys(require.cache).filter((id) => id.includes('socket-mode') && !id.endsWith('index.js'));
const undici = () => Object.keys(require.cache).some((id) => /[\\\\/]undici[\\\\/]/.test(id));
const before = { modules: loaded().length, undici: undici() };
const receiver = new bolt.SocketModeReceiver({ appToken: 'xapp-1-test' });
const after = {
  modules: loaded().length,
  undici: undici(),
  client: receiver.client.constructor.name,
  listens: typeof receiver.client.start,
};
console.log(JSON.stringify({ before, after }));
`;

describe('defer-socket-mode', () => {
  it('loads the Socket Mode client only when a Socket Mode receiver is built', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: here,
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const { before, after } = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
    expect(before).toEqual({ modules: 0, undici: false });
    expect(after.modules).toBeGreaterThan(0);
    expect(after.undici).toBe(true);
    expect(after.client).toBe('SocketModeClient');
    expect(after.listens).toBe('function');
  });
});
