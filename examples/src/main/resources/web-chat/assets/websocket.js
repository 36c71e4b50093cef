// WebSocketService: a client for the agent-chat protocol v1 (docs/protocol.md) with no dependencies, to copy into
// any frontend (React or not). It owns one WebSocket at a time and:
//   - reconnects by itself with exponential backoff, jitter and a cap, resuming with lastSeq so nothing is missed
//     and nothing stored is delivered twice;
//   - keeps every message, and every change to the draft (update_agent, revert_agent), until the server
//     acknowledges it: what is sent while offline waits in an outbox (of at most maxOutboxMessages) and goes out
//     once connected; after a reconnect unacknowledged ones are sent again with the same clientMessageId, which the
//     server deduplicates;
//   - does not retry after 4400 (invalid request), 4401 (unauthorized) or 4403 (forbidden), and says why.
//
// Usage:
//   const chat = new WebSocketService("ws://localhost:3004");
//   chat.onStatus(({ status, reason }) => render(status, reason));   // connecting | connected | disconnected | error
//   chat.onEvent((frame) => apply(frame));                          // ready, message, assistant_delta, ...
//   chat.connect("demo", "alice");
//   const clientMessageId = chat.send("I want an agent that helps me plan trips");
//   chat.send("Who are you?", { mode: "preview" });                 // to the agent being built
//   chat.updateAgent(3, { name: "Wanderlust" });                    // by hand, on version 3 of the draft
//   chat.revertAgent(2);
//   chat.exportAgent("markdown");                                   // answered with an agent_export frame
//
// Everything runs on the page's event loop: listeners are called synchronously from WebSocket events and timers. A
// listener that throws is reported on the console and does not stop the other listeners or the service's own work.

/** The connection states, as shown by a status indicator. */
export const Status = Object.freeze({
  CONNECTING: "connecting",
  CONNECTED: "connected",
  DISCONNECTED: "disconnected",
  ERROR: "error",
});

/** Close codes after which retrying cannot help: the request itself is refused. */
const FATAL_CLOSE_CODES = new Map([
  [4400, "the server refused the connection parameters (invalid request)"],
  [4401, "the server needs a valid token to let you in (unauthorized)"],
  [4403, "this thread belongs to another user, or this page's origin is not allowed (forbidden)"],
]);

/** A frame larger than the server accepts closes the connection with this code (--max-frame-bytes). */
const TOO_BIG = 1009;

/** The conversations a user message can go to (`mode`): the builder's, or the preview of the agent being built. */
const MODES = ["builder", "preview"];

/** The formats `export_agent` takes. */
const EXPORT_FORMATS = ["json", "openai", "markdown"];

const DEFAULTS = Object.freeze({
  maxMessageChars: 8000,
  maxOutboxMessages: 100,
  initialDelayMs: 500,
  maxDelayMs: 10_000,
  readyTimeoutMs: 10_000,
  pingIntervalMs: 25_000,
  pongTimeoutMs: 10_000,
  random: Math.random,
  WebSocket: globalThis.WebSocket,
});

/**
 * The wait before reconnect attempt `attempt` (0 for the first retry): exponential growth from `initialDelayMs`,
 * capped at `maxDelayMs`, with "equal jitter" (half fixed, half random) so that many clients dropped by one server
 * restart do not all come back in the same instant.
 */
