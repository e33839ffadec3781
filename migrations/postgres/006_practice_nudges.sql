-- A person's practice settings and the daily reminder (SQLite migration 007). One row per person
-- who changed a setting; a person without a row has the defaults. remind_at is the person's local
-- wall-clock time "HH:MM" in `timezone`.
CREATE TABLE practice_settings (
  team_id          TEXT COLLATE "C" NOT NULL,
  user_id          TEXT COLLATE "C" NOT NULL,
  remind_at        TEXT CHECK (remind_at IS NULL OR length(remind_at) = 5),
  timezone         TEXT,
  next_nudge_at    TEXT COLLATE "C",
  away_from        TEXT COLLATE "C",
  away_until       TEXT COLLATE "C",
  session_size     INTEGER CHECK (session_size IS NULL OR session_size BETWEEN 1 AND 20),
  daily_review_cap INTEGER CHECK (daily_review_cap IS NULL OR daily_review_cap BETWEEN 1 AND 200),
  updated_at       TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (team_id, user_id)
);
-- The scheduler's question every tick, "whose reminder is due?", is one seek in this index.
CREATE INDEX practice_settings_next_nudge ON practice_settings (next_nudge_at) WHERE next_nudge_at IS NOT NULL;

-- One reminder per person per local day: the key is claimed before Slack is called. A failed send
-- is released ('failed') to be tried again that day; a dead process's claim is taken over once its
-- lease has run out.
CREATE TABLE practice_nudges (
  team_id    TEXT COLLATE "C" NOT NULL,
  user_id    TEXT COLLATE "C" NOT NULL,
  local_day  TEXT COLLATE "C" NOT NULL,
  state      TEXT NOT NULL CHECK (state IN ('claimed', 'sent', 'failed')),
  attempts   INTEGER NOT NULL DEFAULT 1,
  due_count  INTEGER,
  claimed_at TEXT COLLATE "C" NOT NULL,
  sent_at    TEXT COLLATE "C",
  PRIMARY KEY (team_id, user_id, local_day)
);
