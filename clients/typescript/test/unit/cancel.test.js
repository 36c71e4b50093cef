import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { FakeSocket, reply, userMessage } from "./fake-socket.js";
import { startClient, stopTimers, tick } from "./harness.js";

afterEach(stopTimers);

/** A client in a thread whose turn for m1 is running. */
function running() {
  const session = startClient();
  session.client.connect();
  FakeSocket.last.ready();
  FakeSocket.last.receive(userMessage(1, "m1"));
  FakeSocket.last.receive({ type: "status", state: "thinking" });
  FakeSocket.last.receive({ type: "assistant_delta", messageId: "r1", delta: "Hel" });
  return session;
}

test("cancel is sent again after a reconnect when the turn it meant still runs", () => {
  const { client } = running();
  assert.equal(client.cancel(), true);
  assert.equal(FakeSocket.last.sentOfType("cancel").length, 1);
  FakeSocket.last.drop(1006); // before the turn stopped
  tick(250);
  FakeSocket.last.ready({ lastSeq: 1, status: "thinking" });
  assert.equal(FakeSocket.last.sentOfType("cancel").length, 1, "sent again on the new connection");
});

test("cancel while disconnected is sent after the join, once, if the turn still runs", () => {
  const { client } = running();
  FakeSocket.last.drop(1006);
  assert.equal(client.cancel(), false);
  tick(250);
  FakeSocket.last.ready({ lastSeq: 1, status: "thinking" });
  assert.equal(FakeSocket.last.sentOfType("cancel").length, 1);
  FakeSocket.last.drop(1006);
  tick(500);
  FakeSocket.last.ready({ lastSeq: 1, status: "thinking" });
  assert.equal(FakeSocket.last.sentOfType("cancel").length, 1, "still running after another loss: again");
});

test("cancel is not sent again when the turn it meant ended while the client was away", () => {
  const { client } = running();
  client.cancel();
  FakeSocket.last.drop(1006);
  tick(250);
  // m1 was answered (stopped) and m2's turn runs now: a cancel would stop the wrong turn.
  FakeSocket.last.ready({ lastSeq: 3, status: "thinking" });
  FakeSocket.last.receive(reply(2, "r1", "m1", { stopped: true }));
  FakeSocket.last.receive(userMessage(3, "m2"));
  assert.deepEqual(FakeSocket.last.sentOfType("cancel"), []);
});

test("cancel is not sent again once the thread is idle", () => {
  const { client } = running();
  client.cancel();
  FakeSocket.last.drop(1006);
  tick(250);
  FakeSocket.last.ready({ lastSeq: 1, status: "idle" });
  assert.deepEqual(FakeSocket.last.sentOfType("cancel"), []);
});

test("a cancel sent during the replay is not sent a second time when the replay catches up", () => {
  const { client } = running();
  FakeSocket.last.drop(1006);
  tick(250);
  FakeSocket.last.ready({ lastSeq: 2, status: "thinking" });
  client.cancel();
  FakeSocket.last.receive(userMessage(2, "m2"));
  assert.equal(FakeSocket.last.sentOfType("cancel").length, 1);
});
