import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { RequestRefusedError } from "../../src/index.js";
import { FakeSocket, reply, userMessage } from "./fake-socket.js";
import { startClient, stopTimers, tick } from "./harness.js";

afterEach(stopTimers);

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test("a message sent while connected goes out at once with a fresh clientMessageId", () => {
  const { client } = startClient();
  client.connect();
  FakeSocket.last.ready();
  const id = client.send("I want an agent that plans trips");
  assert.match(id, UUID_V4);
  assert.deepEqual(FakeSocket.last.sent, [{ type: "user_message", content: "I want an agent that plans trips",
    clientMessageId: id }]);
  assert.notEqual(client.send("again"), id);
});

test("what is sent while offline waits, and goes out once, in order, after the join", () => {
  const { client, events } = startClient();
  const first = client.send("one");
  const second = client.preview("two");
  const change = client.updateAgent(0, { name: "Wanderlust" });
  assert.deepEqual(client.pending.map((p) => p.clientMessageId), [first, second, change]);
  client.connect();
  assert.deepEqual(FakeSocket.last.sent, [], "nothing before ready");
  FakeSocket.last.ready();
  assert.deepEqual(FakeSocket.last.sent.map((f) => [f.type, f.clientMessageId, f.mode]), [
    ["user_message", first, undefined], ["user_message", second, "preview"], ["update_agent", change, undefined],
  ]);
  assert.equal(events.filter((e) => e.name === "pending").length, 3, "each request queued is reported");
});

test("an unacknowledged request is sent again after a reconnect with the same clientMessageId, and forgotten once acknowledged", () => {
  const { client } = startClient();
  client.connect();
  FakeSocket.last.ready();
  const id = client.send("hello");
  FakeSocket.last.drop(1006);
  tick(250);
  FakeSocket.last.ready();
  assert.deepEqual(FakeSocket.last.sentOfType("user_message").map((f) => f.clientMessageId), [id]);
  FakeSocket.last.receive({ type: "ack", clientMessageId: id, messageId: "m1", seq: 1, duplicate: true });
  assert.deepEqual(client.pending, []);
  FakeSocket.last.drop(1006);
  tick(250);
  FakeSocket.last.ready({ lastSeq: 1 });
  assert.deepEqual(FakeSocket.last.sentOfType("user_message"), [], "acknowledged: not sent again");
});

test("a request is forgotten when the server refuses it, or when its stored message arrives without an ack", () => {
  const { client } = startClient();
  client.connect();
  FakeSocket.last.ready();
  const refused = client.updateAgent(3, { name: "x" });
  const stored = client.send("hello");
  FakeSocket.last.receive({ type: "error", code: "version_conflict", message: "the draft changed", clientMessageId: refused,
    currentVersion: 4 });
  FakeSocket.last.receive(userMessage(1, "m1", { clientMessageId: stored }));
  assert.deepEqual(client.pending, []);
});

test("a message longer than the server takes is refused at once, counting code points", () => {
  const { client } = startClient({ maxMessageChars: 10 });
  const tooLong = assert.throws(() => client.send("x".repeat(11)), (/** @type {any} */ e) => {
    assert.ok(e instanceof RequestRefusedError);
    assert.equal(e.code, "message_too_long");
    assert.match(e.message, /at most 10 characters; this one has 11/);
    return true;
  });
  void tooLong;
  assert.doesNotThrow(() => client.send("😀".repeat(10)), "ten emoji are ten characters, not twenty");
  assert.throws(() => client.send("😀".repeat(11)), /at most 10 characters; this one has 11$/);
  assert.equal(client.pending.length, 1);
});

test("a full outbox refuses the next request and keeps the ones waiting", () => {
  const { client } = startClient({ maxOutbox: 3 });
  client.send("1");
  client.send("2");
  client.revertAgent(0);
  assert.throws(() => client.send("4"), (/** @type {any} */ e) => e.code === "outbox_full"
    && /3 requests are already waiting/.test(e.message));
  assert.equal(client.pending.length, 3);
});

