/**
 * Multi-workspace installations on PostgreSQL: the statements of db/sqlite-installation-store.ts,
 * same semantics. Tokens are sealed with `key` (TOKEN_ENCRYPTION_KEY) before they are written and
 * opened after they are read, bound to the row's key; a row that does not open throws
 * TokenDecryptionError.
 */
import type { InstallationQuery, InstallationStore } from '../../services/installation-store.ts';
import { type InstallationRow, installationValues, toInstallation } from '../installation-rows.ts';
import type { Sql } from './sql.ts';

/** The WHERE clause of a query: the exact key, or every installation of the team. */
function matching(query: InstallationQuery): { sql: string; values: string[] } {
  return query.enterpriseId === undefined
    ? { sql: 'team_id = $1', values: [query.teamId] }
    : { sql: 'enterprise_id = $1 AND team_id = $2', values: [query.enterpriseId ?? '', query.teamId] };
}

export function postgresInstallationStore(sql: Sql, key: Buffer): InstallationStore {
  return {
    async save(i) {
      await sql.query(
        `INSERT INTO installations (enterprise_id, team_id, bot_token_sealed, bot_user_id, bot_id,
           is_enterprise_install, scopes, installer_user_id, installed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (enterprise_id, team_id) DO UPDATE SET
           bot_token_sealed = excluded.bot_token_sealed, bot_user_id = excluded.bot_user_id,
           bot_id = excluded.bot_id, is_enterprise_install = excluded.is_enterprise_install,
           scopes = excluded.scopes, installer_user_id = excluded.installer_user_id,
           installed_at = excluded.installed_at`,
        installationValues(i, key),
      );
    },
    async find(query) {
      const where = matching(query);
      const r = await sql.query<InstallationRow>(
        `SELECT * FROM installations WHERE ${where.sql} ORDER BY installed_at DESC LIMIT 1`,
        where.values,
      );
      return r.rows[0] && toInstallation(r.rows[0], key);
    },
    async delete(query) {
      const where = matching(query);
      return (await sql.query(`DELETE FROM installations WHERE ${where.sql}`, where.values)).rowCount > 0;
    },
  };
}
