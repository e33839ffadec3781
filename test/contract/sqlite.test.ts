import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate } from '../../src/db/migrate.ts';
import { type Db, openDatabase } from '../../src/db/open.ts';
import { sqlitePracticeStore } from '../../src/db/sqlite-practice-store.ts';
import { sqliteStores } from '../../src/db/sqlite-stores.ts';
import { sqliteKit } from '../../src/runtime/storage.ts';
import { queryRows } from '../support/database.ts';
import { featuresContract } from './features.contract.ts';
import { storesContract } from './stores.contract.ts';

storesContract('SQLite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-contract-'));
  const file = path.join(dir, 'tutor.db');
  const db = openDatabase(file);
  migrate(db);
  const others: Db[] = [];
  return {
    stores: sqliteStores(db),
    practice: sqlitePracticeStore(db),
    async other() {
      const second = openDatabase(file);
      others.push(second);
      return sqliteStores(second);
    },
    async refuseAnswersOf(userId) {
      if (!/^[A-Z0-9]+$/.test(userId)) throw new Error('a test user id');
      db.exec(`CREATE TEMP TRIGGER refuse_${userId} BEFORE INSERT ON answers WHEN NEW.user_id = '${userId}'
               BEGIN SELECT RAISE(ABORT, 'refused for the test'); END`);
    },
    async close() {
      for (const o of others) o.close();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

featuresContract('SQLite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-contract-'));
  const file = path.join(dir, 'tutor.db');
  const db = openDatabase(file);
  migrate(db);
  const others: Db[] = [];
  return {
    kit: sqliteKit(db),
    async otherKit() {
      const second = openDatabase(file);
      others.push(second);
      return sqliteKit(second);
    },
    read: async (sql, values = []) => queryRows(db, sql, values),
    async close() {
      for (const o of others) o.close();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
