// ReconnectingSocket: one WebSocket at a time to the chat server, opened again after every loss with backoff, until
// the server refuses in a way retrying cannot fix. It knows statuses, tokens, timers and close codes; what the frames
// mean is its owner's business (ChatClient).
//
// Everything runs on the caller's event loop.

import { backoffDelay } from "./backoff.js";
import { CLOSE_GOING_AWAY, CLOSE_THREAD_DELETED, CLOSE_TOO_BIG, describeClose } from "./closes.js";

/** @typedef {import("./backoff.js").BackoffPolicy} BackoffPolicy */

/**
 * The connection's state, as the original frontend showed it: `connecting` (an attempt is under way), `connected`
 * (the server accepted the join), `disconnected` (a retry is scheduled, or the app closed the client) and `error`
 * (stopped for good: retrying cannot help).
 * @typedef {"connecting" | "connected" | "disconnected" | "error"} ConnectionState
 */

/**
 * @typedef {object} ConnectionStatus
 * @property {ConnectionState} status
 * @property {string} reason for people
 * @property {number} attempt retries since the last successful join
 * @property {number} [retryInMs] when a retry is scheduled: in how long
 * @property {number} [closeCode] when a close caused this status: its code
 */

/**
 * The browser's WebSocket, or one like it (the `ws` package's in Node.js).
 * @typedef {new (url: string) => WebSocketLike} WebSocketConstructor
 */

/**
 * @typedef {object} WebSocketLike
 * @property {number} readyState
 * @property {(data: string) => void} send
 * @property {(code?: number, reason?: string) => void} close
 * @property {((event: any) => void) | null} onopen
 * @property {((event: { data: any }) => void) | null} onmessage
 * @property {((event: { code: number, reason: string }) => void) | null} onclose
 * @property {((event: any) => void) | null} onerror
 */

/**
 * @typedef {object} SocketSettings
 * @property {(token: string | null) => string} urlFor the URL of the next attempt
 * @property {(() => (string | null | undefined | Promise<string | null | undefined>)) | undefined} getToken
 * @property {WebSocketConstructor} WebSocket
 * @property {BackoffPolicy} backoff
 * @property {() => number} random
 * @property {number} readyTimeoutMs
 * @property {number} pingIntervalMs
 * @property {number} pongTimeoutMs
 */

/**
 * What the socket tells its owner.
 * @typedef {object} SocketHandlers
 * @property {(status: ConnectionStatus) => void} status
 * @property {() => void} [opened] the current connection's socket is open: frames may go out with sendEarly()
 *     before the join (a user connection has no `ready`: the answer to its first request is its join)
 * @property {(text: string) => void} text a frame's text, from the current connection only
 * @property {() => void} lost the current connection is gone (closed, failed, or given up)
 * @property {() => void} tooBig the server closed with 1009: the largest request sent was too big
 */

const OPEN = 1;

export class ReconnectingSocket {
  #settings;
  #on;
  /** @type {ConnectionStatus} */
  #status = { status: "disconnected", reason: "not connected yet", attempt: 0 };
  /** @type {WebSocketLike | null} */
  #socket = null;
  #wanted = false; // start() was called and stop() was not: keep trying
  #attempts = 0; // bumped by every attempt and by stop(): an attempt that is no longer current ends quietly
  #retries = 0; // retries since the last join: the backoff's exponent
  /** @type {ReturnType<typeof setTimeout> | null} */
  #retryTimer = null;
  /** @type {ReturnType<typeof setTimeout> | null} */
  #readyTimer = null;
  /** @type {ReturnType<typeof setInterval> | null} */
  #pingTimer = null;
  #pingSentAt = 0; // when the unanswered ping went out; 0 when none waits
  /** @type {string | null} */
  #token = null; // the token of the current attempt
  /** @type {string | null | undefined} */
  #nextToken = undefined; // a token already asked for, for the next attempt
  /** @type {string | null} */
  #refusal = null; // the server's words before it closes: they explain the close

  /**
   * @param {SocketSettings} settings
   * @param {SocketHandlers} handlers
   */
  constructor(settings, handlers) {
    this.#settings = settings;
    this.#on = handlers;
  }

