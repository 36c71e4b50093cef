import assert from "node:assert/strict";
import { afterEach, test, mock } from "node:test";
import { AgentThread } from "../../src/index.js";
import { FakeSocket, agent, reply, userMessage } from "./fake-socket.js";
import { stopTimers } from "./harness.js";

afterEach(stopTimers);

function thread() {
  FakeSocket.reset();
  mock.timers.enable({ apis: ["setTimeout", "setInterval", "Date"] });
  return new AgentThread({ url: "ws://chat.test", threadId: "t", userId: "u", WebSocket: /** @type {any} */ (FakeSocket),
    random: () => 0 });
}

test("the snapshot follows the client's events, and subscribers hear of every change", () => {
  const t = thread();
  let changes = 0;
  t.subscribe(() => changes++);
  const before = t.getSnapshot();
  assert.equal(t.getSnapshot(), before, "no change, same object");
  t.connect();
  FakeSocket.last.ready({ lastSeq: 2 });
  FakeSocket.last.receive(userMessage(1, "m1"));
  FakeSocket.last.receive(reply(2, "r1", "m1"));
  const state = t.getSnapshot();
  assert.notEqual(state, before);
  assert.equal(state.connection.status, "connected");
  assert.deepEqual(state.messages.map((m) => m.id), ["m1", "r1"]);
  assert.ok(changes >= 4);
});

test("updateAgent changes the version the state shows, unless told otherwise", () => {
  const t = thread();
  t.connect();
  FakeSocket.last.ready({ lastSeq: 1, agent: agent(3) });
  FakeSocket.last.receive({ type: "agent_updated", seq: 1, agent: agent(3), source: "builder" });
  t.updateAgent({ name: "Wanderlust" });
  t.updateAgent({ name: "Other" }, 1);
  assert.deepEqual(FakeSocket.last.sentOfType("update_agent").map((f) => f.baseVersion), [3, 1]);
});

test("pending requests show until acknowledged", () => {
  const t = thread();
  const id = t.send("hello");
  assert.deepEqual(t.getSnapshot().pending.map((p) => p.frame.content), ["hello"]);
  t.connect();
  FakeSocket.last.ready();
  FakeSocket.last.receive({ type: "ack", clientMessageId: id, messageId: "m1", seq: 1, duplicate: false });
  assert.deepEqual(t.getSnapshot().pending, []);
});

test("a message left unanswered while away becomes the last error, naming it", () => {
  const t = thread();
  t.connect();
  FakeSocket.last.ready();
  const id = t.send("hello");
  FakeSocket.last.receive({ type: "ack", clientMessageId: id, messageId: "m1", seq: 1, duplicate: false });
  FakeSocket.last.receive(userMessage(1, "m1", { clientMessageId: id }));
  FakeSocket.last.drop(1006);
  mock.timers.tick(250);
  FakeSocket.last.ready({ lastSeq: 1 });
  assert.equal(t.getSnapshot().lastError?.clientMessageId, id);
  assert.equal(t.getSnapshot().lastError?.code, "agent_error");
});

test("a thread deleted elsewhere says so in the state: deleted, and stopped for good with the server's words", () => {
  const t = thread();
  t.connect();
  FakeSocket.last.ready();
  assert.equal(t.getSnapshot().deleted, false);
  FakeSocket.last.receive({ type: "error", code: "thread_deleted", message: "This thread was deleted." });
  FakeSocket.last.drop(4410);
  const state = t.getSnapshot();
  assert.equal(state.deleted, true);
  assert.equal(state.connection.status, "error");
  assert.equal(state.lastError?.code, "thread_deleted");
  t.close();
  assert.equal(t.getSnapshot(), state, "stopped already: closing changes nothing");
});
