import type { InstallationQuery, InstallationStore } from '../services/installation-store.ts';
import { type InstallationRow, installationValues, toInstallation } from './installation-rows.ts';
import type { Db } from './open.ts';
import { statement } from './statements.ts';

/** The WHERE clause of a query: the exact key, or every installation of the team. */
function matching(query: InstallationQuery): { sql: string; values: string[] } {
  return query.enterpriseId === undefined
    ? { sql: 'team_id = ?', values: [query.teamId] }
    : { sql: 'enterprise_id = ? AND team_id = ?', values: [query.enterpriseId ?? '', query.teamId] };
}

/**
 * The SQLite installation store. Tokens are sealed with `key` (TOKEN_ENCRYPTION_KEY) before they
 * are written and opened after they are read; a row that does not open throws TokenDecryptionError.
 * Each call is one statement, so it never needs to wait for another caller's transaction.
 */
export function sqliteInstallationStore(db: Db, key: Buffer): InstallationStore {
  const settled = async (): Promise<void> => {
    while (db.inTransaction) await new Promise<void>((resolve) => setImmediate(resolve));
  };
  return {
    async save(i) {
      if (db.inTransaction) await settled();
      statement(
        db,
        `INSERT INTO installations (enterprise_id, team_id, bot_token_sealed, bot_user_id, bot_id,
           is_enterprise_install, scopes, installer_user_id, installed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (enterprise_id, team_id) DO UPDATE SET
           bot_token_sealed = excluded.bot_token_sealed, bot_user_id = excluded.bot_user_id,
           bot_id = excluded.bot_id, is_enterprise_install = excluded.is_enterprise_install,
           scopes = excluded.scopes, installer_user_id = excluded.installer_user_id,
           installed_at = excluded.installed_at`,
      ).run(...installationValues(i, key));
    },
    async find(query) {
      if (db.inTransaction) await settled();
      const where = matching(query);
      const row = statement(db, `SELECT * FROM installations WHERE ${where.sql} ORDER BY installed_at DESC LIMIT 1`).get(
        ...where.values,
      ) as InstallationRow | undefined;
      return row && toInstallation(row, key);
    },
    async delete(query) {
      if (db.inTransaction) await settled();
      const where = matching(query);
      return statement(db, `DELETE FROM installations WHERE ${where.sql}`).run(...where.values).changes > 0;
    },
  };
}
