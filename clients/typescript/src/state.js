// The state a UI shows for one thread, derived from the client's events once, here, so that no UI re-implements
// ordering, dedup or what a reconnect means for a reply that was streaming. Framework-free: `reduce` returns a new
// state object for every change (and the same object when nothing changed), as React's useSyncExternalStore and any
// other store want.

import { CLOSE_THREAD_DELETED } from "./closes.js";
import { DEFAULT_LIMITS } from "./limits.js";

/** @typedef {import("./protocol.js").Agent} Agent */
/** @typedef {import("./protocol.js").File} KnowledgeFile */
/** @typedef {import("./protocol.js").Citation} Citation */
/** @typedef {import("./protocol.js").Limits} Limits */
/** @typedef {import("./protocol.js").Message} Message */
/** @typedef {import("./protocol.js").Quota} Quota */
/** @typedef {import("./protocol.js").ServerFrame} ServerFrame */
/** @typedef {import("./socket.js").ConnectionStatus} ConnectionStatus */
/** @typedef {import("./outbox.js").PendingRequest} PendingRequest */

/**
 * A stored message, with its place in the thread.
 * @typedef {Message & { seq: number }} ChatMessage
 */

/**
 * A reply streaming in. `interrupted`: the connection was lost while it streamed, so deltas were missed; it stops
 * growing, and its stored message replaces it when it arrives.
 * @typedef {object} StreamingReply
 * @property {string} messageId
 * @property {string} text the deltas so far
 * @property {boolean} interrupted
 * @property {readonly Citation[]} [citations] the knowledge passages it answers from, as its first delta said
 *     (a preview reply with `file_search` on); the stored message carries them too
 */

/**
 * One version of the draft, from the thread's `agent_updated` events.
 * @typedef {object} AgentVersion
 * @property {number} version
 * @property {Agent} agent
 * @property {"builder" | "user" | "revert"} source who made it
 * @property {number} seq
 */

/**
 * The last error to show: from the server (`error` frames), or a request the client gave up.
 * @typedef {object} ThreadError
 * @property {string} code
 * @property {string} message for people
 * @property {string} [clientMessageId] the request it concerns
 * @property {number} [currentVersion] with `version_conflict`: the draft's version now
 * @property {Quota} [quota] with `quota_exceeded`: the tokens used today, the daily budget and when it renews
 */

/**
 * @typedef {object} ThreadState
 * @property {string} threadId
 * @property {string} userId
 * @property {ConnectionStatus} connection
 * @property {boolean} joined the server accepted a join at least once
 * @property {boolean} deleted the thread was deleted (by this user anywhere: another tab, the list, the HTTP API):
 *     the server closed with 4410 and the client stopped for good; reconnecting would start a new, empty thread
 * @property {"idle" | "thinking"} turn whether the builder (or the preview agent) is working
 * @property {readonly ChatMessage[]} messages the builder's conversation, in seq order
 * @property {readonly ChatMessage[]} previewMessages the preview's conversation (the agent being built), in seq order
 * @property {{ builder: StreamingReply | null, preview: StreamingReply | null }} streaming the reply streaming in,
 *     per conversation
 * @property {Agent} agent the draft as stored now (its `files` with the furthest status seen, as `files`)
 * @property {readonly KnowledgeFile[]} files the draft's knowledge files, in the order added, each with the
 *     furthest status this client has seen for it (`ready` or `failed` beat `indexing`: a replayed `agent_updated`
 *     carries the status as it was then, a `file_status` the status now)
 * @property {Readonly<Record<string, KnowledgeFile>>} fileStatuses per fileId, the file as its furthest status
 *     showed it, also for files not (or no longer) in the draft
 * @property {readonly AgentVersion[]} versions the draft's versions this client saw, oldest first
 * @property {readonly PendingRequest[]} pending requests not yet answered by the server, oldest first
 * @property {ThreadError | null} lastError
 * @property {Readonly<Limits>} limits what the server accepts (the longest message, the draft's limits): as the
 *     latest `ready` said, or the defaults until one has (a server that predates `limits` leaves them as they were)
 * @property {Readonly<Quota> | null} quota the user's tokens today against the server's daily token budget
 *     (`{ used, limit, renewsAt }`): the latest `ready`'s, with the usage of each reply seen since added to `used`,
 *     or a `quota_exceeded` refusal's; null when the server has no budget (see `ChatClient.quota`)
 */

