-- Personal spaced-repetition practice, keyed by workspace and person throughout.

-- A private session of a few questions, one at a time. Answer buttons carry the session id and the
-- question id; the server grades only the session's current question, of this person.
CREATE TABLE practice_sessions (
  id                  INTEGER PRIMARY KEY,
  team_id             TEXT NOT NULL,
  user_id             TEXT NOT NULL,
  topic               TEXT,
  exam                TEXT,                 -- 'DVA-C02' or a domain 'DVA-C02/2'
  size                INTEGER NOT NULL DEFAULT 5 CHECK (size BETWEEN 1 AND 50),
  asked               INTEGER NOT NULL DEFAULT 0,
  correct             INTEGER NOT NULL DEFAULT 0,
  current_question_id TEXT,
  state               TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done')),
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL
);
CREATE INDEX practice_sessions_by_person ON practice_sessions (team_id, user_id, state);

-- What FSRS knows about one person and one question (ts-fsrs card fields, ISO instants in UTC).
CREATE TABLE practice_cards (
  team_id           TEXT NOT NULL,
  user_id           TEXT NOT NULL,
  question_id       TEXT NOT NULL,
  due               TEXT NOT NULL,
  stability         REAL NOT NULL,
  difficulty        REAL NOT NULL,
  elapsed_days      INTEGER NOT NULL,
  scheduled_days    INTEGER NOT NULL,
  learning_steps    INTEGER NOT NULL DEFAULT 0,
  reps              INTEGER NOT NULL,
  lapses            INTEGER NOT NULL,
  misses            INTEGER NOT NULL DEFAULT 0,   -- every wrong answer; FSRS lapses count forgotten reviews only
  state             TEXT NOT NULL CHECK (state IN ('new', 'learning', 'review', 'relearning')),
  last_review       TEXT,
  long_right_streak INTEGER NOT NULL DEFAULT 0,
  retired           INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
  updated_at        TEXT NOT NULL,
  PRIMARY KEY (team_id, user_id, question_id)
) WITHOUT ROWID;

-- Every review, from a practice session or from the daily quiz. The partial unique keys make a
-- click count once: one review per question per session, and one per person per daily post.
CREATE TABLE practice_reviews (
  id          INTEGER PRIMARY KEY,
  team_id     TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  question_id TEXT NOT NULL,
  session_id  INTEGER REFERENCES practice_sessions(id),
  post_id     INTEGER,
  choice      TEXT,
  is_correct  INTEGER NOT NULL CHECK (is_correct IN (0, 1)),
  rating      INTEGER NOT NULL CHECK (rating IN (1, 2, 3, 4)),   -- FSRS: 1 Again, 3 Good
  reviewed_at TEXT NOT NULL,
  source      TEXT NOT NULL CHECK (source IN ('practice', 'daily')),
  CHECK ((source = 'practice' AND session_id IS NOT NULL) OR (source = 'daily' AND post_id IS NOT NULL))
);
CREATE UNIQUE INDEX practice_reviews_once_per_session ON practice_reviews (session_id, question_id)
  WHERE source = 'practice';
CREATE UNIQUE INDEX practice_reviews_once_per_post ON practice_reviews (team_id, user_id, question_id, source, post_id)
  WHERE source = 'daily';
-- The daily review cap counts a person's recent reviews.
CREATE INDEX practice_reviews_by_person_time ON practice_reviews (team_id, user_id, reviewed_at);
