// ThreadList: a user's list of threads over a user connection (no threadId), kept open across lost connections: the
// threads newest first, searched and read a page at a time, kept up to date by the server's changes, renamed and
// deleted. It reconnects, waits and asks for tokens exactly as ChatClient does (the same ReconnectingSocket); the
// state a UI shows is derived by listing.js. docs/protocol.md, "A user's threads", is the wire contract.
//
// Everything runs on the caller's event loop: listeners are called synchronously from WebSocket events and timers.

import { RECONNECT_BACKOFF } from "./backoff.js";
import { Emitter } from "./emitter.js";
import { decodeServerFrame } from "./frames.js";
import { codePointLength, isValidId, newClientMessageId } from "./ids.js";
import { initialThreadListState, reduceThreadList } from "./listing.js";
import { RequestRefusedError } from "./outbox.js";
import { ReconnectingSocket } from "./socket.js";

/** @typedef {import("./protocol.js").Thread} Thread */
/** @typedef {import("./protocol.js").ServerFrame} ServerFrame */
/** @typedef {import("./protocol.js").ErrorFrame} ErrorFrame */
/** @typedef {import("./protocol.js").ThreadsFrame} ThreadsFrame */
/** @typedef {import("./protocol.js").ListThreadsFrame} ListThreadsFrame */
/** @typedef {import("./protocol.js").RenameThreadFrame} RenameThreadFrame */
/** @typedef {import("./protocol.js").DeleteThreadFrame} DeleteThreadFrame */
/** @typedef {import("./listing.js").ThreadListState} ThreadListState */
/** @typedef {import("./listing.js").ThreadListEvent} ThreadListEvent */
/** @typedef {import("./listing.js").PendingListRequest} PendingListRequest */
/** @typedef {import("./backoff.js").BackoffPolicy} BackoffPolicy */
/** @typedef {import("./socket.js").ConnectionStatus} ConnectionStatus */
/** @typedef {import("./socket.js").WebSocketConstructor} WebSocketConstructor */

/**
 * @typedef {object} ThreadListOptions
 * @property {string} url the chat server, `ws://` or `wss://` (its path and query are kept)
 * @property {string} userId whose threads: 1 to 128 of A-Z a-z 0-9 _ . : -
 * @property {() => (string | null | undefined | Promise<string | null | undefined>)} [getToken] asked before every
 *     connection attempt; sent as the `token` query parameter (a token limited to some threads cannot list)
 * @property {string} [query] the search to start with, at most 120 characters ("", the default: every thread)
 * @property {number} [pageSize] threads per page, 1 to 100 (20)
 * @property {WebSocketConstructor} [WebSocket] the implementation; the global one by default (Node.js 20 has none:
 *     pass the `ws` package's)
 * @property {BackoffPolicy} [backoff] reconnect waits (0.5 s doubling up to 10 s, with jitter)
 * @property {number} [readyTimeoutMs] an attempt whose first request gets no answer in this time is retried (10 s)
 * @property {number} [pingIntervalMs] a ping this often while connected (25 s)
 * @property {number} [pongTimeoutMs] no frame this long after a ping: the connection is dead, retry (10 s)
 * @property {() => number} [random] the jitter's uniform draw in [0, 1) (for tests)
 */

/**
 * The events of a ThreadList, by name.
 * @typedef {object} ThreadListEvents
 * @property {ConnectionStatus} status the connection's status changed
 * @property {ServerFrame} frame a frame from the server (`threads`, `thread_changed`, the answers, errors, `pong`)
 * @property {{ code: string, message: string, text: string }} protocolError a frame this client could not decode
 *     (skipped)
 */

/** The most threads one page may have (the protocol's `limit`). */
export const MAX_PAGE_SIZE = 100;
/** The longest search text, in code points. */
export const MAX_QUERY_CHARS = 120;
/** The longest title, in code points. */
export const MAX_TITLE_CHARS = 120;

