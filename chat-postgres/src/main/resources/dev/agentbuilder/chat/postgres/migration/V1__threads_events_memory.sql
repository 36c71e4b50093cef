-- Threads, their event logs, failed turns and the model's chat memory.
--
-- threads.last_seq is the thread's seq counter: every event is inserted in the transaction that raises it, so the
-- row lock orders a thread's writers on every node, commit order is seq order, and seqs have no gaps (a sequence
-- would leave gaps on rollback). lease_* hold the turn lease: who runs the thread's turn, its fencing token (raised
-- at every acquisition), until when by the database's clock, and for how long each write of the turn extends it.
-- last_user_seq and answered_seq (the newest user message answered, or whose turn failed) tell which threads wait
-- for a turn.
CREATE TABLE threads (
  thread_id     text        NOT NULL PRIMARY KEY,
  owner_user_id text        NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seq      bigint      NOT NULL DEFAULT 0,
  draft         text,
  lease_owner   text,
  lease_token   bigint      NOT NULL DEFAULT 0,
  lease_until   timestamptz,
  lease_ms      bigint      NOT NULL DEFAULT 10000,
  last_user_seq bigint      NOT NULL DEFAULT 0,
  answered_seq  bigint      NOT NULL DEFAULT 0
);

-- The sweep for threads waiting for a turn reads only those.
CREATE INDEX threads_waiting ON threads (lease_until) WHERE last_user_seq > answered_seq;

CREATE TABLE events (
  thread_id         text        NOT NULL REFERENCES threads (thread_id),
  seq               bigint      NOT NULL,
  type              text        NOT NULL,
  payload           text        NOT NULL,
  created_at        timestamptz NOT NULL,
  message_id        text,
  role              text,
  reply_to          text,
  client_message_id text,
  PRIMARY KEY (thread_id, seq)
);

-- A clientMessageId is stored once per thread: a resend, to any node, finds the original.
CREATE UNIQUE INDEX events_by_client_message_id ON events (thread_id, client_message_id)
  WHERE client_message_id IS NOT NULL;

CREATE INDEX events_by_reply_to ON events (thread_id, reply_to) WHERE reply_to IS NOT NULL;

CREATE INDEX events_by_message_id ON events (thread_id, message_id) WHERE message_id IS NOT NULL;

CREATE TABLE failed_turns (
  thread_id  text        NOT NULL,
  message_id text        NOT NULL,
  failed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (thread_id, message_id)
);

-- langchain4j's chat memory of a thread, as its own JSON: the whole window in one row.
CREATE TABLE chat_memory (
  memory_id  text        NOT NULL PRIMARY KEY,
  messages   text        NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
