// ThreadTracker: what a client must remember about its thread to resume it correctly, with no I/O of its own. It
// decides which stored events to deliver (each once, in seq order), notices gaps, keeps the outbox in step with acks,
// refusals and stored messages, reports this client's messages that will never be answered, and knows when a cancel
// lost with a connection must be sent again.

import { OpenTurns } from "./open-turns.js";

/** @typedef {import("./protocol.js").ServerFrame} ServerFrame */
/** @typedef {import("./protocol.js").ReadyFrame} ReadyFrame */
/** @typedef {import("./protocol.js").Message} Message */
/** @typedef {import("./outbox.js").Outbox} Outbox */

/**
 * What the owner does after a frame.
 * @typedef {object} Verdict
 * @property {"deliver" | "drop" | "gap"} action deliver it; drop it (a stored event already had); or reconnect, a
 *     stored event is missing before it
 * @property {boolean} pendingChanged the outbox changed
 * @property {string[]} unanswered clientMessageIds of this client's messages that will get no reply
 * @property {boolean} resendCancel the turn cancel() meant still runs after a reconnect: send cancel again
 * @property {boolean} reset the server's thread is older than what we knew: forget the thread's events
 */

export class ThreadTracker {
  #outbox;
  #lastSeq;
  #joinedAtSeq = 0; // the thread's highest seq at the last ready: the replay has caught up once lastSeq reaches it
  #caughtUp = false;
  #thinking = false; // the thread's status as last heard
  #openTurns = new OpenTurns();
  /** @type {Map<string, string>} this client's acked messages waiting for a reply: messageId to clientMessageId */
  #awaitingReply = new Map();
  /** @type {Set<string>} messageIds that waited for a reply at the last ready */
  #awaitingAtJoin = new Set();
  /** @type {string | null} the user message whose turn cancel() meant to stop, until that turn is over */
  #cancelTarget = null;
  #cancelSentHere = false; // a cancel went out on the current connection: never send a second one for it

  /**
   * @param {Outbox} outbox
   * @param {number} lastSeq the highest seq the app already has
   */
  constructor(outbox, lastSeq) {
    this.#outbox = outbox;
    this.#lastSeq = lastSeq;
  }

  /** The highest seq delivered: where the next connection resumes. */
  get lastSeq() {
    return this.#lastSeq;
  }

  /**
   * cancel() was called: remember which turn it meant (the oldest unanswered message's).
   * @param {boolean} sent whether it went out on the current connection
   */
  cancelRequested(sent) {
    this.#cancelTarget = this.#openTurns.oldest();
    this.#cancelSentHere = sent;
  }

  /**
   * Judges one frame of the current connection, and updates what is remembered.
   * @param {ServerFrame} frame
   * @returns {Verdict}
   */
  frame(frame) {
    /** @type {Verdict} */
    const verdict = { action: "deliver", pendingChanged: false, unanswered: [], resendCancel: false, reset: false };
    switch (frame.type) {
      case "ready":
        this.#ready(frame, verdict);
        break;
      case "message":
      case "agent_updated":
        if (frame.seq <= this.#lastSeq) {
          verdict.action = "drop";
          return verdict;
        }
        if (frame.seq > this.#lastSeq + 1) {
          verdict.action = "gap";
          return verdict;
        }
        this.#lastSeq = frame.seq;
        if (frame.type === "message") {
          this.#stored(frame.message, verdict);
        }
        break;
      case "ack":
        if (frame.clientMessageId !== undefined && this.#outbox.delete(frame.clientMessageId)) {
          verdict.pendingChanged = true;
          if (frame.messageId !== undefined) {
            this.#awaitingReply.set(frame.messageId, frame.clientMessageId);
          }
        }
        break;
      case "error":
        this.#error(frame, verdict);
        break;
      case "status":
        this.#thinking = frame.state === "thinking";
        if (!this.#thinking && this.#caughtUp) {
          this.#cancelTarget = null; // nothing runs
          this.#giveUpUnanswered(verdict);
        }
        break;
      default:
        break;
    }
    this.#checkCaughtUp(verdict);
    return verdict;
  }

  /**
   * @param {ReadyFrame} frame
   * @param {Verdict} verdict
   */
  #ready(frame, verdict) {
    if (frame.reset) {
      this.#lastSeq = 0;
      this.#openTurns.clear();
      this.#awaitingReply.clear();
      this.#cancelTarget = null;
      verdict.reset = true;
    }
    this.#joinedAtSeq = frame.lastSeq;
    this.#caughtUp = false;
    this.#cancelSentHere = false;
    this.#thinking = frame.status === "thinking";
    this.#awaitingAtJoin = new Set(this.#awaitingReply.keys());
  }

  /**
   * @param {Message} message
   * @param {Verdict} verdict
   */
  #stored(message, verdict) {
    if (message.role === "user") {
      this.#openTurns.stored(message.id, message.clientMessageId);
      if (message.clientMessageId !== undefined && this.#outbox.delete(message.clientMessageId)) {
        // Ours, and its ack was lost with a connection.
        this.#awaitingReply.set(message.id, message.clientMessageId);
        verdict.pendingChanged = true;
      }
    } else if (message.replyTo !== undefined) {
      for (const failed of this.#openTurns.replied(message.replyTo)) {
        this.#unanswered(failed, verdict);
      }
      this.#awaitingReply.delete(message.replyTo);
      if (this.#cancelTarget !== null && !this.#openTurns.isOpen(this.#cancelTarget)) {
        this.#cancelTarget = null;
      }
    }
  }

  /**
   * @param {import("./protocol.js").ErrorFrame} frame
   * @param {Verdict} verdict
   */
  #error(frame, verdict) {
    const { clientMessageId } = frame;
    if (frame.code === "agent_error") {
      this.#openTurns.failed(clientMessageId);
    }
    if (clientMessageId === undefined) {
      return;
    }
    for (const [messageId, id] of this.#awaitingReply) {
      if (id === clientMessageId) {
        this.#awaitingReply.delete(messageId);
      }
    }
    verdict.pendingChanged = this.#outbox.delete(clientMessageId);
  }

  /**
   * Once the replay has caught up: what waited for it.
   * @param {Verdict} verdict
   */
  #checkCaughtUp(verdict) {
    if (this.#caughtUp || this.#lastSeq < this.#joinedAtSeq) {
      return;
    }
    this.#caughtUp = true;
    if (!this.#thinking) {
      this.#cancelTarget = null;
      this.#giveUpUnanswered(verdict);
    } else if (this.#cancelTarget !== null && !this.#cancelSentHere
        && this.#openTurns.oldest() === this.#cancelTarget) {
      // The turn cancel() meant still runs: the cancel was lost with a connection, or never sent.
      verdict.resendCancel = true;
      this.#cancelSentHere = true;
    }
  }

  /**
   * Idle and caught up: a message that waited for a reply at the join gets none now.
   * @param {Verdict} verdict
   */
  #giveUpUnanswered(verdict) {
    for (const messageId of this.#awaitingAtJoin) {
      this.#unanswered(messageId, verdict);
    }
    this.#awaitingAtJoin.clear();
  }

  /**
   * @param {string} messageId
   * @param {Verdict} verdict
   */
  #unanswered(messageId, verdict) {
    const clientMessageId = this.#awaitingReply.get(messageId);
    if (clientMessageId !== undefined) {
      this.#awaitingReply.delete(messageId);
      verdict.unanswered.push(clientMessageId);
    }
  }
}