const DEFAULTS = Object.freeze({
  query: "",
  pageSize: 20,
  backoff: RECONNECT_BACKOFF,
  readyTimeoutMs: 10_000,
  pingIntervalMs: 25_000,
  pongTimeoutMs: 10_000,
  random: Math.random,
});

/** Control characters and line breaks: a title is one line of text. */
const TITLE_FORBIDDEN = /[\u0000-\u001F\u007F-\u009F]/;

/**
 * @typedef {object} OpenRequest a rename or delete waiting for its answer, sent again after every reconnect
 * @property {PendingListRequest} request
 * @property {RenameThreadFrame | DeleteThreadFrame} frame
 * @property {(value: any) => void} resolve
 * @property {(error: Error) => void} reject
 */

export class ThreadList {
  #userId;
  #pageSize;
  /** @type {Emitter<ThreadListEvents>} */
  #events = new Emitter();
  /** @type {ThreadListState} */
  #state;
  /** @type {Set<() => void>} */
  #listeners = new Set();
  #socket;
  // The current connection, and what was asked on it. One list_threads at a time: the server's answers carry no
  // request id, and a first page and a next page must not be taken for each other.
  #joined = false; // the current connection answered its first frames
  /** @type {{ first: boolean, generation: number } | null} the list_threads waiting for its answer */
  #inFlight = null;
  #wantFirst = false; // a first page is owed (the search changed while another page was on its way)
  #generation = 0; // bumped by every new search: pages of an earlier one are dropped
  /** @type {string | undefined} the nextCursor of the last page of the search shown */
  #cursor = undefined;
  /** @type {Map<string, OpenRequest>} by clientMessageId, in the order made */
  #requests = new Map();

