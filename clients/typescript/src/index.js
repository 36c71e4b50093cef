// @agent-chat/client: the browser and Node.js client of the agent-chat server, protocol v1.

/** The wire protocol this package speaks. Unknown frame types and fields from a later v1 server are ignored. */
export const PROTOCOL_VERSION = 1;

export { ChatClient } from "./client.js";
export { AgentThread } from "./thread.js";
export { EMPTY_AGENT, furthestFile, initialThreadState, reduce } from "./state.js";
export { MAX_PAGE_SIZE, MAX_QUERY_CHARS, MAX_TITLE_CHARS, ThreadList, titleProblem } from "./thread-list.js";
export { compareThreads, initialThreadListState, reduceThreadList } from "./listing.js";
export { DEFAULT_LIMITS } from "./limits.js";
export { decodeServerFrame, SERVER_FRAME_TYPES } from "./frames.js";
export { RECONNECT_BACKOFF, backoffCeiling, backoffDelay } from "./backoff.js";
export { CLOSE_THREAD_DELETED, PERMANENT_CLOSE_CODES, describeClose } from "./closes.js";
export { ID_PATTERN, codePointLength, isValidId, newClientMessageId } from "./ids.js";
export { RequestRefusedError } from "./outbox.js";
export {
  KnowledgeFileError, formatBytes, listKnowledgeFiles, removeKnowledgeFile, uploadKnowledgeFile,
} from "./knowledge.js";

/** @typedef {import("./protocol.js").Agent} Agent */
/** @typedef {import("./protocol.js").AgentChanges} AgentChanges */
/** @typedef {import("./protocol.js").Message} Message */
/** @typedef {import("./protocol.js").File} KnowledgeFile */
/** @typedef {import("./protocol.js").Citation} Citation */
/** @typedef {import("./protocol.js").Limits} Limits */
/** @typedef {import("./protocol.js").Quota} Quota */
/** @typedef {import("./protocol.js").ServerFrame} ServerFrame */
/** @typedef {import("./protocol.js").ClientFrame} ClientFrame */
/** @typedef {import("./protocol.js").ErrorCode} ErrorCode */
/** @typedef {import("./protocol.js").Thread} Thread */
/** @typedef {import("./thread-list.js").ThreadListOptions} ThreadListOptions */
/** @typedef {import("./thread-list.js").ThreadListEvents} ThreadListEvents */
/** @typedef {import("./listing.js").ThreadListState} ThreadListState */
/** @typedef {import("./listing.js").PendingListRequest} PendingListRequest */
/** @typedef {import("./listing.js").ListError} ListError */
/** @typedef {import("./client.js").ChatClientOptions} ChatClientOptions */
/** @typedef {import("./client.js").ChatClientEvents} ChatClientEvents */
/** @typedef {import("./socket.js").ConnectionStatus} ConnectionStatus */
/** @typedef {import("./socket.js").ConnectionState} ConnectionState */
/** @typedef {import("./outbox.js").PendingRequest} PendingRequest */
/** @typedef {import("./state.js").ThreadState} ThreadState */
/** @typedef {import("./knowledge.js").KnowledgeApiOptions} KnowledgeApiOptions */
/** @typedef {import("./knowledge.js").UploadOptions} UploadOptions */
/** @typedef {import("./knowledge.js").UploadProgress} UploadProgress */
/** @typedef {import("./state.js").ChatMessage} ChatMessage */
/** @typedef {import("./state.js").StreamingReply} StreamingReply */
/** @typedef {import("./state.js").AgentVersion} AgentVersion */
/** @typedef {import("./state.js").ThreadError} ThreadError */
