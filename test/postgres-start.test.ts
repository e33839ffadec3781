import { afterEach, describe, expect, it } from 'vitest';
import { tempDbPath } from './support/app-harness.ts';
import { type AppProcess, freePort, spawnApp } from './support/app-process.ts';
import { FakeSlack } from './support/fake-slack.ts';
import { freshPostgresUrl } from './support/postgres.ts';

// DATABASE_URL at start, in the real process: a URL that is not PostgreSQL's, or a server that
// cannot be reached, stops it with one sentence (and never the password); a good one serves /healthz.

const running: AppProcess[] = [];
const slacks: FakeSlack[] = [];
afterEach(async () => {
  for (const app of running.splice(0)) {
    app.kill('SIGKILL');
    await app.exited;
  }
  for (const s of slacks.splice(0)) await s.stop();
});

async function start(env: Record<string, string>, port?: number): Promise<AppProcess> {
  const slack = new FakeSlack();
  slacks.push(slack);
  const app = spawnApp({ port, env: { DATABASE_PATH: tempDbPath(), SLACK_API_URL: await slack.start(), ...env } });
  running.push(app);
  return app;
}

describe('DATABASE_URL at start', () => {
  it('exits 1 naming DATABASE_URL, not its value, when it is not a PostgreSQL URL', async () => {
    const app = await start({ DATABASE_URL: 'mysql://tutor:hunter2hunter2@db.internal/tutor' });
    expect((await app.exited).code).toBe(1);
    const stderr = app.stderr.join('\n');
    expect(stderr).toMatch(/DATABASE_URL must be a PostgreSQL URL such as postgres:\/\/user:password@host:5432\/tutor/);
    expect(app.output.join('\n')).not.toContain('hunter2hunter2');
  });

  it('exits 1 with one sentence, password hidden, when the server cannot be reached', async () => {
    const closed = await freePort();
    const app = await start({ DATABASE_URL: `postgres://tutor:hunter2hunter2@127.0.0.1:${closed}/tutor` });
    expect((await app.exited).code).toBe(1);
    const stderr = app.stderr.join('\n');
    expect(stderr).toMatch(
      new RegExp(
        `^Cannot reach PostgreSQL at postgres://tutor:\\*\\*\\*@127\\.0\\.0\\.1:${closed}/tutor \\(.*ECONNREFUSED.*\\)\\. Check DATABASE_URL`,
      ),
    );
    expect(stderr.split('\n')).toHaveLength(1);
    const all = app.output.join('\n');
    expect(all).not.toContain('hunter2hunter2');
    expect(all).not.toMatch(/\n\s+at /);
  });

  it('migrates and serves /healthz on PostgreSQL, and logs never carry the password', async () => {
    const url = await freshPostgresUrl('start');
    const password = new URL(url).password;
    const port = await freePort();
    const app = await start({ DATABASE_URL: url, LOG_LEVEL: 'debug' }, port);
    // Slow under load: a cold tsx start loads and validates the whole question bank first.
    await app.ready(50_000);
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
    app.kill('SIGTERM');
    expect((await app.exited).code).toBe(0);
    expect(app.output.join('\n')).not.toContain(password);
  }, 60_000);
});
