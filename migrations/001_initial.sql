-- Every table is keyed by team_id so one database can serve many workspaces.

CREATE TABLE workspaces (
  team_id     TEXT PRIMARY KEY,
  created_at  TEXT NOT NULL
);

-- A channel that gets the daily quiz.
CREATE TABLE quiz_channels (
  team_id       TEXT NOT NULL REFERENCES workspaces(team_id),
  channel_id    TEXT NOT NULL,
  schedule      TEXT NOT NULL,            -- five-field cron
  timezone      TEXT NOT NULL,            -- IANA zone
  state         TEXT NOT NULL CHECK (state IN ('active', 'paused', 'off')),
  started_at    TEXT NOT NULL,            -- fire times before this are never made up
  last_error    TEXT,
  last_error_at TEXT,
  updated_by    TEXT,
  updated_at    TEXT NOT NULL,
  PRIMARY KEY (team_id, channel_id)
);

-- One row per question posted (or being posted) into a channel.
-- slot is the scheduled fire time (ISO) or 'now:<id>' for an admin's `quiz now`; the unique key
-- is what makes a restart, a retry or a second process unable to double-post.
CREATE TABLE posts (
  id            INTEGER PRIMARY KEY,
  team_id       TEXT NOT NULL REFERENCES workspaces(team_id),
  channel_id    TEXT NOT NULL,
  slot          TEXT NOT NULL,
  seq           INTEGER,                  -- 1, 2, 3 … within the channel, given when posted; streaks follow it
  question_id   TEXT NOT NULL,
  topic         TEXT NOT NULL,
  -- The question as posted, so grading and reveal never change when content is edited later.
  question_json TEXT NOT NULL,
  correct_key   TEXT NOT NULL,
  state         TEXT NOT NULL CHECK (state IN ('pending', 'posted', 'revealed')),
  message_ts    TEXT,
  attempts      INTEGER NOT NULL DEFAULT 0,
  lease_until   TEXT,                     -- a process holds the right to call Slack until then
  last_error    TEXT,
  created_at    TEXT NOT NULL,
  posted_at     TEXT,
  reveal_due_at TEXT,
  revealed_at   TEXT,
  answer_count  INTEGER NOT NULL DEFAULT 0,
  correct_count INTEGER NOT NULL DEFAULT 0,
  UNIQUE (team_id, channel_id, slot),
  UNIQUE (team_id, channel_id, seq)
);
CREATE INDEX posts_by_state ON posts (state, reveal_due_at);
CREATE INDEX posts_by_question ON posts (team_id, channel_id, question_id);

CREATE TABLE answers (
  post_id     INTEGER NOT NULL REFERENCES posts(id),
  team_id     TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  choice      TEXT NOT NULL,
  is_correct  INTEGER NOT NULL CHECK (is_correct IN (0, 1)),
  answered_at TEXT NOT NULL,
  PRIMARY KEY (post_id, user_id)
);
-- Leaderboard periods scan a team's answers by time; covering index keeps it off the table.
CREATE INDEX answers_by_team_time ON answers (team_id, answered_at, user_id, is_correct);

-- Running totals per person per quiz channel, updated in the same transaction as the answer.
CREATE TABLE user_stats (
  team_id          TEXT NOT NULL,
  channel_id       TEXT NOT NULL,
  user_id          TEXT NOT NULL,
  points           INTEGER NOT NULL DEFAULT 0,
  answers          INTEGER NOT NULL DEFAULT 0,
  correct          INTEGER NOT NULL DEFAULT 0,
  current_streak   INTEGER NOT NULL DEFAULT 0,
  best_streak      INTEGER NOT NULL DEFAULT 0,
  last_correct_seq INTEGER NOT NULL DEFAULT 0,
  updated_at       TEXT NOT NULL,
  PRIMARY KEY (team_id, channel_id, user_id)
);
CREATE INDEX user_stats_by_team_user ON user_stats (team_id, user_id);

-- A card shared from a lookup, so a double click shares it once.
CREATE TABLE shares (
  team_id    TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  card_id    TEXT NOT NULL,
  source_ts  TEXT NOT NULL,              -- the private message the Share button was on
  created_at TEXT NOT NULL,
  PRIMARY KEY (team_id, user_id, card_id, source_ts)
);
