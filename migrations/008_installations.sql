-- Multi-workspace mode (SLACK_CLIENT_ID set): one row per workspace that installed the app through
-- /slack/install. Keyed by (enterprise_id, team_id) as Slack identifies an installation; a reinstall
-- replaces its row. The bot token is stored sealed with AES-256-GCM under TOKEN_ENCRYPTION_KEY
-- ('v1:<iv>:<tag>:<ciphertext>', src/db/token-crypto.ts), bound to the row's key: never in clear.
CREATE TABLE installations (
  enterprise_id         TEXT NOT NULL DEFAULT '',  -- '' outside Enterprise Grid (a NULL is never equal in a key)
  team_id               TEXT NOT NULL,
  bot_token_sealed      TEXT NOT NULL,
  bot_user_id           TEXT NOT NULL,
  bot_id                TEXT NOT NULL,
  is_enterprise_install INTEGER NOT NULL DEFAULT 0 CHECK (is_enterprise_install IN (0, 1)),
  scopes                TEXT NOT NULL,             -- comma-separated, as Slack grants them
  installer_user_id     TEXT NOT NULL,             -- the workspace's first quiz admin
  installed_at          TEXT NOT NULL,             -- ISO-8601 UTC
  PRIMARY KEY (enterprise_id, team_id)
);
-- Scheduled posts know only their team: they look the installation up by it.
CREATE INDEX installations_by_team ON installations (team_id, installed_at);
