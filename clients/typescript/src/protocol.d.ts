// The frames of protocol v1 as TypeScript types, generated from docs/asyncapi.yaml by
// scripts/generate-protocol-types.mjs (npm run generate); do not edit by hand.
//
// The server frames are what this version of the server writes. A later v1 server may add optional fields, frame
// types and enum values: decodeServerFrame keeps frames whose shape it knows, whatever their values.

/**
 * A capability the agent being built can have switched on.
 */
export type Capability = "web_search" | "code_interpreter" | "image_generation" | "file_search";
/**
 * The knowledge passages a preview reply was given to answer from, best first.
 *
 * @minItems 1
 */
export type Citations = [Citation, ...Citation[]];
/**
 * A stored message, as `message` frames carry it. Some fields are for user messages only, some for assistant
 * messages only; an optional field is left out when it does not apply.
 */
export type Message = {
  /**
   * Server-assigned, unique in the thread.
   */
  id: string;
  /**
   * Who wrote it.
   */
  role: "user" | "assistant";
  /**
   * The text. For an assistant reply cut short by `cancel`, what had streamed (maybe empty).
   */
  content: string;
  /**
   * When it was stored, ISO-8601 in UTC with millisecond precision (`2026-11-25T20:22:25.172Z`).
   */
  createdAt: string;
  /**
   * User messages only, the author.
   */
  userId?: string;
  /**
   * User messages only, the client's idempotency key, if it sent one.
   */
  clientMessageId?: string;
  /**
   * Assistant messages only, the `id` of the user message this answers.
   */
  replyTo?: string;
  /**
   * Assistant messages only, true when the reply was cut short by `cancel` (absent otherwise).
   */
  stopped?: true;
  usage?: Usage;
  /**
   * `preview` for the preview conversation (a user message sent with mode `preview`, and the agent's reply); absent for the builder's conversation.
   */
  channel?: "preview";
  citations?: Citations;
};
/**
 * The `code` of an `error` frame. A bad frame from one client never affects another client. Clients must
 * accept codes they do not know (later v1 servers may add some) and show the frame's `message`.
 */
export type ErrorCode =
  | "invalid_json"
  | "invalid_message"
  | "unknown_type"
  | "message_too_long"
  | "busy"
  | "rate_limited"
  | "agent_error"
  | "invalid_request"
  | "unauthorized"
  | "forbidden"
  | "internal"
  | "version_conflict"
  | "not_found"
  | "thread_deleted"
  | "quota_exceeded";
/**
 * The WebSocket close codes of the server, and what a client should do after each (`x-client-should`). After a
 * close that says to reconnect (and after a connection that failed or dropped without a close), a client waits
 * (docs/protocol.md, Reconnecting), then reconnects with `lastSeq`; after 4400, 4401, 4403 or 4410 it stops. Connections that stop answering WebSocket pings
 * are closed after `--connection-lost-timeout` (30 s by default).
 */
export type CloseCode = 1000 | 1001 | 1002 | 1003 | 1007 | 1008 | 1009 | 1011 | 4400 | 4401 | 4403 | 4410 | 4429;
/**
 * Any frame the server writes, told apart by `type`. Clients skip frames of a type they do not know.
 */
export type ServerFrame =
  | ReadyFrame
  | MessageFrame
  | AgentUpdatedFrame
  | AckFrame
  | StatusFrame
  | AssistantDeltaFrame
  | FileStatusFrame
  | AgentExportFrame
  | ErrorFrame
  | PongFrame
  | ThreadsFrame
  | ThreadChangedFrame
  | ThreadRenamedFrame
  | ThreadDeletedFrame;
/**
 * Any frame a client sends, told apart by `type`. A `type` the server does not know is `unknown_type`.
 */
export type ClientFrame =
  | UserMessageFrame
  | UpdateAgentFrame
  | RevertAgentFrame
  | ExportAgentFrame
  | CancelFrame
  | PingFrame
  | ListThreadsFrame
  | RenameThreadFrame
  | DeleteThreadFrame;

/**
 * The agent draft being built. `version` is 0 for a new draft and goes up by one with every change; every
 * change is one `agent_updated` event, and version K is the `agent` of the event whose `agent.version` is K
 * (version 0 is the empty draft). The limits are the same for the builder's tools and for `update_agent`;
 * they count characters (Unicode code points).
 */
