-- A channel's setup-modal settings, who set the quiz up, and the last posting problem they were
-- told about (SQLite migration 010). topics is a JSON array of topic ids ('[]': every topic);
-- reveal_after_hours NULL means the app's QUIZ_REVEAL_AFTER.
ALTER TABLE quiz_channels ADD COLUMN set_by TEXT COLLATE "C";
ALTER TABLE quiz_channels ADD COLUMN topics TEXT NOT NULL DEFAULT '[]';
ALTER TABLE quiz_channels ADD COLUMN exam TEXT;
ALTER TABLE quiz_channels ADD COLUMN difficulty_min INTEGER NOT NULL DEFAULT 1 CHECK (difficulty_min BETWEEN 1 AND 3);
ALTER TABLE quiz_channels ADD COLUMN difficulty_max INTEGER NOT NULL DEFAULT 3 CHECK (difficulty_max BETWEEN 1 AND 3);
ALTER TABLE quiz_channels ADD COLUMN reveal_after_hours INTEGER;
ALTER TABLE quiz_channels ADD COLUMN notified_error TEXT;

-- The person who started a channel's quiz before this migration is the best guess at who set it up.
UPDATE quiz_channels SET set_by = updated_by;
