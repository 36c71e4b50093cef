// Decoding the server's frames, by the rules every client of this project shares (the Java codec gives the same
// answer for every frame of the golden corpus, docs/corpus/server-frames.json). Decoding never throws.
//
// Only shapes are checked, not enum values: a later v1 server may add an error code, a capability or a status, and a
// client must keep working. Unknown fields are kept, and ignored.

/** @typedef {import("./protocol.js").ServerFrame} ServerFrame */

/**
 * The outcome of decoding one frame: the frame, or why it is not one (`invalid_json`, `invalid_message`, or
 * `unknown_type` for a frame type newer than this client, which callers skip silently).
 * @typedef {{ ok: true, frame: ServerFrame } | { ok: false, code: DecodeErrorCode, message: string }} Decoded
 */

/** @typedef {"invalid_json" | "invalid_message" | "unknown_type"} DecodeErrorCode */

/** Deeper JSON than this is refused, as the server refuses it: no frame needs more than 4 levels. */
const MAX_NESTING = 16;

/** The largest whole number JavaScript holds exactly; seqs and versions never come near it. */
const MAX_INTEGER = Number.MAX_SAFE_INTEGER;

/** The largest limit: the server holds its limits in 32-bit integers, and so does the Java codec. */
const MAX_LIMIT = 2_147_483_647;

/**
 * @typedef {"string" | "boolean" | "integer" | "positive" | "count" | "number" | "seq" | "limit" | "agent"
 *   | "message" | "usage" | "quota" | "limits" | "strings" | "thread" | "threads" | "threadAgent" | "file" | "files"
 *   | "citation" | "citations"} Kind
 * @typedef {Record<string, Kind>} Shape
 */

/** @type {{ required: Shape, optional: Shape }} */
const AGENT = {
  required: {
    name: "string",
    description: "string",
    instructions: "string",
    conversationStarters: "strings",
    capabilities: "strings",
    version: "integer",
  },
  // Absent when the agent has no knowledge files, and from a server that predates them.
  optional: { files: "files" },
};

/** A knowledge file, in the agent's `files` and in `file_status`. @type {{ required: Shape, optional: Shape }} */
const FILE = {
  required: { fileId: "string", name: "string", size: "integer", type: "string", status: "string" },
  optional: { error: "string" },
};

/** A passage a preview reply was given to answer from. @type {Shape} */
const CITATION = {
  fileId: "string", fileName: "string", text: "string", passage: "count", start: "count", end: "count",
  score: "number",
};

/** @type {{ required: Shape, optional: Shape }} */
const MESSAGE = {
  required: { id: "string", role: "string", content: "string", createdAt: "string" },
  optional: {
    userId: "string", clientMessageId: "string", replyTo: "string", channel: "string", stopped: "boolean",
    usage: "usage", citations: "citations",
  },
};

/** A reply's tokens (a message's `usage`), and the sum of a thread's replies' (a thread's `usage`). @type {Shape} */
const USAGE = { inputTokens: "integer", outputTokens: "integer" };

/** The user's tokens today against the server's daily budget, in `ready` and with `quota_exceeded`. @type {Shape} */
const QUOTA = { used: "integer", limit: "positive", renewsAt: "string" };

/** @type {{ required: Shape, optional: Shape }} */
const LIMITS = {
  required: {
    messageChars: "limit",
    nameChars: "limit",
    descriptionChars: "limit",
    instructionsChars: "limit",
    conversationStarters: "limit",
    conversationStarterChars: "limit",
  },
  // From servers with knowledge files only.
  optional: { fileBytes: "integer", files: "count" },
};

/** A thread as the user's list shows it. @type {{ required: Shape, optional: Shape }} */
const THREAD = {
  required: {
    threadId: "string", title: "string", createdAt: "string", updatedAt: "string", agent: "threadAgent",
    messageCount: "integer",
  },
  // `usage` is absent from servers that predate it.
  optional: { lastMessage: "string", usage: "usage" },
};

/** @type {Shape} */
const THREAD_AGENT = { name: "string", version: "integer" };

