/**
 * Every temporary folder the tests make (databases, content, app processes' working folders) goes
 * under one folder for the run, which is removed when the run ends, so test runs leave nothing in
 * the system's temporary folder. Workers inherit TMPDIR, and os.tmpdir() reads it.
 *
 * When the run needs PostgreSQL (see runNeedsPostgres), one embedded server is started for the
 * whole run and its URL provided to the test files (test/support/postgres.ts); it is stopped at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { runNeedsPostgres } from './support/postgres.ts';
import { startPostgresServer } from './support/postgres-server.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Started first: its data folder must sit where the postgres user can reach it (the run's folder is private).
  const server = runNeedsPostgres(process.argv, process.env) ? await startPostgresServer() : undefined;
  const previous = process.env.TMPDIR;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-tests-'));
  process.env.TMPDIR = dir;
  project.provide('postgresBaseUrl', server?.baseUrl ?? '');
  const stop = () => void server?.stop();
  process.once('exit', stop);
  return async () => {
    await server?.stop();
    process.off('exit', stop);
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
