/**
 * The storage seam of multi-workspace mode: one installation per workspace, as Slack's OAuth
 * install hands it over. db/sqlite-installation-store.ts is the embedded implementation; it keeps
 * the bot token encrypted at rest, so callers only ever see it in clear in memory.
 */

export interface WorkspaceInstallation {
  teamId: string;
  /** The Enterprise Grid organization the workspace belongs to, or null outside one. */
  enterpriseId: string | null;
  /** Org-wide installs are refused at the install page (README), so false for every stored row. */
  isEnterpriseInstall: boolean;
  botToken: string;
  botUserId: string;
  botId: string;
  scopes: string[];
  /** Who installed the app: the workspace's first quiz admin. */
  installerUserId: string;
  installedAt: Date;
}

/**
 * Which installation: with `enterpriseId` (null for none) exactly that key; without it, the
 * workspace's, whatever its organization (scheduled posts know only their team). Team ids are
 * unique across Slack.
 */
export interface InstallationQuery {
  teamId: string;
  enterpriseId?: string | null;
}

export interface InstallationStore {
  /** Stores an installation, replacing the one with the same key (a reinstall). */
  save(installation: WorkspaceInstallation): Promise<void>;
  /** The newest matching installation, if any. */
  find(query: InstallationQuery): Promise<WorkspaceInstallation | undefined>;
  /** Deletes the matching installations (the token goes with them); false when there was none. */
  delete(query: InstallationQuery): Promise<boolean>;
}
