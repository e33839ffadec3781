import type { webApi } from '@slack/bolt';

const CACHE_MS = 5 * 60_000;

/**
 * Admin = listed in ADMIN_USER_IDS (single-workspace mode), the person who installed the app in
 * this workspace (multi-workspace mode), or a workspace admin/owner per users.info. The users.info
 * answer is cached briefly so a burst of admin commands makes one call.
 */
export class AdminCheck {
  private readonly cache = new Map<string, { isAdmin: boolean; until: number }>();

  constructor(
    private readonly adminUserIds: string[],
    private readonly now: () => Date,
    private readonly isInstaller: (teamId: string, userId: string) => Promise<boolean> = async () => false,
  ) {}

  /** What is known without asking Slack: true or false, or undefined when users.info must say. */
  known(teamId: string, userId: string): boolean | undefined {
    if (this.adminUserIds.includes(userId)) return true;
    const hit = this.cache.get(`${teamId}:${userId}`);
    return hit && hit.until > this.now().getTime() ? hit.isAdmin : undefined;
  }

  async isAdmin(client: webApi.WebClient, teamId: string, userId: string): Promise<boolean> {
    if (this.adminUserIds.includes(userId)) return true;
    if (await this.isInstaller(teamId, userId)) return true;
    const key = `${teamId}:${userId}`;
    const hit = this.cache.get(key);
    const t = this.now().getTime();
    if (hit && hit.until > t) return hit.isAdmin;
    const info = await client.users.info({ user: userId });
    const isAdmin = Boolean(info.user?.is_admin || info.user?.is_owner || info.user?.is_primary_owner);
    this.cache.set(key, { isAdmin, until: t + CACHE_MS });
    return isAdmin;
  }
}
