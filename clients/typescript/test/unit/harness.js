// Shared set-up: a ChatClient on FakeSocket with mocked timers, and what it reported.
import { mock } from "node:test";
import { ChatClient } from "../../src/index.js";
import { FakeSocket } from "./fake-socket.js";

/**
 * @param {Partial<import("../../src/client.js").ChatClientOptions>} [options]
 */
export function startClient(options = {}) {
  FakeSocket.reset();
  mock.timers.enable({ apis: ["setTimeout", "setInterval", "Date"], now: 1_000_000 });
  const client = new ChatClient({
    url: "ws://chat.test:3004",
    threadId: "t",
    userId: "u",
    WebSocket: /** @type {any} */ (FakeSocket),
    random: () => 0,
    ...options,
  });
  /** @type {import("../../src/socket.js").ConnectionStatus[]} */
  const statuses = [];
  /** @type {any[]} */
  const frames = [];
  /** @type {any[]} */
  const events = [];
  client.on("status", (s) => statuses.push(s));
  client.on("frame", (f) => frames.push(f));
  for (const name of /** @type {const} */ (["reset", "pending", "requestFailed", "unanswered", "protocolError"])) {
    client.on(name, (value) => events.push({ name, value }));
  }
  return { client, statuses, frames, events };
}

export function stopTimers() {
  mock.timers.reset();
}

/** @param {number} ms */
export function tick(ms) {
  mock.timers.tick(ms);
}
