// ChatClient: one thread of the chat server, kept open across lost connections. docs/clients.md says what every
// client of this project does; docs/protocol.md is the wire contract.
//
// Everything runs on the caller's event loop: listeners are called synchronously from WebSocket events and timers.

import { RECONNECT_BACKOFF } from "./backoff.js";
import { Emitter } from "./emitter.js";
import { decodeServerFrame } from "./frames.js";
import { codePointLength, isValidId, newClientMessageId } from "./ids.js";
import { DEFAULT_LIMITS } from "./limits.js";
import { Outbox, RequestRefusedError } from "./outbox.js";
import { QuotaTracker } from "./quota.js";
import { ReconnectingSocket } from "./socket.js";
import { ThreadTracker } from "./tracker.js";

/** @typedef {import("./protocol.js").ServerFrame} ServerFrame */
/** @typedef {import("./protocol.js").ReadyFrame} ReadyFrame */
/** @typedef {import("./protocol.js").AgentExportFrame} AgentExportFrame */
/** @typedef {import("./protocol.js").AgentChanges} AgentChanges */
/** @typedef {import("./protocol.js").ClientFrame} ClientFrame */
/** @typedef {import("./protocol.js").Limits} Limits */
/** @typedef {import("./protocol.js").Quota} Quota */
/** @typedef {import("./outbox.js").PendingRequest} PendingRequest */
/** @typedef {import("./backoff.js").BackoffPolicy} BackoffPolicy */
/** @typedef {import("./socket.js").ConnectionStatus} ConnectionStatus */
/** @typedef {import("./socket.js").ConnectionState} ConnectionState */
/** @typedef {import("./socket.js").WebSocketConstructor} WebSocketConstructor */

/**
 * The events of a ChatClient, by name.
 * @typedef {object} ChatClientEvents
 * @property {ConnectionStatus} status the connection's status changed
 * @property {ServerFrame} frame a frame from the server: `ready` first on every connection, then the stored events
 *     (`message`, `agent_updated`) once each in seq order, and the live ones (deltas, status, acks, errors, exports)
 * @property {ReadyFrame} reset the server's thread is older than what this client knew (`ready` with reset):
 *     forget the thread's events; the replay from seq 1 follows
 * @property {readonly PendingRequest[]} pending the requests waiting for the server's answer changed
 * @property {RequestFailure} requestFailed the client gave a request up on its own (the server closed the
 *     connection because it was too big); the server's own refusals arrive as `error` frames
 * @property {{ clientMessageId: string }} unanswered a message of this client was stored but will get no reply:
 *     its turn failed while the client was away (failures are not replayed)
 * @property {{ code: string, message: string, text: string }} protocolError a frame this client could not decode
 *     (skipped)
 * @property {Readonly<Quota> | null} quota the user's tokens today against the server's daily budget changed (see
 *     `ChatClient.quota`); heard before the `frame` that changed it
 */

/**
 * @typedef {object} RequestFailure
 * @property {string} clientMessageId
 * @property {string} code
 * @property {string} message for people
 */

/**
 * @typedef {object} ChatClientOptions
 * @property {string} url the chat server, `ws://` or `wss://` (its path and query are kept)
 * @property {string} threadId 1 to 128 of A-Z a-z 0-9 _ . : -
 * @property {string} userId the same rule
 * @property {() => (string | null | undefined | Promise<string | null | undefined>)} [getToken] asked before every
 *     connection attempt (tokens expire); sent as the `token` query parameter
 * @property {number} [lastSeq] the highest seq the app already has (0, the default: replay everything)
 * @property {WebSocketConstructor} [WebSocket] the implementation; the global one by default (Node.js 20 has none:
 *     pass the `ws` package's)
 * @property {number} [maxMessageChars] the longest message to send, in code points, until a `ready` says the
 *     server's (8000, the server's default; a server that predates `limits` in `ready` never says it)
 * @property {number} [maxOutbox] the most requests kept waiting for the server (100)
 * @property {BackoffPolicy} [backoff] reconnect waits (0.5 s doubling up to 10 s, with jitter)
 * @property {number} [readyTimeoutMs] an attempt that gets no `ready` in this time is retried (10 s)
 * @property {number} [pingIntervalMs] a ping this often while connected (25 s)
 * @property {number} [pongTimeoutMs] no frame this long after a ping: the connection is dead, retry (10 s)
 * @property {() => number} [random] the jitter's uniform draw in [0, 1) (for tests)
 */

