import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getQuizChannel, upsertQuizChannel } from '../db/channels.ts';
import { migrate } from '../db/migrate.ts';
import { openDatabase } from '../db/open.ts';
import { sqliteInstallationStore } from '../db/sqlite-installation-store.ts';
import { sqliteStores } from '../db/sqlite-stores.ts';
import { silentLog } from '../log.ts';
import type { WorkspaceInstallation } from './installation-store.ts';
import { InstallationService, UNINSTALL_ACTOR } from './installations.ts';

function setup() {
  const db = openDatabase(':memory:');
  migrate(db);
  const store = sqliteInstallationStore(db, randomBytes(32));
  const stores = sqliteStores(db);
  const now = new Date('2026-03-02T08:00:00.000Z');
  const service = new InstallationService({ store, stores, log: silentLog, now: () => now });
  const channel = (teamId: string, channelId: string) =>
    upsertQuizChannel(db, { teamId, channelId, schedule: '0 9 * * 1-5', timezone: 'UTC', userId: 'U0ADMIN' }, now);
  const stateOf = (teamId: string, channelId: string) => getQuizChannel(db, teamId, channelId)?.state;
  return { db, store, stores, service, channel, stateOf };
}

const install = (teamId: string, token = `xoxb-${teamId}-1`): Omit<WorkspaceInstallation, 'installedAt'> => ({
  teamId,
  enterpriseId: null,
  isEnterpriseInstall: false,
  botToken: token,
  botUserId: 'UBOT',
  botId: 'BBOT',
  scopes: ['commands'],
  installerUserId: `U${teamId}INST`,
});

describe('InstallationService', () => {
  it("pauses a workspace's running quizzes on uninstall and resumes them on reinstall", async () => {
    const { service, channel, stateOf, stores } = setup();
    await service.installed(install('T1'));
    channel('T1', 'C1');
    channel('T1', 'C2');
    channel('T2', 'C9');
    expect(await service.uninstalled({ teamId: 'T1' }, 'app_uninstalled')).toEqual({ removed: true, paused: 2 });
    expect([stateOf('T1', 'C1'), stateOf('T1', 'C2'), stateOf('T2', 'C9')]).toEqual(['paused', 'paused', 'active']);
    expect(await service.botToken('T1')).toBeUndefined();
    expect((await stores.channels.pausedBy('T1', UNINSTALL_ACTOR)).map((c) => c.channelId)).toEqual(['C1', 'C2']);

    expect(await service.installed(install('T1', 'xoxb-T1-2'))).toEqual({ resumed: 2 });
    expect([stateOf('T1', 'C1'), stateOf('T1', 'C2')]).toEqual(['active', 'active']);
    expect(await service.botToken('T1')).toBe('xoxb-T1-2');
  });

  it('leaves a channel an admin paused paused across an uninstall and a reinstall', async () => {
    const { service, channel, stateOf, stores } = setup();
    await service.installed(install('T1'));
    channel('T1', 'C1');
    channel('T1', 'C2');
    await stores.channels.setState('T1', 'C2', 'paused', 'U0ADMIN', new Date());
    await service.uninstalled({ teamId: 'T1' }, 'tokens_revoked');
    await service.installed(install('T1'));
    expect([stateOf('T1', 'C1'), stateOf('T1', 'C2')]).toEqual(['active', 'paused']);
  });

  it('gives each workspace its own token and its own first admin, stamped with the install time', async () => {
    const { service, store } = setup();
    await service.installed(install('T1'));
    expect((await store.find({ teamId: 'T1' }))?.installedAt).toEqual(new Date('2026-03-02T08:00:00.000Z'));
    await service.installed(install('T2'));
    expect(await service.botToken('T1')).toBe('xoxb-T1-1');
    expect(await service.botToken('T2')).toBe('xoxb-T2-1');
    expect(await service.isInstaller('T1', 'UT1INST')).toBe(true);
    expect(await service.isInstaller('T2', 'UT1INST')).toBe(false);
    expect(await service.botToken('T3')).toBeUndefined();
  });

  it('serves a looked-up token from memory, and forgets it when this process changes it', async () => {
    const { service, store } = setup();
    await service.installed(install('T1'));
    expect(await service.botToken('T1')).toBe('xoxb-T1-1');
    // Another process on the same database reinstalls: seen once the cache entry runs out.
    await store.save({ ...install('T1', 'xoxb-T1-elsewhere'), installedAt: new Date() });
    expect(await service.botToken('T1')).toBe('xoxb-T1-1');
    await service.installed(install('T1', 'xoxb-T1-here'));
    expect(await service.botToken('T1')).toBe('xoxb-T1-here');
  });
});
