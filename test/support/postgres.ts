/**
 * PostgreSQL for tests. The global setup (test/global-setup.ts) starts one embedded server per
 * vitest run when the run needs it (TEST_DATABASE=postgres, the whole suite, or a file filter naming
 * postgres) and provides its URL; each test file asks for databases of its own here, so files run
 * in parallel without seeing one another's rows.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresBaseUrl: string;
  }
}

/** True when end-to-end tests should run their app on PostgreSQL. */
export const onPostgres = (): boolean => process.env.TEST_DATABASE === 'postgres';

export function postgresBaseUrl(): string {
  const base = inject('postgresBaseUrl');
  if (!base) {
    throw new Error(
      'No test PostgreSQL server in this run: test/global-setup.ts starts one for TEST_DATABASE=postgres or a postgres test file.',
    );
  }
  return base;
}

/** A new, empty database on the run's server (or the one at `base`); its URL. */
export async function freshPostgresUrl(label = 'test', base = postgresBaseUrl()): Promise<string> {
  const name = `tutor_${label
    .replace(/[^a-z0-9]/gi, '')
    .toLowerCase()
    .slice(0, 20)}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  try {
    // A name of letters, digits and _ made here, never input: identifiers cannot be bound.
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return `${base}/${name}`;
}

/** Whether this run's arguments ask for PostgreSQL (read in the main process by the global setup). */
export function runNeedsPostgres(argv: string[], env: NodeJS.ProcessEnv): boolean {
  if (env.TEST_DATABASE === 'postgres') return true;
  const run = argv.indexOf('run');
  const filters = argv.slice(run >= 0 ? run + 1 : 2).filter((a) => !a.startsWith('-'));
  // The whole suite includes the postgres contract tests.
  return filters.length === 0 || filters.some((f) => /postgres|contract/i.test(f));
}