export interface Agent {
  /**
   * The agent's name, at most 80 characters; empty until proposed.
   */
  name: string;
  /**
   * One or two sentences on what the agent does, at most 500 characters; empty until proposed.
   */
  description: string;
  /**
   * The system instructions the agent will run with, at most 8,000 characters; empty until proposed.
   */
  instructions: string;
  /**
   * Suggested first messages, in the order added; at most 8, no two the same (ignoring case).
   *
   * @maxItems 8
   *
   * Items: A conversation starter, at most 200 characters, not blank.
   */
  conversationStarters: string[];
  /**
   * The switched-on capabilities, in the order web_search, code_interpreter, image_generation, file_search.
   */
  capabilities: Capability[];
  /**
   * The draft's version; 0 for a new draft, one more for every change.
   */
  version: number;
  /**
   * The agent's knowledge files, in the order added; absent when it has none. Adding or removing one is a new version.
   *
   * @minItems 1
   */
  files?: [File, ...File[]];
}
/**
 * A knowledge file of the agent. Its `status` is the file's, not the draft version's: it goes from `indexing` to
 * `ready` or `failed` once (each change a `file_status` frame); a client keeps, per `fileId`, the furthest status
 * it has seen.
 */
export interface File {
  /**
   * Server-assigned, unique in the thread.
   */
  fileId: string;
  /**
   * The name it was uploaded under, its last path element only.
   */
  name: string;
  /**
   * Its length in bytes.
   */
  size: number;
  /**
   * Its media type, read from its content.
   */
  type: "text/plain" | "text/markdown" | "application/pdf" | "text/html" | "text/csv" | "application/json";
  /**
   * `indexing` (stored, being read and embedded), `ready` (searchable) or `failed`.
   */
  status: "indexing" | "ready" | "failed";
  /**
   * With `failed` only, why, for people.
   */
  error?: string;
}
/**
 * A passage of a knowledge file that a reply was given to answer from.
 */
export interface Citation {
  /**
   * The file.
   */
  fileId: string;
  /**
   * The file's name when the reply was made.
   */
  fileName: string;
  /**
   * The passage.
   */
  text: string;
  /**
   * Its place among the file's passages, from 0.
   */
  passage: number;
  /**
   * Where it lies in the file's extracted text, in characters.
   */
  start: number;
  /**
   * Where it ends, exclusive.
   */
  end: number;
  /**
   * Its cosine similarity to the question.
   */
  score: number;
}
/**
 * Assistant messages only, the token usage the model reported for the reply (absent when it reported none).
 */
export interface Usage {
  /**
   * Input tokens, summed over the model calls of the turn.
   */
  inputTokens: number;
  /**
   * Output tokens, summed over the model calls of the turn.
   */
  outputTokens: number;
}
/**
 * Where the user stands against the server's daily token budget (`--tokens-per-user-per-day`): sent only by a
 * server with a budget, in `ready` and with `quota_exceeded`. Between those, a client may add the `usage` of
 * the replies it sees to `used`; replies in the user's other threads are not in its view until the next join.
 */
export interface Quota {
  /**
   * The tokens (input plus output) the user's replies used today (UTC), across all their threads and both channels.
   */
  used: number;
  /**
   * The tokens each user may use per UTC day.
   */
  limit: number;
  /**
   * When the count starts again from zero, the next midnight UTC.
   */
  renewsAt: string;
}
/**
 * What the server accepts, sent in `ready` so that clients need not copy it: lengths count characters (Unicode
 * code points). What is over a limit is refused (`message_too_long` for a message, `invalid_message` for a
 * change to the draft); the values shown are the defaults.
 */
export interface Limits {
  /**
   * The longest `user_message` content (8,000 by default, the server's `--max-message-chars`).
   */
  messageChars: number;
  /**
   * The longest draft `name` (80).
   */
  nameChars: number;
  /**
   * The longest draft `description` (500).
   */
  descriptionChars: number;
  /**
   * The longest draft `instructions` (8,000).
   */
  instructionsChars: number;
  /**
   * The most `conversationStarters` a draft has (8).
   */
  conversationStarters: number;
  /**
   * The longest conversation starter (200).
   */
  conversationStarterChars: number;
  /**
   * The largest knowledge file, in bytes (20 MB by default, `--max-file-bytes`); absent from servers without knowledge files.
   */
  fileBytes?: number;
  /**
   * The most knowledge files an agent has (20 by default, `--max-files`).
   */
  files?: number;
}
/**
 * The `changes` of `update_agent`: each field present replaces the draft's (the lists as a whole); at least
 * one. Checked as a whole: if any part is wrong nothing is stored and the sender gets `invalid_message` (an
 * unknown field, a wrong type, an unknown capability, a text over its limit, more than 8 starters, a starter
 * blank, over 200 characters or there twice, control characters, half of a UTF-16 surrogate pair). Texts are
 * stored stripped of leading and trailing white space; an empty string clears the field. Limits count
 * characters (Unicode code points).
 */
