// What the server accepts: decoded from `ready`, kept by the client and the state, and what the client checks a
// message against before sending it.
import assert from "node:assert/strict";
import { afterEach, mock, test } from "node:test";
import { AgentThread, DEFAULT_LIMITS, decodeServerFrame, initialThreadState, reduce } from "../../src/index.js";
import { FakeSocket, readyFrame } from "./fake-socket.js";
import { startClient, stopTimers } from "./harness.js";

afterEach(stopTimers);

const SMALL = Object.freeze({
  messageChars: 10, nameChars: 20, descriptionChars: 30, instructionsChars: 40, conversationStarters: 2,
  conversationStarterChars: 50,
});

test("a ready decodes with its limits, and without them from a server that predates them", () => {
  const decoded = decodeServerFrame(JSON.stringify(readyFrame({ limits: SMALL })));
  assert.ok(decoded.ok && decoded.frame.type === "ready");
  assert.deepEqual(decoded.frame.limits, SMALL);
  const older = decodeServerFrame(JSON.stringify(readyFrame()));
  assert.ok(older.ok && older.frame.type === "ready");
  assert.equal(older.frame.limits, undefined);
});

test("a ready whose limits break their rules is not a frame", () => {
  for (const limits of [{ ...SMALL, messageChars: 0 }, { ...SMALL, nameChars: "20" },
    { ...SMALL, conversationStarters: undefined }, { ...SMALL, messageChars: 2 ** 31 }, [10], "10"]) {
    const decoded = decodeServerFrame(JSON.stringify(readyFrame({ limits })));
    assert.equal(decoded.ok, false, JSON.stringify(limits));
    assert.ok(!decoded.ok && decoded.code === "invalid_message" && decoded.message.includes("limits"),
      JSON.stringify(decoded));
  }
});

test("the client assumes the defaults, with its maxMessageChars, until a ready says the server's", () => {
  assert.deepEqual(startClient().client.limits, DEFAULT_LIMITS);
  stopTimers();
  const { client } = startClient({ maxMessageChars: 500 });
  assert.deepEqual(client.limits, { ...DEFAULT_LIMITS, messageChars: 500 });
  client.connect();
  FakeSocket.last.ready({ limits: SMALL });
  assert.deepEqual(client.limits, SMALL);
});

test("a message over the server's limit is refused at once, whatever the option said", () => {
  const { client } = startClient({ maxMessageChars: 500 });
  client.connect();
  FakeSocket.last.ready({ limits: SMALL });
  assert.throws(() => client.send("x".repeat(11)), (/** @type {any} */ e) => {
    assert.equal(e.code, "message_too_long");
    assert.match(e.message, /at most 10 characters; this one has 11$/);
    return true;
  });
  assert.doesNotThrow(() => client.send("😀".repeat(10)));
  assert.deepEqual(client.pending.map((p) => p.frame.type), ["user_message"]);
});

test("the limits are known to whoever hears of the ready", () => {
  const { client } = startClient();
  /** @type {unknown[]} */
  const seen = [];
  client.on("frame", (frame) => {
    if (frame.type === "ready") {
      seen.push(client.limits.messageChars);
    }
  });
  client.connect();
  FakeSocket.last.ready({ limits: SMALL });
  assert.deepEqual(seen, [10]);
});

test("a ready from a server that predates limits leaves the client's as they were", () => {
  const { client } = startClient();
  client.connect();
  FakeSocket.last.ready({ limits: SMALL });
  FakeSocket.last.drop();
  mock.timers.tick(10_000);
  FakeSocket.last.ready();
  assert.deepEqual(client.limits, SMALL);
});

test("the state has the defaults until a ready says the server's limits", () => {
  const initial = initialThreadState("t", "u");
  assert.equal(initial.limits, DEFAULT_LIMITS);
  const joined = reduce(initial, { type: "frame", frame: /** @type {any} */ (readyFrame({ limits: SMALL })) });
  assert.deepEqual(joined.limits, SMALL);
  const older = reduce(joined, { type: "frame", frame: /** @type {any} */ (readyFrame()) });
  assert.deepEqual(older.limits, SMALL, "an older server's ready says nothing of them");
});

test("an AgentThread's state starts with its client's limits and follows the server's", () => {
  FakeSocket.reset();
  mock.timers.enable({ apis: ["setTimeout", "setInterval", "Date"] });
  const thread = new AgentThread({ url: "ws://chat.test", threadId: "t", userId: "u", maxMessageChars: 500,
    WebSocket: /** @type {any} */ (FakeSocket), random: () => 0 });
  assert.equal(thread.getSnapshot().limits.messageChars, 500);
  thread.connect();
  FakeSocket.last.ready({ limits: SMALL });
  assert.deepEqual(thread.getSnapshot().limits, SMALL);
});
