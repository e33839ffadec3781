import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BOT_SCOPES } from '../src/slack/install.ts';

const manifest = parse(fs.readFileSync(new URL('../manifest.yml', import.meta.url), 'utf8'));

describe('manifest.yml', () => {
  it('declares the /aws command with a usage hint at /slack/events', () => {
    const aws = manifest.features.slash_commands.find((c: { command: string }) => c.command === '/aws');
    expect(aws.usage_hint).toMatch(/lambda limits/);
    expect(aws.url).toMatch(/\/slack\/events$/);
  });

  it('asks for the smallest set of bot scopes the features use', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([
      'channels:read',
      'chat:write',
      'chat:write.public',
      'commands',
      'files:write',
      'groups:read',
      'im:write',
      'users:read',
    ]);
  });

  it('asks the multi-workspace install for exactly the manifest scopes, and redirects to /slack/oauth_redirect', () => {
    expect([...BOT_SCOPES].sort()).toEqual([...manifest.oauth_config.scopes.bot].sort());
    expect(manifest.oauth_config.redirect_urls).toEqual([expect.stringMatching(/\/slack\/oauth_redirect$/)]);
  });

  it('has a bot user, App Home, interactivity and the app_home_opened event, with Socket Mode off', () => {
    expect(manifest.features.bot_user.display_name).toBeTruthy();
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.interactivity.request_url).toMatch(/\/slack\/events$/);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(['app_home_opened', 'app_uninstalled', 'tokens_revoked']);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });
});
