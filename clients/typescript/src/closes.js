// Close codes (docs/protocol.md, "Close codes"): which ones end the client for good, and what each means in words.

/**
 * Retrying cannot help after these: the request itself is refused, or (4410) the thread is gone and the same
 * threadId would start a new, empty one. 4401 is retried only with a new token.
 */
export const PERMANENT_CLOSE_CODES = Object.freeze([4400, 4401, 4403, 4410]);

/** The thread was deleted (by any connection, node or the HTTP API): final, never reconnected on its own. */
export const CLOSE_THREAD_DELETED = 4410;

/** A frame larger than the server accepts (--max-frame-bytes) closes the connection with this code. */
export const CLOSE_TOO_BIG = 1009;

/** The server is shutting down (or restarting). */
export const CLOSE_GOING_AWAY = 1001;

/** @type {Readonly<Record<number, string>>} */
const WORDS = Object.freeze({
  1000: "closed by the server",
  1001: "the server is restarting",
  1002: "the server saw a WebSocket protocol violation",
  1003: "the server accepts only text frames",
  1007: "the server received text that is not UTF-8",
  1008: "the connection fell too far behind",
  1009: "a request was larger than the server accepts",
  1011: "the server failed",
  4400: "the server refused the connection parameters (invalid request)",
  4401: "the server needs a valid token to let you in (unauthorized)",
  4403: "this thread belongs to another user, or this page's origin is not allowed (forbidden)",
  4410: "this thread was deleted",
  4429: "too many connections, or too fast",
});

/**
 * What a close code means, for people.
 * @param {number} code
 * @returns {string}
 */
export function describeClose(code) {
  return WORDS[code] ?? "connection lost";
}