/**
 * What changes the state.
 * @typedef {{ type: "status", status: ConnectionStatus }
 *   | { type: "frame", frame: ServerFrame }
 *   | { type: "reset" }
 *   | { type: "pending", pending: readonly PendingRequest[] }
 *   | { type: "requestFailed", failure: ThreadError }
 *   | { type: "quota", quota: Readonly<Quota> | null }
 *   | { type: "dismissError" }} ThreadEvent
 */

/** The empty draft, version 0. @type {Agent} */
export const EMPTY_AGENT = Object.freeze({
  name: "",
  description: "",
  instructions: "",
  conversationStarters: [],
  capabilities: [],
  version: 0,
});

/**
 * @param {string} threadId
 * @param {string} userId
 * @param {Readonly<Limits>} [limits] what to assume until the server says its limits (the defaults)
 * @returns {ThreadState}
 */
export function initialThreadState(threadId, userId, limits = DEFAULT_LIMITS) {
  return {
    threadId,
    userId,
    connection: { status: "disconnected", reason: "not connected yet", attempt: 0 },
    joined: false,
    deleted: false,
    turn: "idle",
    messages: [],
    previewMessages: [],
    streaming: { builder: null, preview: null },
    agent: EMPTY_AGENT,
    files: [],
    fileStatuses: {},
    versions: [],
    pending: [],
    lastError: null,
    limits,
    quota: null,
  };
}

/**
 * The state after `event`.
 * @param {ThreadState} state
 * @param {ThreadEvent} event
 * @returns {ThreadState}
 */
export function reduce(state, event) {
  switch (event.type) {
    case "status":
      return connectionChanged(state, event.status);
    case "frame":
      return frameArrived(state, event.frame);
    case "reset":
      return { ...state, messages: [], previewMessages: [], versions: [], streaming: { builder: null, preview: null } };
    case "pending":
      return { ...state, pending: event.pending };
    case "requestFailed":
      return { ...state, lastError: event.failure };
    case "quota":
      return state.quota === event.quota ? state : { ...state, quota: event.quota };
    case "dismissError":
      return state.lastError === null ? state : { ...state, lastError: null };
    default:
      return state;
  }
}

/**
 * @param {ThreadState} state
 * @param {ConnectionStatus} connection
 * @returns {ThreadState}
 */
function connectionChanged(state, connection) {
  const wasConnected = state.connection.status === "connected";
  const deleted = connection.status === "error" && connection.closeCode === CLOSE_THREAD_DELETED;
  const next = { ...state, connection, deleted };
  if (wasConnected && connection.status !== "connected") {
    // Deltas sent while we are away are lost for good: a reply streaming now can only be finished by its message.
    next.streaming = {
      builder: interrupt(state.streaming.builder),
      preview: interrupt(state.streaming.preview),
    };
  }
  return next;
}

/**
 * @param {StreamingReply | null} reply
 * @returns {StreamingReply | null}
 */
function interrupt(reply) {
  return reply === null || reply.interrupted ? reply : { ...reply, interrupted: true };
}

/**
 * @param {ThreadState} state
 * @param {ServerFrame} frame
 * @returns {ThreadState}
 */
function frameArrived(state, frame) {
  switch (frame.type) {
    case "ready":
      return {
        ...withAgent(state, frame.agent),
        joined: true,
        turn: frame.status === "thinking" ? "thinking" : "idle",
        limits: frame.limits ?? state.limits,
        // A turn that ended while we were away ended its streaming too.
        streaming: frame.status === "thinking" ? state.streaming : { builder: null, preview: null },
      };
    case "message":
      return messageStored(state, { ...frame.message, seq: frame.seq });
    case "agent_updated":
      return {
        ...withAgent(state, frame.agent),
        versions: [...state.versions, {
          version: frame.agent.version, agent: frame.agent, source: frame.source ?? "builder", seq: frame.seq,
        }],
      };
    case "status":
      return {
        ...state,
        turn: frame.state === "thinking" ? "thinking" : "idle",
        streaming: frame.state === "thinking" ? state.streaming : { builder: null, preview: null },
      };
    case "assistant_delta":
      return deltaArrived(state, frame.channel === "preview" ? "preview" : "builder", frame.messageId, frame.delta,
        frame.citations);
    case "file_status":
      return fileStatusArrived(state, frame.file);
    case "error": {
      /** @type {ThreadError} */
      const lastError = { code: frame.code, message: frame.message };
      if (frame.clientMessageId !== undefined) {
        lastError.clientMessageId = frame.clientMessageId;
      }
      if (frame.currentVersion !== undefined) {
        lastError.currentVersion = frame.currentVersion;
      }
      if (frame.quota !== undefined) {
        lastError.quota = frame.quota;
      }
      // The deltas of a failed turn are not part of any message.
      const streaming = frame.code === "agent_error" ? { builder: null, preview: null } : state.streaming;
      return { ...state, lastError, streaming };
    }
    default:
      return state; // ack, pong, agent_export: nothing to show
  }
}

