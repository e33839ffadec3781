-- PostgreSQL twin of migrations/011_count_claims.sql (numbered on in this folder): what several app processes claim from one
-- another on one database. The right to show a post's live answer count (one chat.update per
-- interval per post, whatever the number of processes), and each admitted request signature (the
-- shared replay guard, src/db/postgres/replay-store.ts). Instants are ISO-8601 UTC text, as elsewhere.
ALTER TABLE posts ADD COLUMN count_shown INTEGER NOT NULL DEFAULT 0;
ALTER TABLE posts ADD COLUMN count_shown_at TEXT COLLATE "C";

CREATE TABLE replay_guard (
  signature  TEXT COLLATE "C" PRIMARY KEY,
  expires_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX replay_guard_by_expiry ON replay_guard (expires_at);
