// AgentThread: a ChatClient and the ThreadState derived from its events, as a store any UI can subscribe to
// (React's useSyncExternalStore, a Svelte store, plain callbacks): the client does the talking, the reducer the
// bookkeeping, and a UI only draws the state and calls the actions.

import { ChatClient } from "./client.js";
import { initialThreadState, reduce } from "./state.js";

/** @typedef {import("./client.js").ChatClientOptions} ChatClientOptions */
/** @typedef {import("./state.js").ThreadState} ThreadState */
/** @typedef {import("./state.js").ThreadEvent} ThreadEvent */
/** @typedef {import("./protocol.js").AgentChanges} AgentChanges */
/** @typedef {import("./protocol.js").AgentExportFrame} AgentExportFrame */

export class AgentThread {
  #client;
  /** @type {ThreadState} */
  #state;
  /** @type {Set<() => void>} */
  #listeners = new Set();

  /** @param {ChatClientOptions} options as for ChatClient */
  constructor(options) {
    this.#client = new ChatClient(options);
    this.#state = initialThreadState(this.#client.threadId, this.#client.userId, this.#client.limits);
    const client = this.#client;
    client.on("status", (status) => this.#apply({ type: "status", status }));
    client.on("frame", (frame) => this.#apply({ type: "frame", frame }));
    client.on("reset", () => this.#apply({ type: "reset" }));
    client.on("pending", (pending) => this.#apply({ type: "pending", pending }));
    client.on("requestFailed", (failure) => this.#apply({ type: "requestFailed", failure }));
    client.on("quota", (quota) => this.#apply({ type: "quota", quota }));
    client.on("unanswered", ({ clientMessageId }) => this.#apply({
      type: "requestFailed",
      failure: { code: "agent_error", message: "A message sent before the connection was lost got no answer: the "
        + "builder failed while you were away. Send it again to retry.", clientMessageId },
    }));
  }

  /** The client underneath, for its events and settings. */
  get client() {
    return this.#client;
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

  /** Opens the thread and keeps it open until close(). */
  connect = () => this.#client.connect();

  /** Closes the connection and stops reconnecting. */
  close = () => this.#client.close();

  /**
   * A message to the builder; see ChatClient.send.
   * @param {string} content
   * @returns {string} its clientMessageId
   */
  send = (content) => this.#client.send(content);

  /**
   * A message to the agent being built; see ChatClient.preview.
   * @param {string} content
   * @returns {string} its clientMessageId
   */
  preview = (content) => this.#client.preview(content);

  /** Stops the running reply; see ChatClient.cancel. */
  cancel = () => this.#client.cancel();

  /**
   * Changes the draft by hand, on the version this state shows unless `baseVersion` says otherwise.
   * @param {AgentChanges} changes
   * @param {number} [baseVersion]
   * @returns {string} its clientMessageId
   */
  updateAgent = (changes, baseVersion = this.#state.agent.version) => this.#client.updateAgent(baseVersion, changes);

  /**
   * @param {number} version
   * @returns {string} its clientMessageId
   */
  revertAgent = (version) => this.#client.revertAgent(version);

  /**
   * @param {"json" | "openai" | "markdown"} format
   * @returns {Promise<AgentExportFrame>}
   */
  exportAgent = (format) => this.#client.exportAgent(format);

  /** Forgets the last error (once the UI has shown it). */
  dismissError = () => this.#apply({ type: "dismissError" });

  /** @param {ThreadEvent} event */
  #apply(event) {
    const next = reduce(this.#state, event);
    if (next === this.#state) {
      return;
    }
    this.#state = next;
    for (const listener of [...this.#listeners]) {
      try {
        listener();
      } catch (e) {
        console.error("an AgentThread listener failed:", e);
      }
    }
  }
}