const DEFAULTS = Object.freeze({
  lastSeq: 0,
  maxMessageChars: DEFAULT_LIMITS.messageChars,
  maxOutbox: 100,
  backoff: RECONNECT_BACKOFF,
  readyTimeoutMs: 10_000,
  pingIntervalMs: 25_000,
  pongTimeoutMs: 10_000,
  random: Math.random,
});

const MODES = Object.freeze(["builder", "preview"]);
const EXPORT_FORMATS = Object.freeze(["json", "openai", "markdown"]);

export class ChatClient {
  #threadId;
  #userId;
  /** @type {Readonly<Limits>} the latest `ready`'s, or the defaults until one says them */
  #limits;
  /** @type {Emitter<ChatClientEvents>} */
  #events = new Emitter();
  #outbox;
  #tracker;
  #quota = new QuotaTracker();
  #socket;
  /** @type {{ resolve: (frame: AgentExportFrame) => void, reject: (error: Error) => void }[]} in the order asked */
  #exports = [];

  /** @param {ChatClientOptions} options */
  constructor(options) {
    const { url, threadId, userId } = options ?? {};
    if (typeof url !== "string" || !/^wss?:\/\/[^/?#]/.test(url)) {
      throw new TypeError(`the chat server URL must start with ws:// or wss:// and name a host: ${url}`);
    }
    if (!isValidId(threadId)) {
      throw new TypeError(`threadId must be 1 to 128 of A-Z a-z 0-9 _ . : -: ${JSON.stringify(threadId)}`);
    }
    if (!isValidId(userId)) {
      throw new TypeError(`userId must be 1 to 128 of A-Z a-z 0-9 _ . : -: ${JSON.stringify(userId)}`);
    }
    const settings = { ...DEFAULTS, ...options };
    const WebSocket = settings.WebSocket ?? globalThis.WebSocket;
    if (typeof WebSocket !== "function") {
      throw new TypeError("no WebSocket implementation here: pass one as options.WebSocket (in Node.js, the ws "
        + "package's WebSocket)");
    }
    if (!Number.isInteger(settings.lastSeq) || settings.lastSeq < 0) {
      throw new TypeError(`lastSeq must be a whole number >= 0: ${settings.lastSeq}`);
    }
    this.#threadId = threadId;
    this.#userId = userId;
    this.#limits = Object.freeze({ ...DEFAULT_LIMITS, messageChars: settings.maxMessageChars });
    this.#outbox = new Outbox(settings.maxOutbox);
    this.#tracker = new ThreadTracker(this.#outbox, settings.lastSeq);
    this.#socket = new ReconnectingSocket({
      urlFor: (token) => this.#urlFor(url, token),
      getToken: settings.getToken,
      WebSocket: /** @type {WebSocketConstructor} */ (WebSocket),
      backoff: settings.backoff,
      random: settings.random,
      readyTimeoutMs: settings.readyTimeoutMs,
      pingIntervalMs: settings.pingIntervalMs,
      pongTimeoutMs: settings.pongTimeoutMs,
    }, {
      status: (status) => this.#events.emit("status", status),
      text: (text) => this.#onText(text),
      lost: () => this.#failExports("the connection was lost before the server answered"),
      tooBig: () => this.#dropLargestRequest(),
    });
  }

  /**
   * Calls `listener` with every `name` event from now on; returns a function that removes it. A listener that
   * throws is reported on the console and hurts nothing else.
   * @template {keyof ChatClientEvents} K
   * @param {K} name
   * @param {(value: ChatClientEvents[K]) => void} listener
   * @returns {() => void}
   */
  on(name, listener) {
    return this.#events.on(name, listener);
  }

  /** The connection's status now. @returns {ConnectionStatus} */
  get status() {
    return this.#socket.status;
  }

  /** The highest seq received: where the next connection resumes. */
  get lastSeq() {
    return this.#tracker.lastSeq;
  }

  /**
   * What the server accepts: as the latest `ready` said, or the defaults (with the `maxMessageChars` option) until
   * one has; a `ready` from a server that predates `limits` leaves them as they were. Read it after `ready` (the
   * `frame` event, or the `connected` status) to show what the user may type.
   * @returns {Readonly<Limits>}
   */
  get limits() {
    return this.#limits;
  }

  /**
   * The user's tokens today against the server's daily token budget: `{ used, limit, renewsAt }` as the latest
   * `ready` said, with the usage (input plus output) of every reply stored in this thread since added to `used`, or
   * as the latest `quota_exceeded` refusal said; null when the server has no budget (its `ready` says none), and
   * until the first `ready`. Replies in the user's other threads count only from the next `ready`. A message sent
   * once the budget is spent is refused by the server with an `error` `quota_exceeded` that names it (its
   * clientMessageId), in words, with the `quota`: it is not stored, and the client does not send it again.
   * @returns {Readonly<Quota> | null}
   */
  get quota() {
    return this.#quota.quota;
  }

  /** The requests waiting for the server's answer, oldest first. @returns {readonly PendingRequest[]} */
  get pending() {
    return this.#outbox.list();
  }

  get threadId() {
    return this.#threadId;
  }

  get userId() {
    return this.#userId;
  }

  /** Opens the thread, and keeps it open until close(). Does nothing when already started. */
  connect() {
    this.#socket.start();
  }

  /** Closes the connection and stops reconnecting. Requests not yet answered stay in `pending`. */
  close() {
    this.#socket.stop();
  }

  /**
   * Sends a user message now if connected, else once connected, and again after every reconnect until the server
   * acknowledges it (it stores it once). `mode` "preview" talks to the agent being built instead of the builder.
   * @param {string} content
   * @param {{ mode?: "builder" | "preview" }} [options]
   * @returns {string} its clientMessageId: the `ack`, the stored `message` and any `error` about it carry it
   * @throws {TypeError} blank content or an unknown mode
   * @throws {RequestRefusedError} `message_too_long` (over `limits.messageChars`: it would be refused after every
   *     reconnect) or `outbox_full`; nothing is queued
   */
  send(content, { mode = "builder" } = {}) {
    if (typeof content !== "string" || content.trim() === "") {
      throw new TypeError(`a message must be a non-blank string: ${JSON.stringify(content)}`);
    }
    if (!MODES.includes(mode)) {
      throw new TypeError(`mode must be one of ${MODES.join(", ")}: ${JSON.stringify(mode)}`);
    }
    const chars = codePointLength(content);
    const limit = this.#limits.messageChars;
    if (chars > limit) {
      throw new RequestRefusedError(`a message may have at most ${limit} characters; this one has ${chars}`,
        "message_too_long");
    }
    return this.#enqueue({ type: "user_message", content, ...(mode === "preview" ? { mode } : {}),
      clientMessageId: newClientMessageId() });
  }

  /**
   * A message to the agent being built (the Preview): `send(content, { mode: "preview" })`.
   * @param {string} content
   * @returns {string} its clientMessageId
   */
  preview(content) {
    return this.send(content, { mode: "preview" });
  }

  /**
   * Changes the draft by hand: the fields of `changes` replace the draft's, if the draft is still at `baseVersion`.
   * Kept until answered like a message. The server refuses it with an `error` carrying the clientMessageId:
   * `version_conflict` (with `currentVersion`), `busy` while the builder works, `invalid_message`.
   * @param {number} baseVersion the draft version the change was made on
   * @param {AgentChanges} changes
   * @returns {string} its clientMessageId
   */
  updateAgent(baseVersion, changes) {
    if (!Number.isInteger(baseVersion) || baseVersion < 0) {
      throw new TypeError(`baseVersion must be a whole number >= 0: ${JSON.stringify(baseVersion)}`);
    }
    if (changes === null || typeof changes !== "object" || Array.isArray(changes)
        || Object.keys(changes).length === 0) {
      throw new TypeError(`changes must be an object with at least one field: ${JSON.stringify(changes)}`);
    }
    return this.#enqueue({ type: "update_agent", baseVersion, changes: { ...changes },
      clientMessageId: newClientMessageId() });
  }

  /**
   * Makes the draft what it was at `version`, as a new version; `error` `not_found` when it never had that version.
   * @param {number} version
   * @returns {string} its clientMessageId
   */
  revertAgent(version) {
    if (!Number.isInteger(version) || version < 0) {
      throw new TypeError(`version must be a whole number >= 0: ${JSON.stringify(version)}`);
    }
    return this.#enqueue({ type: "revert_agent", version, clientMessageId: newClientMessageId() });
  }

  /**
   * The current draft rendered by the server: "json", "openai" (a Responses API request) or "markdown".
   * @param {"json" | "openai" | "markdown"} format
   * @returns {Promise<AgentExportFrame>} rejected at once when not connected, or when the connection drops first
   */
  exportAgent(format) {
    if (!EXPORT_FORMATS.includes(format)) {
      throw new TypeError(`format must be one of ${EXPORT_FORMATS.join(", ")}: ${JSON.stringify(format)}`);
    }
    if (!this.#send({ type: "export_agent", format })) {
      return Promise.reject(new RequestRefusedError("not connected to the chat server", "not_connected"));
    }
    return new Promise((resolve, reject) => this.#exports.push({ resolve, reject }));
  }

  /**
   * Stops the running turn. If the connection drops before that turn is over, or the client is not connected now,
   * cancel is sent again after the next join, if that same turn still runs then.
   * @returns {boolean} whether it was sent now
   */
  cancel() {
    const sent = this.#send({ type: "cancel" });
    this.#tracker.cancelRequested(sent);
    return sent;
  }

  /**
   * @param {string} url
   * @param {string | null} token
   */
  #urlFor(url, token) {
    const next = new URL(url);
    next.searchParams.set("threadId", this.#threadId);
    next.searchParams.set("userId", this.#userId);
    next.searchParams.set("lastSeq", String(this.#tracker.lastSeq));
    if (token) {
      next.searchParams.set("token", token);
    } else {
      next.searchParams.delete("token");
    }
    return next.toString();
  }

  /** @param {PendingRequest["frame"]} frame */
  #enqueue(frame) {
    this.#outbox.add(frame);
    this.#sendRequest(frame);
    this.#events.emit("pending", this.#outbox.list());
    return frame.clientMessageId;
  }

  /** @param {PendingRequest["frame"]} frame */
  #sendRequest(frame) {
    if (this.#send(frame)) {
      this.#outbox.sent(frame.clientMessageId);
    }
  }

  /** @param {ClientFrame} frame */
  #send(frame) {
    return this.#socket.send(JSON.stringify(frame));
  }

  /** @param {string} text */
  #onText(text) {
    const decoded = decodeServerFrame(text);
    if (!decoded.ok) {
      if (decoded.code !== "unknown_type") {
        this.#events.emit("protocolError", { code: decoded.code, message: decoded.message, text });
      }
      return;
    }
    const frame = decoded.frame;
    const verdict = this.#tracker.frame(frame);
    if (verdict.action === "drop") {
      return;
    }
    if (verdict.action === "gap") {
      this.#socket.reconnect(`missed events after seq ${this.#tracker.lastSeq}; resuming`, true);
      return;
    }
    if (frame.type === "ready" && frame.limits) {
      // Before any listener hears of the ready, so that all of them see the server's limits.
      this.#limits = Object.freeze({ ...frame.limits });
    }
    if (verdict.reset) {
      this.#events.emit("reset", /** @type {ReadyFrame} */ (frame));
    }
    if (this.#quota.frame(frame, Date.now())) {
      this.#events.emit("quota", this.#quota.quota);
    }
    if (frame.type === "error" && frame.clientMessageId === undefined) {
      this.#socket.refused(frame.message);
    } else if (frame.type === "agent_export") {
      this.#exports.shift()?.resolve(frame);
    }
    this.#events.emit("frame", frame);
    if (frame.type === "ready") {
      // After the frame, so that whoever hears "connected" already has the thread's state from it.
      this.#socket.joined();
      for (const { frame: request } of this.#outbox.list()) {
        this.#sendRequest(request);
      }
    }
    if (verdict.pendingChanged) {
      this.#events.emit("pending", this.#outbox.list());
    }
    for (const clientMessageId of verdict.unanswered) {
      this.#events.emit("unanswered", { clientMessageId });
    }
    if (verdict.resendCancel) {
      this.#send({ type: "cancel" });
    }
  }

  /** 1009: the largest request sent on the connection was too big; sent again, it would close every connection. */
  #dropLargestRequest() {
    const dropped = this.#outbox.dropLargestSent();
    if (dropped) {
      const what = dropped.frame.type === "user_message" ? "message" : "change to the draft";
      this.#events.emit("requestFailed", {
        clientMessageId: dropped.clientMessageId,
        code: "message_too_long",
        message: `This ${what} is larger than the server accepts, so it was not sent again.`,
      });
      this.#events.emit("pending", this.#outbox.list());
    }
  }

  /** @param {string} why */
  #failExports(why) {
    const waiting = this.#exports;
    this.#exports = [];
    for (const { reject } of waiting) {
      reject(new RequestRefusedError(why, "connection_lost"));
    }
  }
}
