/** Child processes for the benchmarks: started, watched, and always stopped when the bench ends. */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { signatureHeaders } from '../test/support/slack-requests.ts';

const children = new Set<ChildProcess>();

function killAll(): void {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
}

// However the bench ends (done, an error, Ctrl-C), nothing it started outlives it.
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

export interface Child {
  process: ChildProcess;
  pid: number;
  /** resolves with the exit code once the process has ended */
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

/** Starts a process whose output goes to `logFile` (read it when something goes wrong). */
export function startChild(
  command: string,
  args: string[],
  o: { env: Record<string, string>; cwd: string; logFile: string },
): Child {
  const out = fs.openSync(o.logFile, 'a');
  const child = spawn(command, args, { cwd: o.cwd, env: o.env, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  children.add(child);
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      children.delete(child);
      resolve(code);
    });
  });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  return {
    process: child,
    pid: child.pid,
    exited,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function status(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
  });
}

/** Polls `url` every few ms until it answers `want`; the time it took, from `since`, in ms. */
export async function waitForStatus(
  url: string,
  o: { since: number; child?: Child; want?: number; timeoutMs?: number },
): Promise<number> {
  const until = o.since + (o.timeoutMs ?? 20_000);
  let exited = false;
  void o.child?.exited.then(() => {
    exited = true;
  });
  for (;;) {
    if ((await status(url)) === (o.want ?? 200)) return performance.now() - o.since;
    if (exited) throw new Error(`the process exited before ${url} answered`);
    if (performance.now() > until) throw new Error(`${url} did not answer ${o.want ?? 200} in time`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Resident memory in MB from /proc (Linux): all of it, its peak, and the part that is the process's own
 * (anonymous: heaps, buffers, SQLite's cache) rather than the node binary and libraries mapped from disk.
 */
export function memoryOf(pid: number): { rssMb: number; peakMb: number; anonMb: number } {
  const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? Number.NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024, anonMb: kb('RssAnon') / 1024 };
}

/** CPU time (user + system) the process has used so far, in seconds, from /proc (Linux). */
export function cpuSecondsOf(pid: number): number {
  // Fields after the command name (which may hold spaces, hence the last ')'): utime is the 12th, stime the 13th.
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

// USER_HZ: 100 on every Linux that Node runs on.
const CLOCK_TICKS = 100;

/** A signed form POST to the app (a click or a slash command) on a kept-alive agent: its status, 0 when the connection failed. */
export function postSigned(agent: http.Agent, url: URL, body: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          ...signatureHeaders(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}