export function backoffDelay(attempt, { initialDelayMs, maxDelayMs, random }) {
  const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * The length of `text` as the server counts it (`--max-message-chars`): in Unicode code points, so an emoji that
 * takes two UTF-16 units in a JavaScript string is one character.
 */
function codePointCount(text) {
  let count = 0;
  for (const _ of text) {
    count += 1;
  }
  return count;
}

/** A fresh idempotency key; crypto.randomUUID exists only on secure origins, getRandomValues everywhere. */
export function newClientMessageId() {
  if (globalThis.crypto?.randomUUID) {
    return globalThis.crypto.randomUUID();
  }
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class WebSocketService {
  #url;
  #options;
  #statusListeners = new Set();
  #eventListeners = new Set();
  #status = { status: Status.DISCONNECTED, reason: "not connected yet", attempt: 0 };

  #threadId = null;
  #userId = null;
  #token = null;
  #lastSeq = 0;
  #socket = null;
  #wanted = false; // connect() was called and disconnect() was not: keep trying
  #attempt = 0; // failed attempts since the last ready frame
  #retryTimer = null;
  #readyTimer = null;
  #pingTimer = null;
  #pingSentAt = 0; // when the last unanswered ping went out; 0 when none is waiting
  #lastError = null; // the last error frame: it explains a close that follows it
  // clientMessageId -> the frame to send (user_message, update_agent or revert_agent), in the order made, until
  // acknowledged or refused
  #outbox = new Map();

  /**
   * @param {string} url the chat server, for example "ws://localhost:3004"
   * @param {object} [options] maxMessageChars (the server's --max-message-chars, in code points), maxOutboxMessages
   *     (the most unacknowledged messages and draft changes the outbox keeps), initialDelayMs, maxDelayMs
   *     (backoff), readyTimeoutMs (a connect that gets no ready frame in this time is retried), pingIntervalMs and
   *     pongTimeoutMs (a ping sent every pingIntervalMs that gets no frame back within pongTimeoutMs gives the
   *     connection up, and it is retried), random (for tests), WebSocket (the implementation, for tests)
   */
  constructor(url, options = {}) {
    if (!/^wss?:\/\//.test(url)) {
      throw new TypeError(`the chat server URL must start with ws:// or wss://: ${url}`);
    }
    this.#url = url;
    this.#options = { ...DEFAULTS, ...options };
  }

  /** Calls `listener({status, reason, attempt, retryInMs, code})` now and on every change; returns an unsubscribe. */
  onStatus(listener) {
    this.#statusListeners.add(listener);
    listener({ ...this.#status });
    return () => this.#statusListeners.delete(listener);
  }

  /** Calls `listener(frame)` for every server frame (stored events once each); returns an unsubscribe. */
  onEvent(listener) {
    this.#eventListeners.add(listener);
    return () => this.#eventListeners.delete(listener);
  }

  /** The current status object, as last given to status listeners. */
  get status() {
    return { ...this.#status };
  }

  /** The highest seq received: where a reconnect resumes. */
  get lastSeq() {
    return this.#lastSeq;
  }

  /**
   * Messages not yet acknowledged by the server, oldest first: [{clientMessageId, content}], with `mode: "preview"`
   * for a message to the agent being built.
   */
  get pending() {
    return [...this.#outbox.values()].filter((frame) => frame.type === "user_message")
      .map(({ clientMessageId, content, mode }) => ({ clientMessageId, content, ...(mode ? { mode } : {}) }));
  }

  /** Changes to the draft not yet acknowledged, oldest first: the update_agent and revert_agent frames. */
  get pendingDraftChanges() {
    return [...this.#outbox.values()].filter((frame) => frame.type !== "user_message").map((frame) => ({ ...frame }));
  }

  /** True while a reconnect attempt is scheduled. */
  get retryScheduled() {
    return this.#retryTimer !== null;
  }

  /**
   * Opens the thread and keeps it open until disconnect(). `lastSeq` is the highest seq the caller already shows
   * (0: replay everything). `token` is the JWT when the server requires one.
   */
  connect(threadId, userId, { lastSeq = 0, token = null } = {}) {
    this.#closeSocket();
    this.#clearRetry();
    this.#threadId = threadId;
    this.#userId = userId;
    this.#token = token;
    this.#lastSeq = lastSeq;
    this.#wanted = true;
    this.#attempt = 0;
    this.#open();
  }

  /** Closes the connection and stops reconnecting. Messages not yet acknowledged stay in `pending`. */
  disconnect() {
    this.#wanted = false;
    this.#clearRetry();
    this.#closeSocket();
    this.#setStatus(Status.DISCONNECTED, "disconnected");
  }

  /**
   * Sends a user message now if connected, else once connected. `mode` "preview" sends it to the agent being built
   * instead of the builder. Returns its clientMessageId: the server's `ack` and the stored `message` carry it, so
   * the caller can match its local copy. Refuses, with an error whose `code` says why and nothing queued: a message
   * longer than the server takes (a RangeError, code "message_too_long": queued, it would be refused on every
   * reconnect), and any message while maxOutboxMessages are already waiting for their acknowledgement (code
   * "outbox_full": the ones waiting are kept).
   */
  send(content, { mode = "builder" } = {}) {
    if (typeof content !== "string" || content.trim() === "") {
      throw new TypeError(`a message must be a non-blank string: ${JSON.stringify(content)}`);
    }
    if (!MODES.includes(mode)) {
      throw new TypeError(`mode must be one of ${MODES.join(", ")}: ${JSON.stringify(mode)}`);
    }
    const { maxMessageChars } = this.#options;
    const chars = codePointCount(content);
    if (chars > maxMessageChars) {
      throw refusal(new RangeError(`a message may have at most ${maxMessageChars} characters; this one has ${chars}`),
        "message_too_long");
    }
    // The builder is the default: its frames stay as they always were.
    return this.#enqueue({ type: "user_message", content, ...(mode === "preview" ? { mode } : {}) });
  }

  /**
   * Changes the draft by hand: the fields of `changes` (any of name, description, instructions,
   * conversationStarters, capabilities) replace the draft's, if the draft is still at `baseVersion`. Sent now if
   * connected, else once connected, and kept until acknowledged like a message. Returns its clientMessageId: the
   * `ack`, or the `error` that refuses it (version_conflict, busy, invalid_message), carries it. Refuses like
   * send() when the outbox is full.
   */
  updateAgent(baseVersion, changes) {
    if (!Number.isInteger(baseVersion) || baseVersion < 0) {
      throw new TypeError(`baseVersion must be a whole number >= 0: ${JSON.stringify(baseVersion)}`);
    }
    if (changes === null || typeof changes !== "object" || Array.isArray(changes)
        || Object.keys(changes).length === 0) {
      throw new TypeError(`changes must be an object with at least one field: ${JSON.stringify(changes)}`);
    }
    return this.#enqueue({ type: "update_agent", baseVersion, changes: { ...changes } });
  }

  /**
   * Makes the draft what it was at `version`, as a new version. Kept until acknowledged like a message; returns its
   * clientMessageId (an `error` not_found carries it when the draft never had that version).
   */
  revertAgent(version) {
    if (!Number.isInteger(version) || version < 0) {
      throw new TypeError(`version must be a whole number >= 0: ${JSON.stringify(version)}`);
    }
    return this.#enqueue({ type: "revert_agent", version });
  }

  /**
   * Asks for the current draft in `format` ("json", "openai" or "markdown"); the server answers this connection
   * with an `agent_export` frame. Not queued: false (and nothing sent) when not connected.
   */
  exportAgent(format) {
    if (!EXPORT_FORMATS.includes(format)) {
      throw new TypeError(`format must be one of ${EXPORT_FORMATS.join(", ")}: ${JSON.stringify(format)}`);
    }
    return this.#sendFrame({ type: "export_agent", format });
  }

  #enqueue(frame) {
    const { maxOutboxMessages } = this.#options;
    if (this.#outbox.size >= maxOutboxMessages) {
      throw refusal(new Error(`${this.#outbox.size} messages are already waiting to be sent, the most the outbox `
        + "keeps; this one was not queued"), "outbox_full");
    }
    const clientMessageId = newClientMessageId();
    const queued = { ...frame, clientMessageId };
    this.#outbox.set(clientMessageId, queued);
    if (this.#status.status === Status.CONNECTED) {
      this.#sendFrame(queued);
    }
    return clientMessageId;
  }

  /** Asks the server to stop the running reply; false (and nothing sent) when not connected. */
  cancel() {
    return this.#sendFrame({ type: "cancel" });
  }

  #open() {
    const url = new URL(this.#url);
    url.searchParams.set("threadId", this.#threadId);
    url.searchParams.set("userId", this.#userId);
    url.searchParams.set("lastSeq", String(this.#lastSeq));
    if (this.#token) {
      url.searchParams.set("token", this.#token);
    }
    this.#lastError = null;
    this.#setStatus(Status.CONNECTING, this.#attempt === 0 ? "connecting" : `reconnecting (attempt ${this.#attempt + 1})`);
    let socket;
    try {
      socket = new this.#options.WebSocket(url.toString());
    } catch (e) {
      // A malformed URL or a blocked port: the same URL will fail again.
      this.#wanted = false;
      this.#setStatus(Status.ERROR, `cannot open ${this.#url}: ${e.message}`);
      return;
    }
    this.#socket = socket;
    socket.onmessage = (event) => socket === this.#socket && this.#onFrame(event.data);
    socket.onclose = (event) => socket === this.#socket && this.#onClose(event.code, event.reason);
    // An error is always followed by a close event, which decides what happens next.
    socket.onerror = () => {};
    this.#readyTimer = setTimeout(() => this.#giveUp("no answer from the server"), this.#options.readyTimeoutMs);
  }

  #onFrame(data) {
    this.#pingSentAt = 0;
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      return; // not ours to judge: the server only sends JSON
    }
    switch (frame.type) {
      case "ready":
        this.#onReady(frame);
        return;
      case "message":
      case "agent_updated":
        // Stored events: the server sends each once per connection in seq order; after a reconnect this also
        // guards against anything a listener already has.
        if (typeof frame.seq === "number") {
          if (frame.seq <= this.#lastSeq) {
            return;
          }
          this.#lastSeq = frame.seq;
        }
        if (frame.type === "message" && frame.message?.clientMessageId) {
          this.#outbox.delete(frame.message.clientMessageId);
        }
        break;
      case "ack":
        this.#outbox.delete(frame.clientMessageId);
        break;
      case "error":
        this.#lastError = frame;
        if (frame.clientMessageId) {
          // Refused (too long, busy, rate limited...): sending the same again will not help by itself.
          this.#outbox.delete(frame.clientMessageId);
        }
        break;
      default:
        break;
    }
    this.#emit(frame);
  }

  #onReady(frame) {
    clearTimeout(this.#readyTimer);
    this.#readyTimer = null;
    if (frame.reset) {
      // The server's thread is older than what we knew: it replays from seq 1 so listeners can rebuild.
      this.#lastSeq = 0;
    }
    this.#attempt = 0;
    this.#startHeartbeat();
    this.#setStatus(Status.CONNECTED, "connected");
    this.#emit(frame);
    for (const frame of this.#outbox.values()) {
      this.#sendFrame(frame);
    }
  }

  #onClose(code, reason) {
    this.#socket = null;
    this.#stopTimers();
    if (!this.#wanted) {
      this.#setStatus(Status.DISCONNECTED, "disconnected", { code });
      return;
    }
    if (FATAL_CLOSE_CODES.has(code)) {
      this.#wanted = false;
      const why = this.#lastError?.message || reason || FATAL_CLOSE_CODES.get(code);
      this.#setStatus(Status.ERROR, `${why} (${code}); not retrying`, { code });
      return;
    }
    if (code === TOO_BIG) {
      this.#dropLargestPending();
    }
    this.#scheduleRetry(code === 1001 ? "the server is restarting" : "connection lost", code);
  }

  #giveUp(why) {
    // Closing a dead socket can take long to report: forget it now and retry on a new one.
    this.#closeSocket();
    this.#scheduleRetry(why);
  }

  #scheduleRetry(why, code) {
    const retryInMs = backoffDelay(this.#attempt, this.#options);
    this.#attempt += 1;
    this.#setStatus(Status.DISCONNECTED, `${why}; retrying in ${Math.ceil(retryInMs / 1000)} s`, {
      code,
      retryInMs,
    });
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.#open();
    }, retryInMs);
  }

  /**
   * The server closed with 1009: a frame was larger than it accepts (its --max-frame-bytes can be far below the
   * character limit). The largest unacknowledged frame is the one; sending it again after the reconnect would close
   * the connection again, for ever. It is given up, and listeners get an `error` frame for it as if the server had
   * refused it.
   */
  #dropLargestPending() {
    let largest = null;
    let largestBytes = -1;
    for (const [clientMessageId, frame] of this.#outbox) {
      const bytes = new TextEncoder().encode(JSON.stringify(frame)).length;
      if (bytes > largestBytes) {
        largest = clientMessageId;
        largestBytes = bytes;
      }
    }
    if (largest !== null) {
      const what = this.#outbox.get(largest).type === "user_message" ? "message" : "change to the draft";
      this.#outbox.delete(largest);
      this.#emit({
        type: "error",
        code: "message_too_long",
        message: `This ${what} is larger than the server accepts, so it was not sent.`,
        clientMessageId: largest,
      });
    }
  }

  #startHeartbeat() {
    // Without traffic a dead server can go unnoticed for minutes; a ping gets a pong, so silence after a ping means
    // trouble. It is measured from the ping, not from the timer: browsers fire timers of hidden tabs late (once a
    // minute), and a late tick must not take a healthy connection for a dead one.
    const { pingIntervalMs, pongTimeoutMs } = this.#options;
    this.#pingSentAt = 0;
    this.#pingTimer = setInterval(() => {
      if (this.#pingSentAt !== 0 && Date.now() - this.#pingSentAt > pongTimeoutMs) {
        this.#giveUp("the server stopped answering");
      } else if (this.#sendFrame({ type: "ping" })) {
        this.#pingSentAt = this.#pingSentAt || Date.now();
      }
    }, pingIntervalMs);
  }

  #sendFrame(frame) {
    if (!this.#socket || this.#socket.readyState !== 1 /* OPEN */) {
      return false;
    }
    this.#socket.send(JSON.stringify(frame));
    return true;
  }

  #closeSocket() {
    const socket = this.#socket;
    this.#socket = null;
    this.#stopTimers();
    if (socket) {
      socket.onmessage = socket.onclose = socket.onerror = null;
      try {
        socket.close(1000, "client closed");
      } catch {
        // already closing
      }
    }
  }

  #stopTimers() {
    clearTimeout(this.#readyTimer);
    clearInterval(this.#pingTimer);
    this.#readyTimer = null;
    this.#pingTimer = null;
  }

  #clearRetry() {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  #setStatus(status, reason, extra = {}) {
    this.#status = { status, reason, attempt: this.#attempt, ...extra };
    for (const listener of this.#statusListeners) {
      callSafely(listener, { ...this.#status });
    }
  }

  #emit(frame) {
    for (const listener of this.#eventListeners) {
      callSafely(listener, frame);
    }
  }
}

function refusal(error, code) {
  error.code = code;
  return error;
}

// One listener's bug must not cost the others their events, nor the service its own work after the call (the
// resend of the outbox after a ready frame, a status change): its error is reported and the loop goes on.
function callSafely(listener, value) {
  try {
    listener(value);
  } catch (e) {
    console.error("a WebSocketService listener failed:", e);
  }
}
