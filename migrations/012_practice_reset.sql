-- When a person last deleted their practice history (/aws practice reset). Their daily quiz answers
-- become reviews the next time their practice is read; the ones given before a reset must not come
-- back, so only later answers are made into reviews. NULL: never reset.
ALTER TABLE practice_settings ADD COLUMN history_reset_at TEXT;