  /** @returns {ConnectionStatus} */
  get status() {
    return { ...this.#status };
  }

  /** Opens a connection, and keeps one open until stop(). Does nothing when already started. */
  start() {
    if (this.#wanted) {
      return;
    }
    this.#wanted = true;
    this.#retries = 0;
    this.#nextToken = undefined;
    this.#open();
  }

  /** Closes the connection and stops reconnecting. */
  stop() {
    const wasWanted = this.#wanted;
    this.#wanted = false;
    this.#attempts += 1;
    this.#clearRetry();
    this.#drop();
    if (wasWanted) {
      this.#setStatus("disconnected", "closed");
    }
  }

  /** The server accepted the join on the current connection. */
  joined() {
    this.#clearReadyTimer();
    this.#retries = 0;
    this.#startHeartbeat();
    this.#setStatus("connected", "connected");
  }

  /**
   * The server said why it refuses us (an `error` frame naming no request): the close that follows is explained
   * with these words.
   * @param {string} words
   */
  refused(words) {
    this.#refusal = words;
  }

  /**
   * Sends `text` on the joined connection.
   * @param {string} text
   * @returns {boolean} false (and nothing sent) when not connected
   */
  send(text) {
    const socket = this.#socket;
    if (!socket || socket.readyState !== OPEN || this.#status.status !== "connected") {
      return false;
    }
    socket.send(text);
    return true;
  }

  /**
   * Sends `text` on the open socket of the current attempt, joined or not: for the request whose answer is the join.
   * @param {string} text
   * @returns {boolean} false (and nothing sent) when the socket is not open
   */
  sendEarly(text) {
    const socket = this.#socket;
    if (!socket || socket.readyState !== OPEN) {
      return false;
    }
    socket.send(text);
    return true;
  }

  /**
   * Gives the current connection up and opens another: at once (after a gap in the events), or with backoff.
   * @param {string} why
   * @param {boolean} [atOnce]
   */
  reconnect(why, atOnce = false) {
    if (!this.#wanted) {
      return;
    }
    this.#drop();
    this.#scheduleRetry(why, undefined, atOnce);
  }

  #open() {
    const attempt = ++this.#attempts;
    this.#setStatus("connecting", this.#retries === 0 ? "connecting" : `reconnecting (attempt ${this.#retries + 1})`);
    let token;
    try {
      token = this.#nextToken !== undefined ? this.#nextToken : this.#settings.getToken?.();
    } catch (e) {
      this.#scheduleRetry(`could not get a token: ${messageOf(e)}`);
      return;
    }
    this.#nextToken = undefined;
    if (isThenable(token)) {
      token.then((value) => this.#dial(attempt, value ?? null),
        (e) => attempt === this.#attempts && this.#wanted && this.#scheduleRetry(`could not get a token: ${messageOf(e)}`));
    } else {
      this.#dial(attempt, token ?? null);
    }
  }

  /**
   * @param {number} attempt
   * @param {string | null} token
   */
  #dial(attempt, token) {
    if (attempt !== this.#attempts || !this.#wanted) {
      return; // stopped, or started over, meanwhile
    }
    this.#token = token;
    this.#refusal = null;
    /** @type {WebSocketLike} */
    let socket;
    try {
      socket = new this.#settings.WebSocket(this.#settings.urlFor(token));
    } catch (e) {
      // A malformed URL or a blocked port: the same URL fails again.
      this.#giveUp(`cannot open a connection: ${messageOf(e)}`);
      return;
    }
    this.#socket = socket;
    socket.onopen = () => {
      if (socket === this.#socket) {
        this.#on.opened?.();
      }
    };
    socket.onmessage = (event) => {
      if (socket === this.#socket) {
        this.#pingSentAt = 0; // any frame shows the server is there
        this.#on.text(typeof event.data === "string" ? event.data : String(event.data));
      }
    };
    socket.onclose = (event) => {
      if (socket === this.#socket) {
        this.#closed(event.code, event.reason);
      }
    };
    // An error is always followed by a close, which decides what happens next.
    socket.onerror = () => {};
    this.#readyTimer = setTimeout(() => this.reconnect("no answer from the server"), this.#settings.readyTimeoutMs);
  }

