-- The weekly recap (SQLite migration 009): one per channel per week, its unique key claimed before
-- Slack is called; a failed upload keeps its row pending with a lease that holds the retry off.
CREATE TABLE recaps (
  team_id     TEXT COLLATE "C" NOT NULL,
  channel_id  TEXT COLLATE "C" NOT NULL,
  week        TEXT COLLATE "C" NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('pending', 'posted', 'skipped')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  lease_until TEXT COLLATE "C",
  last_error  TEXT,
  file_id     TEXT,
  created_at  TEXT COLLATE "C" NOT NULL,
  posted_at   TEXT COLLATE "C",
  PRIMARY KEY (team_id, channel_id, week)
);

-- Recaps are on unless an admin turned them off in a channel (/aws quiz recap off).
CREATE TABLE recap_settings (
  team_id    TEXT COLLATE "C" NOT NULL,
  channel_id TEXT COLLATE "C" NOT NULL,
  enabled    INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  updated_by TEXT NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (team_id, channel_id)
);
