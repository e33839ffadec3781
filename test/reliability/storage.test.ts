import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.ts';
import { openDatabase } from '../../src/db/open.ts';
import { spawnApp } from '../support/app-process.ts';
import { FakeSlack } from '../support/fake-slack.ts';

// The real process started on storage it cannot use: it stops at once with one clear sentence
// and exit code 2 (storage), never a stack trace or a crash loop of half-started servers.

let slack: FakeSlack;
let apiUrl: string;
beforeAll(async () => {
  slack = new FakeSlack();
  apiUrl = await slack.start();
});
afterAll(async () => {
  await slack.stop();
});

const tmpDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-storage-'));

async function startOn(databasePath: string, wrap?: string[]) {
  const started = Date.now();
  const app = spawnApp({ env: { DATABASE_PATH: databasePath, SLACK_API_URL: apiUrl }, wrap });
  const exit = await Promise.race([
    app.exited,
    new Promise<never>((_, reject) =>
      setTimeout(() => {
        app.kill('SIGKILL');
        reject(new Error(`still running after 15 s:\n${app.output.join('\n')}`));
      }, 15_000),
    ),
  ]);
  return { ...exit, ms: Date.now() - started, stderr: app.stderr.join('\n'), output: app.output.join('\n') };
}

function expectStorageFailure(r: Awaited<ReturnType<typeof startOn>>, message: RegExp) {
  expect(r.code, r.output).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.output).not.toMatch(/\n\s+at |node:internal|SqliteError/);
  // It never got as far as listening.
  expect(r.output).not.toContain('app.started');
}

function validDatabase(file: string) {
  const db = openDatabase(file);
  migrate(db);
  db.prepare("INSERT INTO workspaces (team_id, created_at) VALUES ('T0TEST', '2026-01-01')").run();
  db.close();
}

describe('storage problems at start', () => {
  it('explains a file of garbage', async () => {
    const file = path.join(tmpDir(), 'tutor.db');
    fs.writeFileSync(file, Buffer.from('this is not sqlite at all, just some text\n'.repeat(200)));
    expectStorageFailure(await startOn(file), /damaged or is not a SQLite database.*Restore it from a backup/);
    // The file is left alone for whoever investigates.
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^this is not sqlite/);
  });

  it('explains a database whose pages are damaged', async () => {
    const file = path.join(tmpDir(), 'tutor.db');
    validDatabase(file);
    const db = new Database(file);
    db.pragma('journal_mode = DELETE');
    db.close();
    const bytes = fs.readFileSync(file);
    // Keep the 100-byte header valid; scribble over the schema and table pages.
    for (let i = 100; i < bytes.length; i += 7) bytes[i] = 0xa5;
    fs.writeFileSync(file, bytes);
    expectStorageFailure(await startOn(file), /damaged or is not a SQLite database/);
  });

  it('explains a folder it cannot create (its parent is a regular file)', async () => {
    const blocker = path.join(tmpDir(), 'not-a-folder');
    fs.writeFileSync(blocker, '');
    expectStorageFailure(await startOn(path.join(blocker, 'data', 'tutor.db')), /Cannot open .*tutor\.db for writing/);
  });

  it('explains a read-only place (a path under /proc)', async () => {
    expectStorageFailure(await startOn('/proc/tutor-test.db'), /Cannot open \/proc\/tutor-test\.db for writing/);
  });

  it('explains a full disk (/dev/full)', async () => {
    expectStorageFailure(await startOn('/dev/full'), /The disk holding \/dev\/full is full/);
  });

  it('explains a file-size limit it cannot write past (ulimit -f)', async () => {
    const file = path.join(tmpDir(), 'tutor.db');
    expectStorageFailure(
      await startOn(file, ['sh', '-c', 'ulimit -f 8 && exec "$@"', 'sh']),
      /Cannot read or write the database .*disk I\/O error.*may be full, read-only/,
    );
  });

  it('refuses a database written by a newer version of the app', async () => {
    const file = path.join(tmpDir(), 'tutor.db');
    validDatabase(file);
    const db = new Database(file);
    db.prepare("INSERT INTO schema_migrations VALUES (999, '999_from_the_future', '2030-01-01')").run();
    db.close();
    expectStorageFailure(await startOn(file), /newer version of this app \(unknown migration 999_from_the_future\)/);
  });
});

// With mount rights (root in a container, as in CI here) a real read-only and a real full
// filesystem are mounted in a private mount namespace; elsewhere these two are skipped.
const canMount = (() => {
  try {
    execFileSync('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs /mnt'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!canMount)('storage problems on real filesystems', () => {
  it('explains a database on a read-only filesystem', async () => {
    const dir = tmpDir();
    validDatabase(path.join(dir, 'tutor.db'));
    const mnt = tmpDir();
    // Bind the folder with the database read-only, then start the app on it.
    const wrap = [
      'unshare',
      '-m',
      'sh',
      '-c',
      `mount --bind "${dir}" "${mnt}" && mount -o remount,bind,ro "${mnt}" && exec "$@"`,
      'sh',
    ];
    expectStorageFailure(await startOn(path.join(mnt, 'tutor.db'), wrap), /Cannot open .*tutor\.db for writing/);
  });

  it('explains a full filesystem', async () => {
    const mnt = tmpDir();
    const wrap = [
      'unshare',
      '-m',
      'sh',
      '-c',
      `mount -t tmpfs -o size=256k tmpfs "${mnt}" && (dd if=/dev/zero of="${mnt}/filler" bs=4k 2>/dev/null || true) && exec "$@"`,
      'sh',
    ];
    expectStorageFailure(await startOn(path.join(mnt, 'tutor.db'), wrap), /full/);
  });
});
