import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseError } from '../errors.ts';
import { migrate, readMigrations } from './migrate.ts';
import { openDatabase } from './open.ts';

const tmpFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-db-')), 'tutor.db');

describe('migrate', () => {
  it('applies every migration once and records it', () => {
    const db = openDatabase(':memory:');
    const all = readMigrations().map((m) => m.version);
    expect(migrate(db)).toEqual(all);
    expect(migrate(db)).toEqual([]);
    const recorded = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[];
    expect(recorded.map((r) => r.version)).toEqual(all);
  });

  it('changes nothing when run twice', () => {
    const file = tmpFile();
    const db = openDatabase(file);
    migrate(db);
    const schema = db.prepare('SELECT sql FROM sqlite_master ORDER BY name').all();
    db.close();
    const again = openDatabase(file);
    expect(migrate(again)).toEqual([]);
    expect(again.prepare('SELECT sql FROM sqlite_master ORDER BY name').all()).toEqual(schema);
    again.close();
  });

  it('refuses a database written by a newer version', () => {
    const db = openDatabase(':memory:');
    migrate(db);
    db.prepare("INSERT INTO schema_migrations VALUES (999, '999_from_the_future', '2030-01-01')").run();
    expect(() => migrate(db)).toThrow(DatabaseError);
    expect(() => migrate(db)).toThrow(/newer version.*999_from_the_future/);
  });

  it('rolls back a failing migration whole', () => {
    const db = openDatabase(':memory:');
    const bad = [{ version: 1, name: '001_bad', sql: 'CREATE TABLE t (x INTEGER); CREATE TABLE t (y INTEGER);' }];
    expect(() => migrate(db, bad)).toThrow(/001_bad/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 't'").get()).toBeUndefined();
    expect(db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: 0 });
  });

  it('opens with WAL, a busy timeout and foreign keys', () => {
    const db = openDatabase(tmpFile());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('explains a file that is not a database', () => {
    const file = tmpFile();
    fs.writeFileSync(file, 'this is not sqlite at all, just text '.repeat(200));
    expect(() => openDatabase(file)).toThrow(/damaged or is not a SQLite database/);
  });

  it('explains a folder it cannot write', () => {
    if (process.getuid?.() === 0) {
      // root ignores permissions; a path under a regular file cannot be created either way.
      const file = tmpFile();
      fs.writeFileSync(file, '');
      expect(() => openDatabase(path.join(file, 'sub', 'tutor.db'))).toThrow(/Cannot open|writable/);
      return;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-ro-'));
    fs.chmodSync(dir, 0o500);
    expect(() => openDatabase(path.join(dir, 'tutor.db'))).toThrow(/writable/);
  });
});
