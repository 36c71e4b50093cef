// The thread's user messages that have no reply yet, in the order they were stored. Turns run one at a time in that
// order (builder and preview messages share one queue), so once a message is answered every message stored before
// it that is still open never will be: its turn failed.

export class OpenTurns {
  /** @type {string[]} messageIds, oldest first */
  #open = [];
  /** @type {Map<string, string>} clientMessageId to messageId, for the open ones that had one */
  #byClientMessageId = new Map();

  /**
   * A stored user message.
   * @param {string} messageId
   * @param {string | undefined} clientMessageId
   */
  stored(messageId, clientMessageId) {
    if (this.#open.includes(messageId)) {
      return;
    }
    this.#open.push(messageId);
    if (clientMessageId !== undefined) {
      this.#byClientMessageId.set(clientMessageId, messageId);
    }
  }

  /**
   * A stored reply to `messageId`: it and every message before it are closed. Returns the closed ones that were
   * not `messageId` itself (their turns failed).
   * @param {string} messageId
   * @returns {string[]}
   */
  replied(messageId) {
    const at = this.#open.indexOf(messageId);
    if (at < 0) {
      return [];
    }
    const closed = this.#open.splice(0, at + 1);
    this.#forget(closed);
    return closed.slice(0, -1);
  }

  /**
   * A turn failed (`agent_error`): the message it answered is closed. Without its clientMessageId, the oldest open
   * message is the one that was running.
   * @param {string | undefined} clientMessageId
   */
  failed(clientMessageId) {
    const messageId = clientMessageId === undefined ? this.#open[0] : this.#byClientMessageId.get(clientMessageId);
    const at = messageId === undefined ? -1 : this.#open.indexOf(messageId);
    if (at >= 0) {
      this.#forget(this.#open.splice(at, 1));
    }
  }

  /** The oldest open message: the one the running turn answers, if one runs. @returns {string | null} */
  oldest() {
    return this.#open[0] ?? null;
  }

  /** @param {string} messageId */
  isOpen(messageId) {
    return this.#open.includes(messageId);
  }

  clear() {
    this.#open = [];
    this.#byClientMessageId.clear();
  }

  /** @param {string[]} messageIds */
  #forget(messageIds) {
    for (const [clientMessageId, messageId] of this.#byClientMessageId) {
      if (messageIds.includes(messageId)) {
        this.#byClientMessageId.delete(clientMessageId);
      }
    }
  }
}
