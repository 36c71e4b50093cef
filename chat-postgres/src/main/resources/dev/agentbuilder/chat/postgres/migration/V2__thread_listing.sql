-- Each thread's listing, in its row, kept by every write in the transaction of its event (chat-jdbc's ThreadListing):
-- title is the one shown (own_title, the owner's; else the agent's name when not blank; else first_title, that of
-- the first user message), agent_name and agent_version are the current draft's, last_message previews the newest
-- message, message_count counts messages of both roles and channels, and updated_at is the time of the last event, to
-- the millisecond (a listing's cursor carries epoch millis), by the database's clock.
ALTER TABLE threads
  ADD COLUMN updated_at    timestamptz,
  ADD COLUMN title         text   NOT NULL DEFAULT '',
  ADD COLUMN own_title     text,
  ADD COLUMN first_title   text,
  ADD COLUMN agent_name    text   NOT NULL DEFAULT '',
  ADD COLUMN agent_version bigint NOT NULL DEFAULT 0,
  ADD COLUMN last_message  text,
  ADD COLUMN message_count bigint NOT NULL DEFAULT 0;

-- The rules of ThreadTitles, for the threads stored before: a text on one line (trimmed of what Java's strip() trims,
-- runs of Java's \s made one space), cut to n characters with an ellipsis. Assumes a UTF-8 database, as the titles
-- and previews the code writes do (their ellipsis).
CREATE FUNCTION pg_temp.chat_one_line(s text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT regexp_replace(
    btrim(s, E' \t\n\x0b\f\r\x1c\x1d\x1e\x1f\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u2028\u2029\u205f\u3000'),
    E'[ \t\n\x0b\f\r]+', ' ', 'g')
$$;

CREATE FUNCTION pg_temp.chat_cut(s text, n int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN char_length(s) <= n THEN s
    ELSE rtrim(left(s, n - 1),
      E' \t\n\x0b\f\r\x1c\x1d\x1e\x1f\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u2028\u2029\u205f\u3000')
      || E'\u2026'
  END
$$;

UPDATE threads t SET
  agent_name = coalesce(t.draft::json ->> 'name', ''),
  agent_version = coalesce((t.draft::json ->> 'version')::bigint, 0),
  message_count = (SELECT count(*) FROM events e WHERE e.thread_id = t.thread_id AND e.type = 'message'),
  first_title = (SELECT pg_temp.chat_cut(pg_temp.chat_one_line(e.payload::json ->> 'content'), 80) FROM events e
    WHERE e.thread_id = t.thread_id AND e.type = 'message' AND e.role = 'user' ORDER BY e.seq LIMIT 1),
  last_message = (SELECT pg_temp.chat_cut(pg_temp.chat_one_line(e.payload::json ->> 'content'), 200) FROM events e
    WHERE e.thread_id = t.thread_id AND e.type = 'message' ORDER BY e.seq DESC LIMIT 1),
  updated_at = date_trunc('milliseconds', coalesce((SELECT e.created_at FROM events e
    WHERE e.thread_id = t.thread_id ORDER BY e.seq DESC LIMIT 1), t.created_at));

-- A name is blank, as Java's isBlank() has it, when nothing is left once what strip() trims is trimmed.
UPDATE threads SET title = CASE
  WHEN btrim(agent_name,
    E' \t\n\x0b\f\r\x1c\x1d\x1e\x1f\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u2028\u2029\u205f\u3000')
    <> '' THEN agent_name
  ELSE coalesce(first_title, '') END;

-- A new row is created and last changed at once, by the database's clock, to the millisecond.
ALTER TABLE threads
  ALTER COLUMN updated_at SET DEFAULT date_trunc('milliseconds', now()),
  ALTER COLUMN updated_at SET NOT NULL,
  ALTER COLUMN created_at SET DEFAULT date_trunc('milliseconds', now());

-- A user's listing, newest first: a page is a range of it.
CREATE INDEX threads_listing ON threads (owner_user_id, updated_at DESC, thread_id DESC);

-- Lease tokens rise by one at each acquisition of a thread's lease (a node that gets the token after its own knows
-- nobody held the lease between). A thread deleted and opened again gets a new row, whose tokens must never be one
-- that a turn of the old row still holds: a new row's tokens start from this sequence, which a deletion moves past the
-- deleted row's token (PgThreadStore.deleteThread), and which starts past every token handed out so far.
CREATE SEQUENCE thread_token_bases;
SELECT setval('thread_token_bases', (SELECT coalesce(max(lease_token), 0) + 1 FROM threads), false);
ALTER TABLE threads ALTER COLUMN lease_token SET DEFAULT nextval('thread_token_bases');
