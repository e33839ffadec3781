-- When a person last deleted their practice history (SQLite migration 012): only their daily quiz
-- answers given after it are made into reviews. NULL: never reset.
ALTER TABLE practice_settings ADD COLUMN history_reset_at TEXT COLLATE "C";
