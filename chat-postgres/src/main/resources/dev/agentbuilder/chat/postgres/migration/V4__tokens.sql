-- Tokens. Each thread's totals in its row, kept by every reply's write in the transaction of its event (chat-jdbc's
-- ThreadListing), counted for the replies stored before from their payloads; and the tokens each user used per UTC
-- day (chat-jdbc's TokenLedger), which a daily budget reads on every node. day is the ISO date, as text, as SQLite
-- keeps it. A user's rows outlive their threads: the tokens were spent.
ALTER TABLE threads
  ADD COLUMN input_tokens  bigint NOT NULL DEFAULT 0,
  ADD COLUMN output_tokens bigint NOT NULL DEFAULT 0;

UPDATE threads t SET
  input_tokens = coalesce((SELECT sum((e.payload::json ->> 'inputTokens')::bigint) FROM events e
    WHERE e.thread_id = t.thread_id AND e.type = 'message' AND e.role = 'assistant'), 0),
  output_tokens = coalesce((SELECT sum((e.payload::json ->> 'outputTokens')::bigint) FROM events e
    WHERE e.thread_id = t.thread_id AND e.type = 'message' AND e.role = 'assistant'), 0);

CREATE TABLE token_usage (
  user_id text   NOT NULL,
  day     text   NOT NULL,
  tokens  bigint NOT NULL,
  PRIMARY KEY (user_id, day)
);