  /** @param {ThreadListOptions} options */
  constructor(options) {
    const { url, userId } = options ?? {};
    if (typeof url !== "string" || !/^wss?:\/\/[^/?#]/.test(url)) {
      throw new TypeError(`the chat server URL must start with ws:// or wss:// and name a host: ${url}`);
    }
    if (!isValidId(userId)) {
      throw new TypeError(`userId must be 1 to 128 of A-Z a-z 0-9 _ . : -: ${JSON.stringify(userId)}`);
    }
    const settings = { ...DEFAULTS, ...options };
    const { pageSize } = settings;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new RangeError(`pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}: ${pageSize}`);
    }
    const WebSocket = settings.WebSocket ?? globalThis.WebSocket;
    if (typeof WebSocket !== "function") {
      throw new TypeError("no WebSocket implementation: pass one as the WebSocket option (in Node.js 20, the ws "
        + "package's)");
    }
    this.#userId = userId;
    this.#pageSize = pageSize;
    this.#state = initialThreadListState(userId, checkedQuery(settings.query));
    this.#socket = new ReconnectingSocket({
      urlFor: (token) => userUrl(url, userId, token),
      getToken: settings.getToken,
      WebSocket: /** @type {WebSocketConstructor} */ (WebSocket),
      backoff: settings.backoff,
      random: settings.random,
      readyTimeoutMs: settings.readyTimeoutMs,
      pingIntervalMs: settings.pingIntervalMs,
      pongTimeoutMs: settings.pongTimeoutMs,
    }, {
      status: (status) => this.#onStatus(status),
      opened: () => this.#onOpened(),
      text: (text) => this.#onText(text),
      lost: () => this.#onLost(),
      tooBig: () => {},
    });
  }

  get userId() {
    return this.#userId;
  }

  /** The connection's status now. @returns {ConnectionStatus} */
  get status() {
    return this.#socket.status;
  }

  /** The state now: a new object after every change, the same one while nothing changes. */
  getSnapshot = () => this.#state;

  /**
   * Calls `listener` after every change of the state; returns a function that removes it.
   * @param {() => void} listener
   * @returns {() => void}
   */
  subscribe = (listener) => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  };

  /**
   * Calls `listener` with every `name` event from now on; returns a function that removes it.
   * @template {keyof ThreadListEvents} K
   * @param {K} name
   * @param {(value: ThreadListEvents[K]) => void} listener
   * @returns {() => void}
   */
  on(name, listener) {
    return this.#events.on(name, listener);
  }

  /**
   * Opens the user connection and keeps one open until close(): on every connection the list is read again (as
   * many threads as were loaded, up to 100) and followed. Does nothing when already started.
   */
  connect = () => this.#socket.start();

  /** Closes the connection and stops reconnecting. Renames and deletes not yet answered are rejected (`closed`). */
  close = () => {
    this.#socket.stop();
    this.#failRequests("the list was closed before the server answered", "closed");
  };

  /**
   * Shows the threads whose title or agent's name contain `query` (ignoring case; "" for every thread): the list is
   * read from its first page and followed with that search. Leading and trailing white space is ignored.
   * @param {string} query at most 120 characters
   * @throws {TypeError} not a string
   * @throws {RangeError} longer than 120 characters (an input that allows no more keeps this from happening)
   */
  search = (query) => {
    const next = checkedQuery(query);
    if (next === this.#state.query) {
      return;
    }
    this.#generation += 1;
    this.#cursor = undefined;
    this.#apply({ type: "search", query: next });
    this.#wantFirst = true;
    this.#sendOwedPage();
  };

  /**
   * Reads the next page of the search shown, when there is one (`hasMore`) and the list is connected.
   * @returns {boolean} whether it was asked for (false: nothing more, not connected, or a page is on its way)
   */
  loadMore = () => {
    if (!this.#joined || this.#inFlight !== null || this.#wantFirst || this.#cursor === undefined) {
      return false;
    }
    if (!this.#sendList({ first: false, generation: this.#generation },
      { type: "list_threads", ...this.#queryField(), cursor: this.#cursor, limit: this.#pageSize })) {
      return false;
    }
    this.#apply({ type: "loadingMore", loading: true });
    return true;
  };

  /**
   * Gives one of the user's threads a title. Sent again after a reconnect until answered (a rename is idempotent).
   * @param {string} threadId
   * @param {string} title 1 to 120 characters, not blank, on one line
   * @returns {Promise<Thread>} the thread renamed; rejected with a RequestRefusedError: the server's `code`
   *     (`not_found` for a thread the user has not, `invalid_message`, `forbidden`, `rate_limited`), or
   *     `invalid_message` for a title the server would refuse, `not_connected`, `connection_lost` or `closed`
   */
  rename = (threadId, title) => {
    checkThreadId(threadId);
    if (typeof title !== "string") {
      throw new TypeError(`a title must be a string: ${JSON.stringify(title)}`);
    }
    const problem = titleProblem(title);
    if (problem !== null) {
      return Promise.reject(new RequestRefusedError(problem, "invalid_message"));
    }
    const clientMessageId = newClientMessageId();
    return this.#request({ type: "rename_thread", threadId, title, clientMessageId },
      { clientMessageId, kind: "rename", threadId, title });
  };

  /**
   * Deletes one of the user's threads with everything of it; every connection of the thread is closed with 4410.
   * Sent again after a reconnect until answered (deleting is idempotent: a thread already gone is answered alike).
   * @param {string} threadId
   * @returns {Promise<string>} the threadId, once deleted; rejected with a RequestRefusedError: the server's `code`
   *     (`forbidden`, `rate_limited`), `not_connected`, `connection_lost` or `closed`
   */
  delete = (threadId) => {
    checkThreadId(threadId);
    const clientMessageId = newClientMessageId();
    return this.#request({ type: "delete_thread", threadId, clientMessageId },
      { clientMessageId, kind: "delete", threadId });
  };

  /** Forgets the last error (once the UI has shown it). */
  dismissError = () => this.#apply({ type: "dismissError" });

  /**
   * @param {RenameThreadFrame | DeleteThreadFrame} frame
   * @param {PendingListRequest} request
   * @returns {Promise<any>}
   */
  #request(frame, request) {
    if (!this.#joined || !this.#socket.send(JSON.stringify(frame))) {
      return Promise.reject(new RequestRefusedError("not connected to the chat server", "not_connected"));
    }
    return new Promise((resolve, reject) => {
      this.#requests.set(request.clientMessageId, { request, frame, resolve, reject });
      this.#pendingChanged();
    });
  }

  #onOpened() {
    this.#joined = false;
    this.#inFlight = null;
    this.#wantFirst = false;
    // As many threads as were shown, so that a reconnect does not shorten the list under the reader's eyes.
    const shown = this.#state.loaded ? this.#state.threads.length : 0;
    const limit = Math.min(MAX_PAGE_SIZE, Math.max(this.#pageSize, shown));
    this.#cursor = undefined;
    this.#sendList({ first: true, generation: this.#generation },
      { type: "list_threads", ...this.#queryField(), limit, watch: true }, true);
    // A user connection has no ready: it is joined once the server answers. The pong comes whatever becomes of the
    // page (an error about it is no refusal of the connection); a refused connection gets neither, only its close.
    this.#socket.sendEarly(JSON.stringify({ type: "ping" }));
  }

  #onLost() {
    this.#joined = false;
    this.#inFlight = null;
  }

  /** @param {ConnectionStatus} status */
  #onStatus(status) {
    this.#apply({ type: "status", status });
    this.#events.emit("status", status);
    if (status.status === "error") {
      this.#failRequests(`the connection was given up: ${status.reason}`, "connection_lost");
    }
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
    switch (frame.type) {
      case "threads":
        this.#onPage(frame);
        break;
      case "thread_changed":
        this.#apply({ type: "change", frame });
        break;
      case "thread_renamed":
        this.#apply({ type: "renamed", thread: frame.thread });
        this.#settle(frame.clientMessageId, frame.thread);
        break;
      case "thread_deleted":
        this.#apply({ type: "deleted", threadId: frame.threadId });
        this.#settle(frame.clientMessageId, frame.threadId);
        break;
      case "error":
        this.#onError(frame);
        break;
      default:
        break; // pong; frames of a thread connection never come here
    }
    this.#events.emit("frame", frame);
    if (!this.#joined && (frame.type === "threads" || frame.type === "pong")) {
      this.#join();
    }
  }

  #join() {
    this.#joined = true;
    this.#socket.joined();
    for (const { frame } of this.#requests.values()) {
      this.#socket.send(JSON.stringify(frame));
    }
  }

  /** @param {ThreadsFrame} frame */
  #onPage(frame) {
    const asked = this.#inFlight;
    this.#inFlight = null;
    if (asked !== null && asked.generation === this.#generation) {
      this.#cursor = frame.nextCursor;
      this.#apply({ type: "page", frame, first: asked.first });
    }
    this.#sendOwedPage();
  }

  /** @param {ErrorFrame} frame */
  #onError(frame) {
    const id = frame.clientMessageId;
    const open = id === undefined ? undefined : this.#requests.get(id);
    if (open !== undefined) {
      this.#requests.delete(/** @type {string} */ (id));
      this.#pendingChanged();
      open.reject(new RequestRefusedError(frame.message, frame.code));
      return;
    }
    if (id === undefined) {
      // No request id: about the list_threads on its way (list_threads carries none), or a refusal of the
      // connection, whose close follows and is explained with these words.
      this.#socket.refused(frame.message);
      if (this.#inFlight !== null) {
        const asked = this.#inFlight;
        this.#inFlight = null;
        if (!asked.first) {
          this.#apply({ type: "loadingMore", loading: false });
        }
      }
    }
    /** @type {import("./listing.js").ListError} */
    const error = { code: frame.code, message: frame.message };
    if (id !== undefined) {
      error.clientMessageId = id;
    }
    this.#apply({ type: "error", error });
  }

  /**
   * @param {string | undefined} clientMessageId
   * @param {unknown} value
   */
  #settle(clientMessageId, value) {
    const open = clientMessageId === undefined ? undefined : this.#requests.get(clientMessageId);
    if (open !== undefined) {
      this.#requests.delete(/** @type {string} */ (clientMessageId));
      this.#pendingChanged();
      open.resolve(value);
    }
  }

  /** Sends the first page a new search owes, once no other page is on its way. */
  #sendOwedPage() {
    if (!this.#wantFirst || !this.#joined || this.#inFlight !== null) {
      return;
    }
    if (this.#sendList({ first: true, generation: this.#generation },
      { type: "list_threads", ...this.#queryField(), limit: this.#pageSize, watch: true })) {
      this.#wantFirst = false;
    }
  }

  /**
   * @param {{ first: boolean, generation: number }} asked
   * @param {ListThreadsFrame} frame
   * @param {boolean} [early] before the join: the request that makes it
   */
  #sendList(asked, frame, early = false) {
    const text = JSON.stringify(frame);
    if (!(early ? this.#socket.sendEarly(text) : this.#socket.send(text))) {
      return false;
    }
    this.#inFlight = asked;
    return true;
  }

  /** @returns {{ query?: string }} */
  #queryField() {
    return this.#state.query === "" ? {} : { query: this.#state.query };
  }

  /**
   * @param {string} why
   * @param {"connection_lost" | "closed"} code
   */
  #failRequests(why, code) {
    if (this.#requests.size === 0) {
      return;
    }
    const open = [...this.#requests.values()];
    this.#requests.clear();
    this.#pendingChanged();
    for (const { reject } of open) {
      reject(new RequestRefusedError(why, code));
    }
  }

  #pendingChanged() {
    this.#apply({ type: "pending", pending: [...this.#requests.values()].map((r) => r.request) });
  }

  /** @param {ThreadListEvent} event */
  #apply(event) {
    const next = reduceThreadList(this.#state, event);
    if (next === this.#state) {
      return;
    }
    this.#state = next;
    for (const listener of [...this.#listeners]) {
      try {
        listener();
      } catch (e) {
        console.error("a ThreadList listener failed:", e);
      }
    }
  }
}

