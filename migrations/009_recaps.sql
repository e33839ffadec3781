-- The weekly recap: one per channel per week. The unique (team, channel, week) key is claimed
-- before Slack is called, so a restart, a second tick or a second process never posts it twice;
-- a failed upload keeps its row pending with a lease that holds the retry off (backoff).
CREATE TABLE recaps (
  team_id     TEXT NOT NULL,
  channel_id  TEXT NOT NULL,
  week        TEXT NOT NULL,              -- the recapped week's Monday in the channel's zone, 'YYYY-MM-DD'
  state       TEXT NOT NULL CHECK (state IN ('pending', 'posted', 'skipped')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  lease_until TEXT,                       -- ISO instant: whoever claimed it may call Slack until then
  last_error  TEXT,
  file_id     TEXT,                       -- the uploaded chart, once posted
  created_at  TEXT NOT NULL,
  posted_at   TEXT,
  PRIMARY KEY (team_id, channel_id, week)
);

-- Recaps are on unless an admin turned them off in a channel (/aws quiz recap off).
CREATE TABLE recap_settings (
  team_id    TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  enabled    INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (team_id, channel_id)
);