test("after a 1009 close the largest request sent is given up, and the others are sent again", () => {
  const { client, events } = startClient();
  client.connect();
  FakeSocket.last.ready();
  const small = client.send("small");
  const large = client.updateAgent(0, { instructions: "x".repeat(5000) });
  FakeSocket.last.drop(1009);
  assert.deepEqual(events.filter((e) => e.name === "requestFailed").map((e) => [e.value.clientMessageId, e.value.code]),
    [[large, "message_too_long"]]);
  tick(250);
  FakeSocket.last.ready();
  assert.deepEqual(FakeSocket.last.sent.map((f) => f.clientMessageId), [small]);
});

test("requests with bad arguments are refused before anything is queued", () => {
  const { client } = startClient();
  assert.throws(() => client.send("   "), TypeError);
  assert.throws(() => client.send(/** @type {any} */ (42)), TypeError);
  assert.throws(() => client.send("hi", { mode: /** @type {any} */ ("other") }), /mode must be one of builder, preview/);
  assert.throws(() => client.updateAgent(-1, { name: "x" }), /baseVersion/);
  assert.throws(() => client.updateAgent(1, {}), /at least one field/);
  assert.throws(() => client.revertAgent(1.5), /version/);
  assert.throws(() => client.exportAgent(/** @type {any} */ ("pdf")), /format must be one of json, openai, markdown/);
  assert.deepEqual(client.pending, []);
});

/** A client whose message m1 was acked and stored, then lost its connection and is opening another. */
function storedThenDisconnected() {
  const session = startClient();
  session.client.connect();
  FakeSocket.last.ready();
  const id = session.client.send("hello");
  FakeSocket.last.receive({ type: "ack", clientMessageId: id, messageId: "m1", seq: 1, duplicate: false });
  FakeSocket.last.receive(userMessage(1, "m1", { clientMessageId: id }));
  FakeSocket.last.drop(1006);
  tick(250);
  const unanswered = () => session.events.filter((e) => e.name === "unanswered").map((e) => e.value.clientMessageId);
  return { id, unanswered };
}

test("a message acknowledged before a reconnect that gets no reply is reported unanswered once caught up and idle", () => {
  const { id, unanswered } = storedThenDisconnected();
  FakeSocket.last.ready({ lastSeq: 1, status: "idle" }); // its turn failed meanwhile: failures are not replayed
  assert.deepEqual(unanswered(), [id]);
});

test("a message answered while the client was away is not reported unanswered", () => {
  const { unanswered } = storedThenDisconnected();
  FakeSocket.last.ready({ lastSeq: 2, status: "idle" });
  FakeSocket.last.receive(reply(2, "r1", "m1"));
  assert.deepEqual(unanswered(), []);
});

test("a message a restarted server answers right after the join (ready says thinking) is not reported unanswered", () => {
  const { unanswered } = storedThenDisconnected();
  FakeSocket.last.ready({ lastSeq: 1, status: "thinking" });
  FakeSocket.last.receive({ type: "status", state: "thinking" });
  FakeSocket.last.receive(reply(2, "r1", "m1"));
  FakeSocket.last.receive({ type: "status", state: "idle" });
  assert.deepEqual(unanswered(), []);
});

test("exports are answered in order, and fail when not connected or when the connection drops", async () => {
  const { client } = startClient();
  await assert.rejects(client.exportAgent("json"), (/** @type {any} */ e) => e.code === "not_connected");
  client.connect();
  FakeSocket.last.ready();
  const json = client.exportAgent("json");
  const markdown = client.exportAgent("markdown");
  FakeSocket.last.receive({ type: "agent_export", format: "json", content: "{}", version: 0 });
  FakeSocket.last.receive({ type: "agent_export", format: "markdown", content: "# x", version: 0 });
  assert.equal((await json).format, "json");
  assert.equal((await markdown).content, "# x");
  const lost = client.exportAgent("openai");
  FakeSocket.last.drop(1006);
  await assert.rejects(lost, (/** @type {any} */ e) => e.code === "connection_lost");
});
