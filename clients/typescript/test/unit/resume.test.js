import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { FakeSocket, agent, reply, userMessage } from "./fake-socket.js";
import { startClient, stopTimers, tick } from "./harness.js";

afterEach(stopTimers);

test("stored events are delivered once each, in seq order, and a reconnect resumes after the last one", () => {
  const { client, frames } = startClient();
  client.connect();
  FakeSocket.last.ready({ lastSeq: 2 });
  FakeSocket.last.receive(userMessage(1, "m1"));
  FakeSocket.last.receive({ type: "agent_updated", seq: 2, agent: agent(1), source: "builder" });
  FakeSocket.last.receive(userMessage(1, "m1"));
  assert.equal(client.lastSeq, 2);
  FakeSocket.last.drop(1006);
  tick(250);
  assert.equal(FakeSocket.last.url.searchParams.get("lastSeq"), "2");
  FakeSocket.last.ready({ lastSeq: 3 });
  FakeSocket.last.receive({ type: "agent_updated", seq: 2, agent: agent(1), source: "builder" });
  FakeSocket.last.receive(reply(3, "r1", "m1"));
  assert.deepEqual(frames.filter((f) => "seq" in f && f.type !== "ack").map((f) => f.seq), [1, 2, 3]);
});

test("a gap in the stored events is not delivered: the client resumes at once from the last seq it has", () => {
  const { client, frames, statuses } = startClient();
  client.connect();
  FakeSocket.last.ready({ lastSeq: 3 });
  FakeSocket.last.receive(userMessage(1, "m1"));
  FakeSocket.last.receive(reply(3, "r1", "m1"));
  assert.deepEqual(frames.filter((f) => f.type === "message").map((f) => f.seq), [1]);
  assert.equal(FakeSocket.all[0].closedWith, 1000, "the connection with the gap is given up");
  assert.match(statuses[statuses.length - 1].reason, /missed events after seq 1/);
  assert.equal(client.status.retryInMs, 0);
  tick(0);
  assert.equal(FakeSocket.all.length, 2);
  assert.equal(FakeSocket.last.url.searchParams.get("lastSeq"), "1");
});

test("a ready with reset starts over from seq 1 and says so", () => {
  const { client, events, frames } = startClient({ lastSeq: 9 });
  client.connect();
  FakeSocket.last.ready({ lastSeq: 2, reset: true });
  assert.equal(client.lastSeq, 0);
  assert.deepEqual(events.filter((e) => e.name === "reset").map((e) => e.value.type), ["ready"]);
  FakeSocket.last.receive(userMessage(1, "m1"));
  FakeSocket.last.receive(reply(2, "r1", "m1"));
  assert.deepEqual(frames.filter((f) => f.type === "message").map((f) => f.seq), [1, 2]);
  assert.equal(client.lastSeq, 2);
});