/** Each frame type's required and optional fields. @type {Record<string, { required: Shape, optional?: Shape }>} */
const FRAMES = {
  ready: {
    required: {
      threadId: "string", userId: "string", connectionId: "string", lastSeq: "integer", agent: "agent",
      status: "string", reset: "boolean",
    },
    // `limits`: always sent by this server; one that predates it leaves it out (ChatClient then keeps its
    // defaults). `quota`: only from a server with a daily token budget.
    optional: { limits: "limits", quota: "quota" },
  },
  message: { required: { seq: "seq", message: "message" } },
  agent_updated: { required: { seq: "seq", agent: "agent" }, optional: { source: "string" } },
  ack: { required: { seq: "seq", duplicate: "boolean" }, optional: { clientMessageId: "string", messageId: "string" } },
  status: { required: { state: "string" } },
  assistant_delta: {
    required: { messageId: "string", delta: "string" },
    // `citations` on the first delta of a preview reply that answers from knowledge files.
    optional: { channel: "string", citations: "citations" },
  },
  file_status: { required: { file: "file" } },
  agent_export: { required: { format: "string", content: "string", version: "integer" } },
  error: {
    required: { code: "string", message: "string" },
    // `currentVersion` with `version_conflict`, `quota` with `quota_exceeded`.
    optional: { clientMessageId: "string", currentVersion: "integer", quota: "quota" },
  },
  pong: { required: {} },
  threads: { required: { threads: "threads" }, optional: { nextCursor: "string", query: "string" } },
  thread_changed: { required: { change: "string", threadId: "string" }, optional: { thread: "thread" } },
  thread_renamed: { required: { thread: "thread" }, optional: { clientMessageId: "string" } },
  thread_deleted: { required: { threadId: "string" }, optional: { clientMessageId: "string" } },
};

/** The frame types this client knows. */
export const SERVER_FRAME_TYPES = Object.freeze(Object.keys(FRAMES));

/**
 * Decodes one text frame from the server. Never throws.
 * @param {string} text
 * @returns {Decoded}
 */
export function decodeServerFrame(text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return invalid("invalid_json", `the frame is not valid JSON: ${/** @type {Error} */ (e).message}`);
  }
  if (depth(value) > MAX_NESTING) {
    return invalid("invalid_json", `the frame nests deeper than ${MAX_NESTING} levels`);
  }
  if (!isObject(value)) {
    return invalid("invalid_message", "a frame must be a JSON object");
  }
  if (typeof value.type !== "string") {
    return invalid("invalid_message", 'a frame needs a string field "type"');
  }
  const shape = Object.hasOwn(FRAMES, value.type) ? FRAMES[value.type] : undefined;
  if (!shape) {
    return invalid("unknown_type", `unknown frame type "${value.type.slice(0, 120)}"`);
  }
  const problem = checkShape(value, shape.required, shape.optional ?? {}, value.type);
  return problem
    ? invalid("invalid_message", problem)
    : { ok: true, frame: /** @type {ServerFrame} */ (/** @type {unknown} */ (value)) };
}

/**
 * What is wrong with `value` as a knowledge file object (the HTTP API answers with the same one), or null.
 * @param {unknown} value
 * @returns {string | null}
 */
export function knowledgeFileProblem(value) {
  return checkValue(value, "file", "file");
}

/**
 * @param {Record<string, unknown>} object
 * @param {Shape} required
 * @param {Shape} optional
 * @param {string} where
 * @returns {string | null} what is wrong, or null
 */
function checkShape(object, required, optional, where) {
  for (const [field, kind] of Object.entries(required)) {
    const value = object[field];
    if (value === undefined || value === null) {
      return `${where} needs "${field}"`;
    }
    const problem = checkValue(value, kind, `${where}.${field}`);
    if (problem) {
      return problem;
    }
  }
  for (const [field, kind] of Object.entries(optional)) {
    const value = object[field];
    if (value !== undefined && value !== null) {
      const problem = checkValue(value, kind, `${where}.${field}`);
      if (problem) {
        return problem;
      }
    }
  }
  return null;
}

