import type { Log } from '../log.ts';
import type { InstallationQuery, InstallationStore, WorkspaceInstallation } from './installation-store.ts';
import type { Stores } from './stores.ts';

/** Who paused a channel when its workspace removed the app: a reinstall resumes exactly these. */
export const UNINSTALL_ACTOR = 'app_uninstalled';

/**
 * How long a looked-up installation is kept in memory. Every request and every scheduled post asks
 * for its workspace's token; a change made by this process clears its entry at once, one made by
 * another process (several app instances on one database) is seen within this time.
 */
export const INSTALLATION_CACHE_MS = 30_000;

type Cached = { installation: WorkspaceInstallation; until: number };

/**
 * Multi-workspace mode: the workspaces that installed the app, their bot tokens, and what an
 * install or an uninstall does to their quiz schedules.
 */
export class InstallationService {
  private readonly cache = new Map<string, Map<string, Cached>>();
  private readonly cacheMs: number;

  constructor(
    private readonly o: {
      store: InstallationStore;
      stores: Stores;
      log: Log;
      now: () => Date;
      cacheMs?: number;
    },
  ) {
    this.cacheMs = o.cacheMs ?? INSTALLATION_CACHE_MS;
  }

  /** Stores a (re)install, stamped with the time now, and resumes the channels its uninstall had paused. */
  async installed(fromSlack: Omit<WorkspaceInstallation, 'installedAt'>): Promise<{ resumed: number }> {
    const installation: WorkspaceInstallation = { ...fromSlack, installedAt: this.o.now() };
    await this.o.store.save(installation);
    this.forget(installation.teamId);
    const { teamId } = installation;
    const paused = await this.o.stores.channels.pausedBy(teamId, UNINSTALL_ACTOR);
    const now = this.o.now();
    await this.o.stores.transaction(async ({ channels }) => {
      for (const c of paused) await channels.setState(teamId, c.channelId, 'active', installation.installerUserId, now);
    });
    this.o.log.info('install.stored', {
      team: teamId,
      enterprise: installation.enterpriseId,
      user: installation.installerUserId,
      resumed: paused.length,
    });
    return { resumed: paused.length };
  }

  /**
   * The workspace removed the app or revoked its bot token: the installation and its token go, and
   * its running quizzes pause (a channel an admin had paused or stopped keeps its state).
   */
  async uninstalled(query: InstallationQuery, reason: string): Promise<{ removed: boolean; paused: number }> {
    const removed = await this.o.store.delete(query);
    this.forget(query.teamId);
    const running = (await this.o.stores.channels.active()).filter((c) => c.teamId === query.teamId);
    const now = this.o.now();
    await this.o.stores.transaction(async ({ channels }) => {
      for (const c of running) await channels.setState(query.teamId, c.channelId, 'paused', UNINSTALL_ACTOR, now);
    });
    this.o.log.info('install.removed', { team: query.teamId, reason, removed, paused: running.length });
    return { removed, paused: running.length };
  }

  /** The installation for a query, from memory when looked up recently. */
  async find(query: InstallationQuery): Promise<WorkspaceInstallation | undefined> {
    const key = query.enterpriseId === undefined ? '*' : (query.enterpriseId ?? '');
    const now = Date.now();
    const hit = this.cache.get(query.teamId)?.get(key);
    if (hit && hit.until > now) return hit.installation;
    const installation = await this.o.store.find(query);
    if (!installation) return undefined;
    let forTeam = this.cache.get(query.teamId);
    if (!forTeam) {
      forTeam = new Map();
      this.cache.set(query.teamId, forTeam);
    }
    forTeam.set(key, { installation, until: now + this.cacheMs });
    return installation;
  }

  async botToken(teamId: string): Promise<string | undefined> {
    return (await this.find({ teamId }))?.botToken;
  }

  /** Whether this person installed the app in this workspace (its first quiz admin). */
  async isInstaller(teamId: string, userId: string): Promise<boolean> {
    return (await this.find({ teamId }))?.installerUserId === userId;
  }

  private forget(teamId: string): void {
    this.cache.delete(teamId);
  }
}