export interface AgentChanges {
  /**
   * The new name, at most 80 characters, no control characters or line breaks.
   */
  name?: string;
  /**
   * The new description, at most 500 characters; tab and line breaks allowed.
   */
  description?: string;
  /**
   * The new instructions, at most 8,000 characters; tab and line breaks allowed.
   */
  instructions?: string;
  /**
   * The new conversation starters, at most 8, no two the same (ignoring case).
   *
   * @maxItems 8
   *
   * Items: A starter, at most 200 characters, not blank, no control characters or line breaks.
   */
  conversationStarters?: string[];
  /**
   * The new capabilities.
   */
  capabilities?: Capability[];
}
/**
 * The first frame after a join, to the joining connection only. The replay of stored events follows it.
 */
export interface ReadyFrame {
  /**
   * The frame's type.
   */
  type: "ready";
  /**
   * The thread joined.
   */
  threadId: string;
  /**
   * The user who joined.
   */
  userId: string;
  /**
   * The server's id of this connection (a UUID), as its logs name it.
   */
  connectionId: string;
  /**
   * The thread's highest seq now; 0 for a new thread.
   */
  lastSeq: number;
  agent: Agent;
  /**
   * `thinking` while a turn runs or messages wait for one (among them turns a crash interrupted, which are answered right after the join); else `idle`.
   */
  status: "idle" | "thinking";
  /**
   * True when the client's `lastSeq` was beyond the thread's highest seq (it knew an older incarnation of the thread); everything is replayed from seq 1 so the client can rebuild its view.
   */
  reset: boolean;
  limits: Limits;
  quota?: Quota;
}
/**
 * A stored user or assistant message, to every connection of the thread. A stored event: per thread, `seq`
 * starts at 1 and increases by exactly 1 with every stored event; a connection receives them in `seq` order
 * with no gaps and no repeats.
 */
export interface MessageFrame {
  /**
   * The frame's type.
   */
  type: "message";
  /**
   * The stored event's position in the thread.
   */
  seq: number;
  message: Message;
}
/**
 * The stored draft changed, to every connection of the thread. A stored event, like `message`.
 */
export interface AgentUpdatedFrame {
  /**
   * The frame's type.
   */
  type: "agent_updated";
  /**
   * The stored event's position in the thread.
   */
  seq: number;
  agent: Agent;
  /**
   * Who changed it: the builder's tools, the user by hand (`update_agent`), or a `revert_agent`. Servers that predate it left it out: read that as builder.
   */
  source: "builder" | "user" | "revert";
}
/**
 * The sender's `user_message`, `update_agent` or `revert_agent` is stored (or was, with `duplicate`), to the
 * sender only. It may arrive before or after the stored event it acknowledges; match them by `seq`.
 */
export interface AckFrame {
  /**
   * The frame's type.
   */
  type: "ack";
  /**
   * The request's clientMessageId, when it had one.
   */
  clientMessageId?: string;
  /**
   * For a user message, the stored message's `id`; absent for a change to the draft.
   */
  messageId?: string;
  /**
   * The seq of the stored event.
   */
  seq: number;
  /**
   * True when the clientMessageId was already stored in this thread; then nothing was stored again, and `messageId` and `seq` are the original's.
   */
  duplicate: boolean;
}
/**
 * Whether the builder works, to every connection of the thread.
 */
export interface StatusFrame {
  /**
   * The frame's type.
   */
  type: "status";
  /**
   * `thinking` when the builder starts on a message (it stays so while waiting messages are answered one after another), `idle` once no message is waiting.
   */
  state: "thinking" | "idle";
}
/**
 * The next piece of a streaming reply, to every connection of the thread. Live only, never replayed: the
 * concatenated deltas equal the `content` of the final `message` with the same id.
 */
export interface AssistantDeltaFrame {
  /**
   * The frame's type.
   */
  type: "assistant_delta";
  /**
   * The `id` the reply's `message` will have.
   */
  messageId: string;
  /**
   * The next piece of the reply's text.
   */
  delta: string;
  /**
   * `preview` for a reply of the agent being built; absent for the builder's.
   */
  channel?: "preview";
  citations?: Citations;
}
/**
 * The current draft rendered by the server, the answer to `export_agent`, to the asking connection only.
 */
