// A WebSocket double the tests play the server with: it records what the client sends (each frame checked against
// the protocol's schema) and lets a test open it, deliver frames and close it, synchronously.
import { assertValidClientFrame } from "./schema.js";

export class FakeSocket {
  /** Every socket made, in order. @type {FakeSocket[]} */
  static all = [];

  static reset() {
    FakeSocket.all = [];
  }

  /** The newest socket. */
  static get last() {
    return FakeSocket.all[FakeSocket.all.length - 1];
  }

  /** @param {string} url */
  constructor(url) {
    this.url = new URL(url);
    /** @type {any[]} */
    this.sent = [];
    this.readyState = 0;
    /** @type {number | null} */
    this.closedWith = null;
    this.onopen = null;
    /** @type {((event: { data: any }) => void) | null} */
    this.onmessage = null;
    /** @type {((event: { code: number, reason: string }) => void) | null} */
    this.onclose = null;
    this.onerror = null;
    FakeSocket.all.push(this);
  }

  /** @param {string} data */
  send(data) {
    if (this.readyState !== 1) {
      throw new Error("send on a socket that is not open");
    }
    const frame = JSON.parse(data);
    assertValidClientFrame(frame);
    this.sent.push(frame);
  }

  /** @param {number} [code] */
  close(code) {
    this.readyState = 3;
    this.closedWith = code ?? 1005;
  }

  // The server's side:

  open() {
    this.readyState = 1;
    this.onopen?.({});
  }

  /** @param {object} frame */
  receive(frame) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }

  /** @param {string} text */
  receiveText(text) {
    this.onmessage?.({ data: text });
  }

  /** Opens and joins: a ready frame. @param {object} [extra] */
  ready(extra = {}) {
    this.open();
    this.receive(readyFrame(extra));
  }

  /**
   * @param {number} [code]
   * @param {string} [reason]
   */
  drop(code = 1006, reason = "") {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }

  /** @param {string} type */
  sentOfType(type) {
    return this.sent.filter((f) => f.type === type);
  }
}

/** @param {object} [extra] */
export function readyFrame(extra = {}) {
  return {
    type: "ready", threadId: "t", userId: "u", connectionId: "c", lastSeq: 0, status: "idle", reset: false,
    agent: agent(0), ...extra,
  };
}

/** @param {number} version @param {object} [fields] */
export function agent(version, fields = {}) {
  return {
    name: "", description: "", instructions: "", conversationStarters: [], capabilities: [], version, ...fields,
  };
}

/**
 * A stored user message frame.
 * @param {number} seq
 * @param {string} id
 * @param {object} [extra]
 */
export function userMessage(seq, id, extra = {}) {
  return {
    type: "message", seq,
    message: { id, role: "user", content: `message ${id}`, createdAt: "2026-12-07T10:00:00.000Z", userId: "u", ...extra },
  };
}

/**
 * A stored assistant reply frame.
 * @param {number} seq
 * @param {string} id
 * @param {string} replyTo
 * @param {object} [extra]
 */
export function reply(seq, id, replyTo, extra = {}) {
  return {
    type: "message", seq,
    message: { id, role: "assistant", content: `reply ${id}`, createdAt: "2026-12-07T10:00:01.000Z", replyTo, ...extra },
  };
}

/**
 * A thread object as the user's list shows it, last changed `minute` minutes after 10:00.
 * @param {string} threadId
 * @param {number} minute 0 to 59
 * @param {object} [extra]
 */
export function thread(threadId, minute, extra = {}) {
  const at = `2026-12-07T10:${String(minute).padStart(2, "0")}:00.000Z`;
  return {
    threadId, title: `Title of ${threadId}`, createdAt: "2026-12-07T09:00:00.000Z", updatedAt: at,
    agent: { name: "", version: 0 }, lastMessage: `last message of ${threadId}`, messageCount: 2, ...extra,
  };
}
