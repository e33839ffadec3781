-- "Report a problem" with a question: one row per report, kept after it is resolved.

CREATE TABLE reports (
  id              INTEGER PRIMARY KEY,
  team_id         TEXT NOT NULL,
  user_id         TEXT NOT NULL,
  question_id     TEXT NOT NULL,
  reason          TEXT NOT NULL CHECK (reason IN ('wrong_answer', 'ambiguous', 'outdated', 'typo', 'other')),
  comment         TEXT CHECK (comment IS NULL OR length(comment) <= 500),
  surface         TEXT NOT NULL CHECK (surface IN ('feedback', 'reveal', 'practice')),
  created_at      TEXT NOT NULL,   -- ISO-8601 UTC
  resolved_at     TEXT,            -- NULL while open
  resolved_by     TEXT,
  resolution_note TEXT
);

-- A person has at most one open report of a question: a second submission is acknowledged and
-- stored once ("insert, and the key decides"). Once resolved, they may report it again.
CREATE UNIQUE INDEX reports_open_once ON reports (team_id, user_id, question_id) WHERE resolved_at IS NULL;
CREATE INDEX reports_open_by_question ON reports (question_id, team_id) WHERE resolved_at IS NULL;