export interface AgentExportFrame {
  /**
   * The frame's type.
   */
  type: "agent_export";
  /**
   * The format asked for: `json` (the agent object, pretty-printed), `openai` (a request body for OpenAI's Responses API) or `markdown` (a readable document).
   */
  format: "json" | "openai" | "markdown";
  /**
   * The document, as a string.
   */
  content: string;
  /**
   * The draft version exported.
   */
  version: number;
}
/**
 * A refused request (to the connection that sent it), a refused connection (followed by the close), or a
 * failed turn (`agent_error`, to every connection of the thread).
 */
export interface ErrorFrame {
  /**
   * The frame's type.
   */
  type: "error";
  code: ErrorCode;
  /**
   * What went wrong, for people; clients should show it, not parse it.
   */
  message: string;
  /**
   * When it concerns a request that had a clientMessageId, that id.
   */
  clientMessageId?: string;
  /**
   * With `version_conflict` only, the draft's version now.
   */
  currentVersion?: number;
  quota?: Quota;
}
/**
 * A knowledge file of the thread's agent changed its status (`indexing` to `ready` or `failed`), to every
 * connection of the thread. Live only, never replayed: `ready` carries every file's status as it is at the join.
 */
export interface FileStatusFrame {
  /**
   * The frame's type.
   */
  type: "file_status";
  file: File;
}
/**
 * The answer to `ping`, to the sender.
 */
export interface PongFrame {
  /**
   * The frame's type.
   */
  type: "pong";
}
/**
 * A page of the user's threads, newest `updatedAt` first (then `threadId` descending), the answer to `list_threads`.
 */
export interface ThreadsFrame {
  /**
   * The frame's type.
   */
  type: "threads";
  /**
   * The page.
   */
  threads: Thread[];
  /**
   * Present when more threads follow; send it as `cursor` with the same `query` for the next page. Opaque.
   */
  nextCursor?: string;
  /**
   * The search text of the request, when it had one.
   */
  query?: string;
}
/**
 * A thread as a user's list shows it; the same object in the HTTP API (docs/api.md).
 */
export interface Thread {
  /**
   * The thread.
   */
  threadId: string;
  /**
   * The title its owner gave it; else the agent's name once it has one; else the start of the first message (one line, at most 80 characters); empty for a thread with neither.
   */
  title: string;
  /**
   * When it was created.
   */
  createdAt: string;
  /**
   * When its last event was stored (its creation, when it has none).
   */
  updatedAt: string;
  /**
   * The thread's agent draft, as the list shows it.
   */
  agent: {
    /**
     * The draft's name; empty before it has one.
     */
    name: string;
    /**
     * The draft's version.
     */
    version: number;
  };
  /**
   * The start of its newest message, of either role and channel, on one line; absent when it has none.
   */
  lastMessage?: string;
  /**
   * Its messages, of both roles and both channels.
   */
  messageCount: number;
  /**
   * The tokens its replies used, summed as their models reported them (or the server estimated, for a model that reports none); absent from servers that predate it.
   */
  usage?: {
    /**
     * Input tokens of all its replies.
     */
    inputTokens: number;
    /**
     * Output tokens of all its replies.
     */
    outputTokens: number;
  };
}
/**
 * A thread of the watched list changed, on any node; to every connection of the user that watches its list.
 * A hint about the store, not a log: after a reconnect, list again.
 */
export interface ThreadChangedFrame {
  /**
   * The frame's type.
   */
  type: "thread_changed";
  /**
   * What happened; `updated` means an event was stored (several within a quarter second make one).
   */
  change: "created" | "updated" | "renamed" | "deleted";
  /**
   * The thread.
   */
  threadId: string;
  thread?: Thread;
}
/**
 * The answer to `rename_thread`, to the sender.
 */
export interface ThreadRenamedFrame {
  /**
   * The frame's type.
   */
  type: "thread_renamed";
  thread: Thread;
  /**
   * The request's, when it had one.
   */
  clientMessageId?: string;
}
/**
 * The answer to `delete_thread`, to the sender; also when the thread was already gone (deleting is idempotent).
 */
export interface ThreadDeletedFrame {
  /**
   * The frame's type.
   */
  type: "thread_deleted";
  /**
   * The thread.
   */
  threadId: string;
  /**
   * The request's, when it had one.
   */
  clientMessageId?: string;
}
/**
 * A message for the thread. It is stored, acknowledged (`ack` to the sender, `message` to every connection),
 * then answered in a turn. Messages sent during a turn wait, in order, in a bounded queue (10 by default,
 * `--max-queued-turns`; past it `busy`).
 */
