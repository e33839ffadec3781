-- What several app processes on one database claim from one another (README, Running several
-- instances): the right to show a post's live answer count, so one chat.update goes out per
-- interval per post whatever the number of processes, and each admitted request signature, so a
-- replay sent to another process is still refused (REPLAY_GUARD=database).
ALTER TABLE posts ADD COLUMN count_shown INTEGER NOT NULL DEFAULT 0;
ALTER TABLE posts ADD COLUMN count_shown_at TEXT;

CREATE TABLE replay_guard (
  signature  TEXT PRIMARY KEY,
  expires_at TEXT NOT NULL
);
CREATE INDEX replay_guard_by_expiry ON replay_guard (expires_at);
