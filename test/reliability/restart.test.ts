import { afterEach, describe, expect, it } from 'vitest';
import { type AppProcess, freePort, spawnApp } from '../support/app-process.ts';
import { expireLeases, rowsOf } from '../support/database.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { clickBurst, type ProcessDatabase, processDatabase } from '../support/process-database.ts';
import { click, consistencyProblems, postQuestion } from '../support/quiz-driver.ts';
import { waitFor } from '../support/wait.ts';

// The real process (`node --import tsx src/main.ts`) against the fake Slack: SIGTERM and kill -9
// in the middle of a burst of clicks, and a restart between the schedule and the post. With
// TEST_DATABASE=postgres the processes run on a PostgreSQL database of the test's own instead.

const running: AppProcess[] = [];
const fakes: FakeSlack[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) {
    p.kill('SIGKILL');
    await p.exited;
  }
  for (const f of fakes.splice(0)) await f.stop();
});

async function fakeSlack() {
  const slack = new FakeSlack();
  const apiUrl = await slack.start();
  fakes.push(slack);
  return { slack, apiUrl };
}

async function launch(o: { apiUrl: string; database: ProcessDatabase; env?: Record<string, string> }) {
  const port = await freePort();
  const app = spawnApp({ port, env: { SLACK_API_URL: o.apiUrl, ...o.database.env, ...o.env } });
  running.push(app);
  await app.ready();
  return app;
}

/** The posts of a stopped (or running) app's database. */
function postsIn(database: ProcessDatabase) {
  return database.use((db) =>
    rowsOf<{ id: number; slot: string; question_id: string; state: string }>(db, 'posts', ['id', 'slot', 'question_id', 'state']),
  );
}

async function answeredUsers(database: ProcessDatabase): Promise<Set<string>> {
  return database.use(
    async (db) => new Set((await rowsOf<{ user_id: string }>(db, 'answers', ['user_id'])).map((r) => r.user_id)),
  );
}

describe('SIGTERM during a burst', () => {
  it('loses no acknowledged answer and exits 0 within 2 seconds', async () => {
    const { slack, apiUrl } = await fakeSlack();
    const database = await processDatabase({ label: 'restart' });
    const app = await launch({ apiUrl, database });
    const q = await postQuestion(app.url, slack);
    const button = q.buttons[0];
    if (!button) throw new Error('no button');

    let signalledAt = 0;
    const results = await clickBurst(() => app, slack, button, {
      total: 600,
      concurrency: 24,
      after: 80,
      interrupt: () => {
        signalledAt = performance.now();
        app.kill('SIGTERM');
      },
    });
    const exit = await app.exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.at - signalledAt).toBeLessThan(2000);
    expect(app.stdout.some((l) => l.includes('"event":"app.stopped"'))).toBe(true);

    const acknowledged = results.filter((r) => r.status === 200).map((r) => r.user);
    expect(acknowledged.length).toBeGreaterThanOrEqual(80);
    const stored = await answeredUsers(database);
    expect(acknowledged.filter((u) => !stored.has(u))).toEqual([]);
    expect(await database.use(consistencyProblems)).toEqual([]);
    // Nothing was answered 5xx on the way down.
    expect(results.filter((r) => typeof r.status === 'number' && r.status >= 500)).toEqual([]);
  });
});

describe('kill -9 during a burst', () => {
  it('restarts healthy on an intact database that kept every acknowledged answer', async () => {
    const { slack, apiUrl } = await fakeSlack();
    const database = await processDatabase({ label: 'restart' });
    const app = await launch({ apiUrl, database });
    const q = await postQuestion(app.url, slack);
    const button = q.buttons[0];
    if (!button) throw new Error('no button');

    const results = await clickBurst(() => app, slack, button, {
      total: 600,
      concurrency: 24,
      after: 100,
      interrupt: () => app.kill('SIGKILL'),
    });
    expect(await app.exited).toMatchObject({ signal: 'SIGKILL' });

    const again = await launch({ apiUrl, database });
    expect((await fetch(`${again.url}/healthz`)).status).toBe(200);
    await database.use(async (db) => {
      if (db.kind === 'sqlite') {
        expect(db.db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(db.db.pragma('journal_mode', { simple: true })).toBe('wal');
      }
      expect(await consistencyProblems(db)).toEqual([]);
    });
    const acknowledged = results.filter((r) => r.status === 200).map((r) => r.user);
    expect(acknowledged.length).toBeGreaterThanOrEqual(100);
    const stored = await answeredUsers(database);
    expect(acknowledged.filter((u) => !stored.has(u))).toEqual([]);

    // The restarted app still takes answers on the same question.
    const late = await click(again.url, slack, 'U0AFTER', button);
    expect(late.status).toBe(200);
    await waitFor(async () => (await answeredUsers(database)).has('U0AFTER'));
    again.kill('SIGTERM');
    expect(await again.exited).toMatchObject({ code: 0 });
  });
});

describe('restart between the schedule and the post', () => {
  it('neither skips nor doubles the day’s question', async () => {
    const { slack, apiUrl } = await fakeSlack();
    const database = await processDatabase({ label: 'restart' });
    // A daily quiz started yesterday, due at 00:00 UTC today: overdue the moment the app starts.
    const yesterday = new Date(Date.now() - 24 * 3600_000);
    await database.use((db) =>
      db.stores.channels.upsert(
        { teamId: 'T0TEST', channelId: 'C0DAILY', schedule: '0 0 * * *', timezone: 'UTC', userId: 'U0ADMIN' },
        yesterday,
      ),
    );

    // First process: Slack holds chat.postMessage, and the process dies while waiting for it.
    slack.fail('chat.postMessage', { delayMs: 60_000 });
    const first = await launch({ apiUrl, database });
    await waitFor(() => slack.arrived.includes('chat.postMessage'), 10_000, 'the first post attempt');
    first.kill('SIGKILL');
    await first.exited;
    const pending = await postsIn(database);
    expect(pending).toHaveLength(1);
    expect(pending[0]?.state).toBe('pending');
    // The dead process's lease (5 minutes) has run out by the time the next one looks.
    await database.use(expireLeases);

    const second = await launch({ apiUrl, database });
    await waitFor(() => slack.callsOf('chat.postMessage').length === 1, 10_000, 'the retried post');
    second.kill('SIGTERM');
    expect(await second.exited).toMatchObject({ code: 0 });

    // A third start on the same day finds the slot posted and posts nothing.
    const third = await launch({ apiUrl, database });
    await waitFor(() => third.stdout.some((l) => l.includes('"event":"app.started"')));
    await new Promise((r) => setTimeout(r, 700));
    third.kill('SIGTERM');
    await third.exited;

    expect(slack.callsOf('chat.postMessage')).toHaveLength(1);
    expect(slack.callsOf('chat.postMessage')[0]?.args.channel).toBe('C0DAILY');
    const after = await postsIn(database);
    expect(after).toEqual([{ ...pending[0], state: 'posted' }]);
  });
});
