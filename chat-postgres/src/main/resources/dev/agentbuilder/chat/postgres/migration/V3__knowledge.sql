-- Knowledge files (chat-jdbc's JdbcKnowledge): a row per file of a thread, with its bytes, and a row per passage read
-- from it, with its embedding (ChunkVectors: little-endian floats). position orders a thread's files as they were
-- added. status is 'indexing', 'ready' or 'failed' (then error says why). claimed_by and claimed_until hold the claim
-- of the node indexing the file, until when by the database's clock; a file still indexing whose claim is null or
-- past is one a crash interrupted. A thread's deletion deletes its files and passages first, in its transaction.
CREATE TABLE knowledge_files (
  thread_id     text        NOT NULL REFERENCES threads (thread_id),
  file_id       text        NOT NULL,
  position      bigint      NOT NULL,
  name          text        NOT NULL,
  size          bigint      NOT NULL,
  type          text        NOT NULL,
  status        text        NOT NULL,
  error         text,
  created_at    timestamptz NOT NULL,
  claimed_by    text,
  claimed_until timestamptz,
  content       bytea       NOT NULL,
  PRIMARY KEY (thread_id, file_id)
);

-- The files left unindexed, oldest first, read from those still indexing only.
CREATE INDEX knowledge_files_unindexed ON knowledge_files (created_at) WHERE status = 'indexing';

CREATE TABLE knowledge_chunks (
  thread_id text    NOT NULL,
  file_id   text    NOT NULL,
  idx       integer NOT NULL,
  start_pos integer NOT NULL,
  end_pos   integer NOT NULL,
  text      text    NOT NULL,
  vector    bytea   NOT NULL,
  PRIMARY KEY (thread_id, file_id, idx),
  FOREIGN KEY (thread_id, file_id) REFERENCES knowledge_files (thread_id, file_id)
);
