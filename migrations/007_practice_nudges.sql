-- A person's practice settings and the daily reminder, keyed by workspace and person.

-- One row per person who changed a setting; a person without a row has the defaults. Instants are
-- ISO-8601 UTC text; remind_at is the person's local wall-clock time "HH:MM" in `timezone`.
CREATE TABLE practice_settings (
  team_id          TEXT NOT NULL,
  user_id          TEXT NOT NULL,
  remind_at        TEXT CHECK (remind_at IS NULL OR length(remind_at) = 5),
  timezone         TEXT,                  -- IANA zone from users.info (tz)
  next_nudge_at    TEXT,                  -- when the scheduler looks at this person next; NULL: no reminder
  away_from        TEXT,
  away_until       TEXT,
  session_size     INTEGER CHECK (session_size IS NULL OR session_size BETWEEN 1 AND 20),
  daily_review_cap INTEGER CHECK (daily_review_cap IS NULL OR daily_review_cap BETWEEN 1 AND 200),
  updated_at       TEXT NOT NULL,
  PRIMARY KEY (team_id, user_id)
) WITHOUT ROWID;
-- The scheduler's question every tick, "whose reminder is due?", is one seek in this index.
CREATE INDEX practice_settings_next_nudge ON practice_settings (next_nudge_at) WHERE next_nudge_at IS NOT NULL;

-- One reminder per person per local day: the key is claimed before Slack is called, so a second
-- tick or a second instance sends nothing. A failed send is released ('failed') to be tried again
-- that day; a claim left by a process that died is taken over once its lease has run out.
CREATE TABLE practice_nudges (
  team_id    TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  local_day  TEXT NOT NULL,               -- 'YYYY-MM-DD' in the person's zone
  state      TEXT NOT NULL CHECK (state IN ('claimed', 'sent', 'failed')),
  attempts   INTEGER NOT NULL DEFAULT 1,
  due_count  INTEGER,
  claimed_at TEXT NOT NULL,
  sent_at    TEXT,
  PRIMARY KEY (team_id, user_id, local_day)
) WITHOUT ROWID;
