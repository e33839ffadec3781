-- Multi-workspace mode (SQLite migration 008): one row per workspace that installed the app through
-- /slack/install, keyed by (enterprise_id, team_id); a reinstall replaces its row. The bot token is
-- stored sealed with AES-256-GCM under TOKEN_ENCRYPTION_KEY (src/db/token-crypto.ts), bound to the
-- row's key: never in clear.
CREATE TABLE installations (
  enterprise_id         TEXT COLLATE "C" NOT NULL DEFAULT '',  -- '' outside Enterprise Grid
  team_id               TEXT COLLATE "C" NOT NULL,
  bot_token_sealed      TEXT NOT NULL,
  bot_user_id           TEXT NOT NULL,
  bot_id                TEXT NOT NULL,
  is_enterprise_install INTEGER NOT NULL DEFAULT 0 CHECK (is_enterprise_install IN (0, 1)),
  scopes                TEXT NOT NULL,
  installer_user_id     TEXT NOT NULL,
  installed_at          TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (enterprise_id, team_id)
);
CREATE INDEX installations_by_team ON installations (team_id, installed_at);