/**
 * @param {unknown} value
 * @param {Kind} kind
 * @param {string} where
 * @returns {string | null}
 */
function checkValue(value, kind, where) {
  switch (kind) {
    case "string":
      return typeof value === "string" ? null : `${where} must be a string`;
    case "boolean":
      return typeof value === "boolean" ? null : `${where} must be true or false`;
    case "integer":
      return isWholeNumber(value, 0) ? null : `${where} must be a whole number >= 0`;
    case "count":
      return isWholeNumber(value, 0) && /** @type {number} */ (value) <= MAX_LIMIT
        ? null
        : `${where} must be a whole number from 0 to ${MAX_LIMIT}`;
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? null : `${where} must be a number`;
    case "positive":
    case "seq":
      return isWholeNumber(value, 1) ? null : `${where} must be a whole number >= 1`;
    case "limit":
      return isWholeNumber(value, 1) && /** @type {number} */ (value) <= MAX_LIMIT
        ? null
        : `${where} must be a whole number from 1 to ${MAX_LIMIT}`;
    case "strings":
      return Array.isArray(value) && value.every((item) => typeof item === "string")
        ? null
        : `${where} must be an array of strings`;
    case "agent":
      return isObject(value) ? checkShape(value, AGENT.required, AGENT.optional, where) : `${where} must be an object`;
    case "message":
      return isObject(value) ? checkShape(value, MESSAGE.required, MESSAGE.optional, where) : `${where} must be an object`;
    case "usage":
      return isObject(value) ? checkShape(value, USAGE, {}, where) : `${where} must be an object`;
    case "quota":
      return isObject(value) ? checkShape(value, QUOTA, {}, where) : `${where} must be an object`;
    case "limits":
      return isObject(value) ? checkShape(value, LIMITS.required, LIMITS.optional, where) : `${where} must be an object`;
    case "file":
      return isObject(value) ? checkShape(value, FILE.required, FILE.optional, where) : `${where} must be an object`;
    case "files":
      return checkEach(value, "file", where, "files");
    case "citation":
      return isObject(value) ? checkShape(value, CITATION, {}, where) : `${where} must be an object`;
    case "citations":
      return checkEach(value, "citation", where, "citations");
    case "thread":
      return isObject(value) ? checkShape(value, THREAD.required, THREAD.optional, where) : `${where} must be an object`;
    case "threadAgent":
      return isObject(value) ? checkShape(value, THREAD_AGENT, {}, where) : `${where} must be an object`;
    case "threads":
      return checkEach(value, "thread", where, "threads");
    default:
      return `${where}: unknown kind ${kind}`;
  }
}

/**
 * @param {unknown} value an array, each of whose items must be of `kind`
 * @param {Kind} kind
 * @param {string} where
 * @param {string} plural what the items are, for the message
 * @returns {string | null}
 */
function checkEach(value, kind, where, plural) {
  if (!Array.isArray(value)) {
    return `${where} must be an array of ${plural}`;
  }
  for (let i = 0; i < value.length; i++) {
    const problem = checkValue(value[i], kind, `${where}[${i}]`);
    if (problem) {
      return problem;
    }
  }
  return null;
}

/**
 * @param {unknown} value
 * @param {number} min
 */
function isWholeNumber(value, min) {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= MAX_INTEGER;
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * How many levels of arrays and objects `value` nests (a scalar is 0).
 * @param {unknown} value
 * @returns {number}
 */
function depth(value) {
  if (typeof value !== "object" || value === null) {
    return 0;
  }
  let deepest = 0;
  for (const item of Object.values(value)) {
    deepest = Math.max(deepest, depth(item));
    if (deepest > MAX_NESTING) {
      break;
    }
  }
  return deepest + 1;
}

/**
 * @param {DecodeErrorCode} code
 * @param {string} message
 * @returns {Decoded}
 */
function invalid(code, message) {
  return { ok: false, code, message };
}
