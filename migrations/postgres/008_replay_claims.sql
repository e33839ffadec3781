-- Each admitted signature carries a claim id: the random id of the request that inserted it. A
-- request whose INSERT was sent but whose answer was lost with the connection (a server restart)
-- can send it again and still learn that the row is its own: the retry is idempotent, so the guard
-- retries dropped connections instead of refusing a first delivery (src/db/postgres/replay-store.ts).
-- PostgreSQL only: a SQLite connection is a file, it does not drop mid-statement.
ALTER TABLE replay_guard ADD COLUMN claim TEXT COLLATE "C";
