import type pg from 'pg';
import { postgresKit } from '../../src/db/postgres/kit.ts';
import { openPostgres } from '../../src/db/postgres/open.ts';
import { postgresPracticeStore, postgresStores } from '../../src/db/postgres/stores.ts';
import { freshPostgresUrl } from '../support/postgres.ts';
import { featuresContract } from './features.contract.ts';
import { storesContract } from './stores.contract.ts';

storesContract('PostgreSQL', async () => {
  const url = await freshPostgresUrl('contract');
  const pool = await openPostgres(url);
  const others: pg.Pool[] = [];
  return {
    stores: postgresStores(pool),
    practice: postgresPracticeStore(pool),
    async other() {
      const second = await openPostgres(url);
      others.push(second);
      return postgresStores(second);
    },
    async refuseAnswersOf(userId) {
      if (!/^[A-Z0-9]+$/.test(userId)) throw new Error('a test user id');
      await pool.query(`CREATE FUNCTION refuse_${userId}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.user_id = '${userId}' THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$`);
      await pool.query(
        `CREATE TRIGGER refuse_${userId} BEFORE INSERT ON answers FOR EACH ROW EXECUTE FUNCTION refuse_${userId}()`,
      );
    },
    async close() {
      for (const o of others) await o.end();
      await pool.end();
    },
  };
});

featuresContract('PostgreSQL', async () => {
  const url = await freshPostgresUrl('features');
  const pool = await openPostgres(url);
  const others: pg.Pool[] = [];
  return {
    kit: postgresKit(pool),
    async otherKit() {
      const second = await openPostgres(url);
      others.push(second);
      return postgresKit(second);
    },
    async read(sql, values = []) {
      let n = 0;
      return (
        await pool.query(
          sql.replace(/\?/g, () => `$${++n}`),
          values,
        )
      ).rows;
    },
    async close() {
      for (const o of others) await o.end();
      await pool.end();
    },
  };
});