/**
 * @param {ThreadState} state
 * @param {ChatMessage} message
 * @returns {ThreadState}
 */
function messageStored(state, message) {
  const preview = message.channel === "preview";
  const list = preview ? state.previewMessages : state.messages;
  if (list.some((m) => m.seq === message.seq)) {
    return state;
  }
  const added = insertBySeq(list, message);
  const next = preview ? { ...state, previewMessages: added } : { ...state, messages: added };
  if (message.role === "assistant") {
    // The stored reply is what counts: the deltas before it, even another server's, are done.
    next.streaming = preview ? { ...state.streaming, preview: null } : { ...state.streaming, builder: null };
  }
  return next;
}

/**
 * @param {readonly ChatMessage[]} list
 * @param {ChatMessage} message
 * @returns {ChatMessage[]}
 */
function insertBySeq(list, message) {
  if (list.length === 0 || list[list.length - 1].seq < message.seq) {
    return [...list, message];
  }
  return [...list, message].sort((a, b) => a.seq - b.seq);
}

/**
 * @param {ThreadState} state
 * @param {"builder" | "preview"} channel
 * @param {string} messageId
 * @param {string} delta
 * @param {readonly Citation[] | undefined} citations
 * @returns {ThreadState}
 */
function deltaArrived(state, channel, messageId, delta, citations) {
  const current = state.streaming[channel];
  /** @type {StreamingReply} */
  let reply;
  if (current !== null && current.messageId === messageId) {
    if (current.interrupted) {
      return state; // deltas were missed: appending these would show a reply with a hole in it
    }
    reply = { ...current, text: current.text + delta };
  } else {
    // A new reply; or another server took the turn over and answers with a new messageId.
    reply = { messageId, text: delta, interrupted: false };
  }
  if (citations !== undefined && reply.citations === undefined) {
    reply.citations = citations; // the first delta has them; later ones never change them
  }
  return { ...state, streaming: { ...state.streaming, [channel]: reply } };
}

/** How far each status is along: a file goes from `indexing` to `ready` or `failed`, once. */
const STATUS_RANK = Object.freeze({ indexing: 0, ready: 1, failed: 1 });

/**
 * @param {string} status
 * @returns {number} a status a later server may add counts as an end, like `ready` and `failed`
 */
function rank(status) {
  return Object.hasOwn(STATUS_RANK, status) ? STATUS_RANK[/** @type {keyof typeof STATUS_RANK} */ (status)] : 1;
}

/**
 * The file to show, of what was `known` and what was just `seen` of it: the furthest status wins (`ready` or
 * `failed` over `indexing`), and between two as far along, the one just seen. For apps that keep their own state
 * (the reducer applies it to every file it sees).
 * @param {KnowledgeFile | undefined} known
 * @param {KnowledgeFile} seen
 * @returns {KnowledgeFile}
 */
export function furthestFile(known, seen) {
  return known !== undefined && rank(known.status) > rank(seen.status) ? known : seen;
}

/**
 * The state with `agent` as the draft: its files each at the furthest status seen.
 * @param {ThreadState} state
 * @param {Agent} agent
 * @returns {ThreadState}
 */
function withAgent(state, agent) {
  const files = agent.files ?? [];
  if (files.length === 0) {
    return { ...state, agent, files: [] };
  }
  /** @type {Record<string, KnowledgeFile>} */
  const fileStatuses = { ...state.fileStatuses };
  const shown = files.map((file) => {
    const kept = furthestFile(fileStatuses[file.fileId], file);
    fileStatuses[file.fileId] = kept;
    return kept;
  });
  const [first, ...rest] = shown;
  return { ...state, agent: { ...agent, files: [first, ...rest] }, files: shown, fileStatuses };
}

/**
 * A file's status now, from `file_status`; it may come before the `agent_updated` that adds the file, which then
 * shows it at this status.
 * @param {ThreadState} state
 * @param {KnowledgeFile} file
 * @returns {ThreadState}
 */
function fileStatusArrived(state, file) {
  const known = state.fileStatuses[file.fileId];
  const kept = furthestFile(known, file);
  if (kept === known) {
    return state;
  }
  const next = { ...state, fileStatuses: { ...state.fileStatuses, [file.fileId]: kept } };
  return state.files.some((f) => f.fileId === file.fileId) ? withAgent(next, state.agent) : next;
}