/**
 * The URL of a user connection: the server's, with the user (and the token), and no thread.
 * @param {string} url
 * @param {string} userId
 * @param {string | null} token
 */
function userUrl(url, userId, token) {
  const next = new URL(url);
  next.searchParams.delete("threadId");
  next.searchParams.delete("lastSeq");
  next.searchParams.set("userId", userId);
  if (token) {
    next.searchParams.set("token", token);
  } else {
    next.searchParams.delete("token");
  }
  return next.toString();
}

/**
 * @param {unknown} query
 * @returns {string} trimmed
 */
function checkedQuery(query) {
  if (typeof query !== "string") {
    throw new TypeError(`a search must be a string: ${JSON.stringify(query)}`);
  }
  const trimmed = query.trim();
  const chars = codePointLength(trimmed);
  if (chars > MAX_QUERY_CHARS) {
    throw new RangeError(`a search may have at most ${MAX_QUERY_CHARS} characters; this one has ${chars}`);
  }
  return trimmed;
}

/** @param {unknown} threadId */
function checkThreadId(threadId) {
  if (!isValidId(threadId)) {
    throw new TypeError(`threadId must be 1 to 128 of A-Z a-z 0-9 _ . : -: ${JSON.stringify(threadId)}`);
  }
}

/**
 * Why the server would refuse `title`, in words, or null.
 * @param {string} title
 * @returns {string | null}
 */
export function titleProblem(title) {
  if (title.trim() === "") {
    return "a title must not be blank";
  }
  const chars = codePointLength(title);
  if (chars > MAX_TITLE_CHARS) {
    return `a title may have at most ${MAX_TITLE_CHARS} characters; this one has ${chars}`;
  }
  if (TITLE_FORBIDDEN.test(title)) {
    return "a title must be one line, without control characters";
  }
  return null;
}