  /**
   * @param {number} code
   * @param {string} reason
   */
  #closed(code, reason) {
    this.#socket = null;
    this.#stopTimers();
    this.#on.lost();
    const why = this.#refusal || reason || describeClose(code);
    if (code === 4400 || code === 4403 || code === CLOSE_THREAD_DELETED) {
      this.#giveUp(`${why} (${code}); not retrying`, code);
    } else if (code === 4401) {
      this.#retryWithNewToken(why);
    } else {
      if (code === CLOSE_TOO_BIG) {
        this.#on.tooBig();
      }
      this.#scheduleRetry(code === CLOSE_GOING_AWAY ? "the server is restarting" : "connection lost", code);
    }
  }

  /**
   * 4401: the token was refused. A new one from getToken is worth a retry; the same one again is not.
   * @param {string} why
   */
  #retryWithNewToken(why) {
    const attempt = this.#attempts;
    const refused = this.#token;
    /** @param {string | null | undefined} token */
    const decide = (token) => {
      if (attempt !== this.#attempts || !this.#wanted) {
        return;
      }
      if (token === null || token === undefined || token === refused) {
        this.#giveUp(`${why} (4401); not retrying without a new token`, 4401);
        return;
      }
      this.#nextToken = token;
      this.#scheduleRetry("the token was refused; retrying with a new one", 4401);
    };
    let token;
    try {
      token = this.#settings.getToken?.();
    } catch {
      token = null;
    }
    if (isThenable(token)) {
      token.then(decide, () => decide(null));
    } else {
      decide(token);
    }
  }

  /**
   * @param {string} why
   * @param {number} [closeCode]
   * @param {boolean} [atOnce]
   */
  #scheduleRetry(why, closeCode, atOnce = false) {
    const retryInMs = atOnce ? 0 : backoffDelay(this.#retries, this.#settings.random, this.#settings.backoff);
    if (!atOnce) {
      this.#retries += 1;
    }
    this.#setStatus("disconnected", `${why}; retrying in ${Math.ceil(retryInMs / 1000)} s`,
      { retryInMs, ...(closeCode === undefined ? {} : { closeCode }) });
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.#open();
    }, retryInMs);
  }

  /**
   * Stops for good: retrying cannot help.
   * @param {string} why
   * @param {number} [closeCode]
   */
  #giveUp(why, closeCode) {
    this.#wanted = false;
    this.#drop();
    this.#setStatus("error", why, closeCode === undefined ? {} : { closeCode });
  }

  #startHeartbeat() {
    // Measured from the ping, not from the timer: browsers fire the timers of hidden tabs late (once a minute), and a
    // late tick must not take a healthy connection for a dead one.
    const { pingIntervalMs, pongTimeoutMs } = this.#settings;
    this.#pingSentAt = 0;
    this.#pingTimer = setInterval(() => {
      if (this.#pingSentAt !== 0 && Date.now() - this.#pingSentAt > pongTimeoutMs) {
        this.reconnect("the server stopped answering");
      } else if (this.send(JSON.stringify({ type: "ping" }))) {
        this.#pingSentAt = this.#pingSentAt || Date.now();
      }
    }, pingIntervalMs);
  }

  /** Forgets the current socket, closing it without waiting for its close event. */
  #drop() {
    const socket = this.#socket;
    this.#socket = null;
    this.#stopTimers();
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      this.#on.lost();
      try {
        socket.close(1000, "client closed");
      } catch {
        // not open yet, or already closing
      }
    }
  }

  #stopTimers() {
    this.#clearReadyTimer();
    if (this.#pingTimer !== null) {
      clearInterval(this.#pingTimer);
      this.#pingTimer = null;
    }
  }

  #clearReadyTimer() {
    if (this.#readyTimer !== null) {
      clearTimeout(this.#readyTimer);
      this.#readyTimer = null;
    }
  }

  #clearRetry() {
    if (this.#retryTimer !== null) {
      clearTimeout(this.#retryTimer);
      this.#retryTimer = null;
    }
  }

  /**
   * @param {ConnectionState} status
   * @param {string} reason
   * @param {{ retryInMs?: number, closeCode?: number }} [extra]
   */
  #setStatus(status, reason, extra = {}) {
    this.#status = { status, reason, attempt: this.#retries, ...extra };
    this.#on.status({ ...this.#status });
  }
}

/**
 * @param {unknown} value
 * @returns {value is PromiseLike<string | null | undefined>}
 */
function isThenable(value) {
  return typeof value === "object" && value !== null && typeof (/** @type {any} */ (value).then) === "function";
}

/** @param {unknown} e */
function messageOf(e) {
  return e instanceof Error ? e.message : String(e);
}
