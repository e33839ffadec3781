-- The UTC week and month an answer counts in is one rule with one home: utcBucketKeys in
-- src/quiz/periods.ts, called by the answer store in the answer's transaction. The triggers of
-- 002 computed the same buckets a second time, in SQL; they go. Totals already stored stay true:
-- both computed the same keys. The app never updates or deletes an answer except when a person's
-- data is forgotten, and that code removes the person's totals in its own transaction.
DROP TRIGGER IF EXISTS answers_add_to_period_totals;
DROP TRIGGER IF EXISTS answers_remove_from_period_totals;
DROP TRIGGER IF EXISTS answers_move_in_period_totals;
