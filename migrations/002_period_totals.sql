-- Points and answers per person per UTC week (from Monday) and UTC month. A leaderboard week or
-- month in QUIZ_TIMEZONE is one of these buckets corrected by the few hours where the zone's
-- boundary differs from UTC's, so it reads one row per person instead of every answer of the
-- period (a month of a busy workspace is ~100,000 answers; sorting them took ~50 ms).
-- Triggers keep the totals in the same transaction as the answers, whoever writes them.
CREATE TABLE period_totals (
  team_id TEXT NOT NULL,
  period  TEXT NOT NULL CHECK (period IN ('week', 'month')),
  start   TEXT NOT NULL,                  -- week: its Monday 'YYYY-MM-DD'; month: 'YYYY-MM' (UTC)
  user_id TEXT NOT NULL,
  points  INTEGER NOT NULL,
  answers INTEGER NOT NULL,
  PRIMARY KEY (team_id, period, start, user_id)
) WITHOUT ROWID;

-- answered_at is an ISO instant in UTC (Date.toISOString()), so the bucket is a function of it.
INSERT INTO period_totals (team_id, period, start, user_id, points, answers)
  SELECT team_id, 'week', date(answered_at, '-6 days', 'weekday 1'), user_id, SUM(is_correct), COUNT(*)
  FROM answers GROUP BY team_id, date(answered_at, '-6 days', 'weekday 1'), user_id;
INSERT INTO period_totals (team_id, period, start, user_id, points, answers)
  SELECT team_id, 'month', substr(answered_at, 1, 7), user_id, SUM(is_correct), COUNT(*)
  FROM answers GROUP BY team_id, substr(answered_at, 1, 7), user_id;

CREATE TRIGGER answers_add_to_period_totals AFTER INSERT ON answers BEGIN
  INSERT INTO period_totals (team_id, period, start, user_id, points, answers)
    VALUES (NEW.team_id, 'week', date(NEW.answered_at, '-6 days', 'weekday 1'), NEW.user_id, NEW.is_correct, 1)
    ON CONFLICT DO UPDATE SET points = points + excluded.points, answers = answers + 1;
  INSERT INTO period_totals (team_id, period, start, user_id, points, answers)
    VALUES (NEW.team_id, 'month', substr(NEW.answered_at, 1, 7), NEW.user_id, NEW.is_correct, 1)
    ON CONFLICT DO UPDATE SET points = points + excluded.points, answers = answers + 1;
END;

-- The app never changes or deletes an answer; these keep the totals true if someone does.
CREATE TRIGGER answers_remove_from_period_totals AFTER DELETE ON answers BEGIN
  UPDATE period_totals SET points = points - OLD.is_correct, answers = answers - 1
  WHERE team_id = OLD.team_id AND user_id = OLD.user_id
    AND ((period = 'week' AND start = date(OLD.answered_at, '-6 days', 'weekday 1'))
      OR (period = 'month' AND start = substr(OLD.answered_at, 1, 7)));
END;

CREATE TRIGGER answers_move_in_period_totals AFTER UPDATE OF team_id, user_id, is_correct, answered_at ON answers BEGIN
  UPDATE period_totals SET points = points - OLD.is_correct, answers = answers - 1
  WHERE team_id = OLD.team_id AND user_id = OLD.user_id
    AND ((period = 'week' AND start = date(OLD.answered_at, '-6 days', 'weekday 1'))
      OR (period = 'month' AND start = substr(OLD.answered_at, 1, 7)));
  INSERT INTO period_totals (team_id, period, start, user_id, points, answers)
    VALUES (NEW.team_id, 'week', date(NEW.answered_at, '-6 days', 'weekday 1'), NEW.user_id, NEW.is_correct, 1)
    ON CONFLICT DO UPDATE SET points = points + excluded.points, answers = answers + 1;
  INSERT INTO period_totals (team_id, period, start, user_id, points, answers)
    VALUES (NEW.team_id, 'month', substr(NEW.answered_at, 1, 7), NEW.user_id, NEW.is_correct, 1)
    ON CONFLICT DO UPDATE SET points = points + excluded.points, answers = answers + 1;
END;
