/**
 * An installations row as both backends store it, and the domain installation it maps to: one
 * mapping for SQLite (db/sqlite-installation-store.ts) and PostgreSQL (db/postgres/installations.ts).
 * The bot token is sealed with `key` (TOKEN_ENCRYPTION_KEY) on the way in and opened on the way out,
 * bound to the row's key; a row that does not open throws TokenDecryptionError.
 */
import type { WorkspaceInstallation } from '../services/installation-store.ts';
import { openToken, sealToken } from './token-crypto.ts';

export interface InstallationRow {
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

export function toInstallation(row: InstallationRow, key: Buffer): WorkspaceInstallation {
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

/** The values of an INSERT of every column, in the table's order (enterprise_id … installed_at). */
export function installationValues(i: WorkspaceInstallation, key: Buffer): (string | number)[] {
  const enterpriseId = i.enterpriseId ?? '';
  return [
    enterpriseId,
    i.teamId,
    sealToken(key, i.botToken, rowContext(enterpriseId, i.teamId)),
    i.botUserId,
    i.botId,
    i.isEnterpriseInstall ? 1 : 0,
    i.scopes.join(','),
    i.installerUserId,
    i.installedAt.toISOString(),
  ];
}
