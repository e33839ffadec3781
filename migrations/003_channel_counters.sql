-- The next post number of each channel, taken in the transaction that makes a post live. Reading
-- MAX(seq) + 1 instead races when two writers post in one channel at once (both read the same
-- maximum); a counter row is updated under the writer's lock, so every number is given once.
CREATE TABLE channel_counters (
  team_id    TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  last_seq   INTEGER NOT NULL,
  PRIMARY KEY (team_id, channel_id)
) WITHOUT ROWID;

INSERT INTO channel_counters (team_id, channel_id, last_seq)
  SELECT team_id, channel_id, MAX(seq) FROM posts WHERE seq IS NOT NULL GROUP BY team_id, channel_id;