export interface UserMessageFrame {
  /**
   * The frame's type.
   */
  type: "user_message";
  /**
   * The text: 1 to 8,000 characters (Unicode code points) by default (8,000 is the default of the server's `--max-message-chars`, and `ready` says the server's in `limits.messageChars`; over the limit `message_too_long`), not blank, no control characters other than tab and line breaks.
   */
  content: string;
  /**
   * The idempotency key, 1 to 128 characters: a message resent with an id already stored in the thread is acknowledged with `duplicate` true and not stored again. Message and draft requests share one namespace of ids per thread.
   */
  clientMessageId?: string;
  /**
   * `builder` (the default) talks to the builder; `preview` talks to the agent being built, and its messages carry channel `preview`.
   */
  mode?: "builder" | "preview";
}
/**
 * Changes the draft by hand. Applied only when `baseVersion` is the draft's version now (else
 * `version_conflict`, with `currentVersion`), and not while the builder works (`busy`); stored at version
 * `baseVersion + 1` with source `user`, acknowledged (without `messageId`) to the sender.
 */
export interface UpdateAgentFrame {
  /**
   * The frame's type.
   */
  type: "update_agent";
  /**
   * The draft version the change was made on (a whole number).
   */
  baseVersion: number;
  changes: AgentChanges;
  /**
   * The idempotency key, as for `user_message`.
   */
  clientMessageId?: string;
}
/**
 * Stores a new version (the current one plus one) whose fields equal those of version `version`, with source
 * `revert`; the history is never rewritten. A version the draft never had: `not_found`. `busy` and
 * `clientMessageId` as for `update_agent`.
 */
export interface RevertAgentFrame {
  /**
   * The frame's type.
   */
  type: "revert_agent";
  /**
   * The draft version to go back to (a whole number); 0 is the empty draft.
   */
  version: number;
  /**
   * The idempotency key, as for `user_message`.
   */
  clientMessageId?: string;
}
/**
 * Asks for the current draft in a format; answered with `agent_export`. Allowed at any time, also while the builder works.
 */
export interface ExportAgentFrame {
  /**
   * The frame's type.
   */
  type: "export_agent";
  /**
   * The format to render the draft in.
   */
  format: "json" | "openai" | "markdown";
}
/**
 * Stops the running turn: what had streamed is stored as the assistant message with `stopped` true (its
 * content may be empty). Nothing happens when the thread is idle.
 */
export interface CancelFrame {
  /**
   * The frame's type.
   */
  type: "cancel";
}
/**
 * Asks for a `pong`.
 */
export interface PingFrame {
  /**
   * The frame's type.
   */
  type: "ping";
}
/**
 * A page of the connection's user's threads, answered with `threads`. Without `cursor` and with `watch` (the
 * default), the connection also follows the list with this `query` from now on (`thread_changed`), instead of
 * what it followed before; `watch` false stops that. A token limited to some threads: `forbidden`.
 */
export interface ListThreadsFrame {
  /**
   * The frame's type.
   */
  type: "list_threads";
  /**
   * A search text, matched case-insensitively against the title and the agent's name.
   */
  query?: string;
  /**
   * The page size, 20 by default.
   */
  limit?: number;
  /**
   * The `nextCursor` of the previous page, with the same `query`.
   */
  cursor?: string;
  /**
   * Whether to follow the list (true by default).
   */
  watch?: boolean;
}
/**
 * Gives one of the user's threads a title, answered with `thread_renamed`; another user's thread or none is `not_found`.
 */
export interface RenameThreadFrame {
  /**
   * The frame's type.
   */
  type: "rename_thread";
  /**
   * The thread.
   */
  threadId: string;
  /**
   * 1 to 120 characters, not blank, no control characters or line breaks.
   */
  title: string;
  /**
   * Echoed in the answer or the error.
   */
  clientMessageId?: string;
}
/**
 * Deletes one of the user's threads and everything of it, answered with `thread_deleted`, also when it was
 * already gone or is another user's (which is left alone). The thread's connections get `thread_deleted` and
 * are closed with 4410.
 */
export interface DeleteThreadFrame {
  /**
   * The frame's type.
   */
  type: "delete_thread";
  /**
   * The thread.
   */
  threadId: string;
  /**
   * Echoed in the answer or the error.
   */
  clientMessageId?: string;
}
