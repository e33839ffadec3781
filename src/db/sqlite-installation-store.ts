import type { InstallationQuery, InstallationStore, WorkspaceInstallation } from '../services/installation-store.ts';
import type { Db } from './open.ts';
import { statement } from './statements.ts';
import { openToken, sealToken } from './token-crypto.ts';

interface Row {
  enterprise_id: string;
  team_id: string;
  bot_token_sealed: string;
  bot_user_id: string;
  bot_id: string;
  is_enterprise_install: number;
  scopes: string;
  installer_user_id: string;
  installed_at: string;
}

/** The authenticated data a token is sealed with: the row's key, so a token copied to another row does not open. */
const rowContext = (enterpriseId: string, teamId: string) => `${enterpriseId}:${teamId}`;

function toInstallation(row: Row, key: Buffer): WorkspaceInstallation {
  return {
    teamId: row.team_id,
    enterpriseId: row.enterprise_id === '' ? null : row.enterprise_id,
    isEnterpriseInstall: row.is_enterprise_install === 1,
    botToken: openToken(key, row.bot_token_sealed, rowContext(row.enterprise_id, row.team_id)),
    botUserId: row.bot_user_id,
    botId: row.bot_id,
    scopes: row.scopes === '' ? [] : row.scopes.split(','),
    installerUserId: row.installer_user_id,
    installedAt: new Date(row.installed_at),
  };
}

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
      const enterpriseId = i.enterpriseId ?? '';
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
      ).run(
        enterpriseId,
        i.teamId,
        sealToken(key, i.botToken, rowContext(enterpriseId, i.teamId)),
        i.botUserId,
        i.botId,
        i.isEnterpriseInstall ? 1 : 0,
        i.scopes.join(','),
        i.installerUserId,
        i.installedAt.toISOString(),
      );
    },
    async find(query) {
      if (db.inTransaction) await settled();
      const where = matching(query);
      const row = statement(db, `SELECT * FROM installations WHERE ${where.sql} ORDER BY installed_at DESC LIMIT 1`).get(
        ...where.values,
      ) as Row | undefined;
      return row && toInstallation(row, key);
    },
    async delete(query) {
      if (db.inTransaction) await settled();
      const where = matching(query);
      return statement(db, `DELETE FROM installations WHERE ${where.sql}`).run(...where.values).changes > 0;
    },
  };
}
