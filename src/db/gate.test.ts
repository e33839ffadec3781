import { describe, expect, it } from 'vitest';
import { gateOf } from './gate.ts';
import { openDatabase } from './open.ts';

function table() {
  const db = openDatabase(':memory:');
  db.exec('CREATE TABLE t (v TEXT NOT NULL)');
  const insert = (v: string) => db.prepare('INSERT INTO t (v) VALUES (?)').run(v);
  const values = () => (db.prepare('SELECT v FROM t ORDER BY rowid').all() as { v: string }[]).map((r) => r.v);
  return { db, insert, values };
}

describe('the connection gate', () => {
  it('holds a call made while a transaction awaits, so it neither joins nor rolls back with it', async () => {
    const { db, insert, values } = table();
    const gate = gateOf(db);
    const outsider = gate.wrap(insert);
    let release = () => {};
    const paused = new Promise<void>((resolve) => {
      release = resolve;
    });
    const failing = gate.transaction(async () => {
      insert('inside');
      await paused;
      throw new Error('rolled back');
    });
    const outside = outsider('outside');
    await new Promise((resolve) => setImmediate(resolve));
    expect(values()).toEqual(['inside']); // the outsider waits
    release();
    await expect(failing).rejects.toThrow('rolled back');
    await outside;
    expect(values()).toEqual(['outside']);
    expect(db.inTransaction).toBe(false);
  });

  it('is closed already for calls the work makes before its first await', async () => {
    const { db, insert, values } = table();
    const gate = gateOf(db);
    let early: Promise<unknown> | undefined;
    await expect(
      gate.transaction(async () => {
        early = gate.wrap(insert)('early');
        insert('inside');
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await early;
    expect(values()).toEqual(['early']);
  });

  it('is one gate per connection, whichever store asks for it', () => {
    const a = table().db;
    expect(gateOf(a)).toBe(gateOf(a));
    expect(gateOf(a)).not.toBe(gateOf(table().db));
  });

  it('runs transactions one after another and commits each', async () => {
    const { db, insert, values } = table();
    const gate = gateOf(db);
    await Promise.all(
      ['a', 'b', 'c'].map((v) =>
        gate.transaction(async () => {
          insert(v);
          await new Promise((resolve) => setImmediate(resolve));
          insert(v.toUpperCase());
        }),
      ),
    );
    expect(values()).toEqual(['a', 'A', 'b', 'B', 'c', 'C']);
  });
});
