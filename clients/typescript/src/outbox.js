// The requests a client owes the server: user messages and changes to the draft, kept in the order made until the
// server acknowledges or refuses them. Each carries its clientMessageId, so sending one again after a reconnect is
// safe: the server stores each id once.

/**
 * @typedef {import("./protocol.js").UserMessageFrame
 *   | import("./protocol.js").UpdateAgentFrame
 *   | import("./protocol.js").RevertAgentFrame} Request
 */

/**
 * A request waiting for the server's answer.
 * @typedef {object} PendingRequest
 * @property {string} clientMessageId
 * @property {Request & { clientMessageId: string }} frame the frame as sent
 */

/**
 * Why the client refused a request, or gave it up, before the server answered it.
 * @typedef {"message_too_long" | "outbox_full" | "not_connected" | "connection_lost" | "closed"} ClientRefusal
 */

/**
 * A request the client refused, or gave up, before the server could answer it; or (for the requests answered by a
 * promise: renaming and deleting a thread) one the server refused, with the `error` frame's code and words.
 */
export class RequestRefusedError extends Error {
  /**
   * @param {string} message for people
   * @param {ClientRefusal | import("./protocol.js").ErrorCode} code
   */
  constructor(message, code) {
    super(message);
    this.name = "RequestRefusedError";
    /** Why, for programs. */
    this.code = code;
  }
}

export class Outbox {
  /** @type {Map<string, PendingRequest>} in the order made */
  #entries = new Map();
  /** Ids sent on the current connection: after a 1009 close, the largest of them is the likely culprit. */
  #sentOnConnection = new Set();
  #limit;

  /** @param {number} limit the most requests kept */
  constructor(limit) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`the outbox limit must be a whole number >= 1: ${limit}`);
    }
    this.#limit = limit;
  }

  /**
   * Keeps `frame` until it is answered.
   * @param {PendingRequest["frame"]} frame
   * @returns {PendingRequest}
   * @throws {RequestRefusedError} `outbox_full` when `limit` requests already wait
   */
  add(frame) {
    if (this.#entries.size >= this.#limit) {
      throw new RequestRefusedError(`${this.#entries.size} requests are already waiting to be sent, the most the `
        + "outbox keeps; this one was not queued", "outbox_full");
    }
    const entry = { clientMessageId: frame.clientMessageId, frame };
    this.#entries.set(frame.clientMessageId, entry);
    return entry;
  }

  /**
   * Forgets the request with this id (answered or refused); false when it was not here.
   * @param {string | undefined} clientMessageId
   */
  delete(clientMessageId) {
    if (clientMessageId === undefined || !this.#entries.has(clientMessageId)) {
      return false;
    }
    this.#entries.delete(clientMessageId);
    this.#sentOnConnection.delete(clientMessageId);
    return true;
  }

  /** @param {string} clientMessageId */
  sent(clientMessageId) {
    this.#sentOnConnection.add(clientMessageId);
  }

  /** A new connection: nothing is sent on it yet. */
  newConnection() {
    this.#sentOnConnection.clear();
  }

  /**
   * Gives up the largest request sent on the current connection, and returns it (or null when none was sent).
   * @returns {PendingRequest | null}
   */
  dropLargestSent() {
    /** @type {PendingRequest | null} */
    let largest = null;
    let largestBytes = -1;
    const encoder = new TextEncoder();
    for (const id of this.#sentOnConnection) {
      const entry = this.#entries.get(id);
      const bytes = entry ? encoder.encode(JSON.stringify(entry.frame)).length : -1;
      if (entry && bytes > largestBytes) {
        largest = entry;
        largestBytes = bytes;
      }
    }
    if (largest) {
      this.delete(largest.clientMessageId);
    }
    return largest;
  }

  get size() {
    return this.#entries.size;
  }

  /** The requests waiting, oldest first. @returns {PendingRequest[]} */
  list() {
    return [...this.#entries.values()];
  }
}
