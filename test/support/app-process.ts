import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from './slack-requests.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = path.join(ROOT, 'src/main.ts');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

/** A port nobody listens on right now (PORT=0 would not tell us which one the app took). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface AppProcess {
  child: ChildProcess;
  url: string;
  /** stdout and stderr lines, in arrival order. */
  output: string[];
  stdout: string[];
  stderr: string[];
  /** Resolves when the process ends: its exit code (null when killed by a signal), signal, and when (performance.now()). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** Polls /healthz until 200, or fails with the process output. */
  ready(ms?: number): Promise<void>;
  kill(signal?: NodeJS.Signals): void;
}

/**
 * Starts the real entry point, `node --import tsx src/main.ts`, in an empty folder (so no .env is
 * read) with only the environment given here.
 */
export function spawnApp(o: {
  env: Record<string, string>;
  port?: number;
  /** Wrap the command, e.g. ['unshare', '-m', 'sh', '-c', '… exec "$0" "$@"']. */
  wrap?: string[];
}): AppProcess {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-proc-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? cwd,
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    PORT: String(o.port ?? 0),
    ADMIN_USER_IDS: 'U0ADMIN',
    LOG_LEVEL: 'info',
    ...o.env,
  };
  const command = [...(o.wrap ?? []), process.execPath, '--import', TSX, MAIN];
  const [bin, ...args] = command as [string, ...string[]];
  const child = spawn(bin, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const stdout: string[] = [];
  const stderr: string[] = [];
  const collect = (into: string[]) => {
    let rest = '';
    return (chunk: Buffer) => {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const l of lines) {
        into.push(l);
        output.push(l);
      }
    };
  };
  child.stdout?.on('data', collect(stdout));
  child.stderr?.on('data', collect(stderr));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, at: performance.now() })),
  );
  let done = false;
  void exited.then(() => {
    done = true;
  });
  const url = `http://127.0.0.1:${o.port ?? 0}`;
  return {
    child,
    url,
    output,
    stdout,
    stderr,
    exited,
    kill: (signal = 'SIGTERM') => {
      if (!done) child.kill(signal);
    },
    async ready(ms = 20_000) {
      // Monotonic time: a clock adjustment on the machine cannot end the wait early.
      const until = performance.now() + ms;
      for (;;) {
        if (done) throw new Error(`the app exited before it was ready:\n${output.join('\n')}`);
        try {
          const res = await fetch(`${url}/healthz`);
          if (res.status === 200) return;
        } catch {
          // not listening yet
        }
        if (performance.now() > until) throw new Error(`the app was not ready in ${ms} ms:\n${output.join('\n')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}
