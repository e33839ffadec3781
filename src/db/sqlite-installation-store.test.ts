import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkspaceInstallation } from '../services/installation-store.ts';
import { migrate } from './migrate.ts';
import { type Db, openDatabase } from './open.ts';
import { sqliteInstallationStore } from './sqlite-installation-store.ts';
import { TokenDecryptionError } from './token-crypto.ts';

const key = randomBytes(32);
let db: Db | undefined;

function openStore(k = key) {
  db ??= openDatabase(':memory:');
  migrate(db);
  return { db, store: sqliteInstallationStore(db, k) };
}

afterEach(() => {
  db?.close();
  db = undefined;
});

const install = (teamId: string, over: Partial<WorkspaceInstallation> = {}): WorkspaceInstallation => ({
  teamId,
  enterpriseId: null,
  isEnterpriseInstall: false,
  botToken: `xoxb-${teamId}-secret-token`,
  botUserId: `U${teamId}BOT`,
  botId: `B${teamId}`,
  scopes: ['commands', 'chat:write'],
  installerUserId: `U${teamId}INST`,
  installedAt: new Date('2026-01-05T09:00:00.000Z'),
  ...over,
});

describe('sqliteInstallationStore', () => {
  it('keeps what was saved, and the bot token only sealed in the table', async () => {
    const { db, store } = openStore();
    await store.save(install('T1'));
    expect(await store.find({ teamId: 'T1' })).toEqual(install('T1'));
    const raw = JSON.stringify(db.prepare('SELECT * FROM installations').all());
    expect(raw).not.toContain('secret-token');
    expect(raw).toMatch(/"bot_token_sealed":"v1:/);
  });

  it('keys by enterprise and team: an exact key, or the team alone', async () => {
    const { store } = openStore();
    await store.save(install('T1', { enterpriseId: 'E1' }));
    expect((await store.find({ teamId: 'T1', enterpriseId: 'E1' }))?.enterpriseId).toBe('E1');
    expect(await store.find({ teamId: 'T1', enterpriseId: null })).toBeUndefined();
    expect(await store.find({ teamId: 'T1', enterpriseId: 'E2' })).toBeUndefined();
    expect((await store.find({ teamId: 'T1' }))?.botToken).toBe('xoxb-T1-secret-token');
  });

  it('replaces an installation on reinstall, and keeps workspaces apart', async () => {
    const { store } = openStore();
    await store.save(install('T1'));
    await store.save(install('T2'));
    await store.save(install('T1', { botToken: 'xoxb-T1-new', installerUserId: 'U0OTHER' }));
    expect(await store.find({ teamId: 'T1' })).toMatchObject({ botToken: 'xoxb-T1-new', installerUserId: 'U0OTHER' });
    expect((await store.find({ teamId: 'T2' }))?.botToken).toBe('xoxb-T2-secret-token');
  });

  it('deletes an installation and its token', async () => {
    const { db, store } = openStore();
    await store.save(install('T1'));
    await store.save(install('T2'));
    expect(await store.delete({ teamId: 'T1' })).toBe(true);
    expect(await store.delete({ teamId: 'T1' })).toBe(false);
    expect(await store.find({ teamId: 'T1' })).toBeUndefined();
    expect(db.prepare('SELECT team_id FROM installations').all()).toEqual([{ team_id: 'T2' }]);
  });

  it('refuses to hand out a token under the wrong key', async () => {
    const { db, store } = openStore();
    await store.save(install('T1'));
    const other = sqliteInstallationStore(db, randomBytes(32));
    await expect(other.find({ teamId: 'T1' })).rejects.toBeInstanceOf(TokenDecryptionError);
  });

  it('refuses a sealed token copied into another workspace row', async () => {
    const { db, store } = openStore();
    await store.save(install('T1'));
    await store.save(install('T2'));
    db.prepare(
      "UPDATE installations SET bot_token_sealed = (SELECT bot_token_sealed FROM installations WHERE team_id = 'T1') WHERE team_id = 'T2'",
    ).run();
    await expect(store.find({ teamId: 'T2' })).rejects.toBeInstanceOf(TokenDecryptionError);
  });
});
