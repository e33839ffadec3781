import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDbPath } from './support/app-harness.ts';
import { freePort } from './support/app-process.ts';
import { FakeSlack } from './support/fake-slack.ts';
import { sendCommand, TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from './support/slack-requests.ts';
import { waitFor } from './support/wait.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

interface Run {
  child: ChildProcess;
  out: string[];
  exited: Promise<{ code: number | null; at: number }>;
}

// The app as `npm start` runs it, minus npm itself, with exactly the given environment.
function startApp(env: Record<string, string>, o: { viaNpm?: boolean } = {}): Run {
  // Through npm, SIGTERM must reach the app (npm signals its child; the script execs node).
  const [command, args] = o.viaNpm ? ['npm', ['start']] : [process.execPath, ['--import', 'tsx', 'src/main.ts']];
  const child = spawn(command as string, args as string[], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  child.stdout?.on('data', (d: Buffer) => out.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => out.push(d.toString()));
  const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
    child.on('exit', (code) => resolve({ code, at: Date.now() })),
  );
  return { child, out, exited };
}

const running: Run[] = [];
afterEach(() => {
  for (const r of running.splice(0)) r.child.kill('SIGKILL');
});

describe('the app process', () => {
  it('exits 1 with one message naming every missing variable when the environment is empty', async () => {
    const run = startApp({});
    running.push(run);
    const { code } = await run.exited;
    expect(code).toBe(1);
    const text = run.out.join('');
    expect(text).toMatch(/SLACK_BOT_TOKEN/);
    expect(text).toMatch(/SLACK_SIGNING_SECRET/);
    expect(text).toMatch(/README/);
    expect(text).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it('under npm start: serves /healthz, refuses forged requests, answers /aws help, and exits 0 within 2 s of SIGTERM', async () => {
    const slack = new FakeSlack();
    const api = await slack.start();
    const port = await freePort();
    const run = startApp(
      {
        SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
        SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
        SLACK_API_URL: api,
        PORT: String(port),
        DATABASE_PATH: tempDbPath(),
      },
      { viaNpm: true },
    );
    running.push(run);
    const url = `http://127.0.0.1:${port}`;
    await waitFor(() => run.out.join('').includes('app.started'), 20_000, 'app start');
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const forged = await fetch(`${url}/slack/events`, {
      method: 'POST',
      headers: { 'x-slack-signature': 'v0=forged', 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)) },
      body: 'command=/aws&text=help',
    });
    expect(forged.status).toBe(401);
    const help = await sendCommand(url, { text: 'help' });
    expect(help.status).toBe(200);
    for (const word of ['quiz', 'leaderboard', 'streak', 'topics']) expect(help.text).toContain(word);

    const sentAt = Date.now();
    run.child.kill('SIGTERM');
    const { code, at } = await run.exited;
    expect(code).toBe(0);
    expect(at - sentAt).toBeLessThan(2000);
    expect(run.out.join('')).toContain('app.stopped');
    expect(run.out.join('')).not.toContain(TEST_BOT_TOKEN);
    await slack.stop();
  });

  it('in Socket Mode keeps serving /healthz and stops cleanly while Slack cannot be reached', async () => {
    const slack = new FakeSlack(); // answers apps.connections.open with ok:false
    const api = await slack.start();
    const port = await freePort();
    const run = startApp({
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_APP_TOKEN: 'xapp-1-A0TEST-1-socketmodetesttoken',
      SLACK_API_URL: api,
      PORT: String(port),
      DATABASE_PATH: tempDbPath(),
    });
    running.push(run);
    await waitFor(() => run.out.join('').includes('"mode":"socket"'), 20_000, 'app start');
    await waitFor(() => slack.calls.some((c) => c.method.startsWith('apps.connections.open')), 10_000, 'socket connect attempt');
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const sentAt = Date.now();
    run.child.kill('SIGTERM');
    const { code, at } = await run.exited;
    expect(code).toBe(0);
    expect(at - sentAt).toBeLessThan(2000);
    expect(run.out.join('')).not.toContain('socketmodetesttoken');
    await slack.stop();
  });
});
