import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { ChatClient } from "../../src/index.js";
import { FakeSocket, readyFrame } from "./fake-socket.js";
import { startClient, stopTimers, tick } from "./harness.js";

afterEach(stopTimers);

test("connects with the thread, the user and lastSeq in the URL, keeping the server URL's own path and query", () => {
  const { client } = startClient({ url: "ws://chat.test:3004/chat?tenant=a", lastSeq: 7 });
  client.connect();
  const url = FakeSocket.last.url;
  assert.equal(url.pathname, "/chat");
  assert.equal(url.searchParams.get("tenant"), "a");
  assert.equal(url.searchParams.get("threadId"), "t");
  assert.equal(url.searchParams.get("userId"), "u");
  assert.equal(url.searchParams.get("lastSeq"), "7");
  assert.equal(url.searchParams.has("token"), false);
});

test("goes connecting, then connected on ready, and says so", () => {
  const { client, statuses, frames } = startClient();
  client.connect();
  assert.equal(client.status.status, "connecting");
  FakeSocket.last.ready();
  assert.deepEqual(statuses.map((s) => s.status), ["connecting", "connected"]);
  assert.equal(frames[0].type, "ready");
});

test("reconnects after each failure with growing delays, and starts over once connected", () => {
  const { client, statuses } = startClient();
  client.connect();
  const waits = [];
  for (let i = 0; i < 7; i++) {
    FakeSocket.last.drop(1006);
    const status = client.status;
    assert.equal(status.status, "disconnected");
    waits.push(status.retryInMs);
    const sockets = FakeSocket.all.length;
    tick(/** @type {number} */ (status.retryInMs) - 1);
    assert.equal(FakeSocket.all.length, sockets, "not before the wait is over");
    tick(1);
    assert.equal(FakeSocket.all.length, sockets + 1, "a new attempt once it is");
  }
  assert.deepEqual(waits, [250, 500, 1000, 2000, 4000, 5000, 5000]);
  assert.ok(statuses.some((s) => s.status === "connecting" && /attempt 6/.test(s.reason)), "says which attempt");
  FakeSocket.last.ready();
  FakeSocket.last.drop(1001);
  assert.equal(client.status.retryInMs, 250, "the first retry after a join waits the shortest time again");
  assert.match(client.status.reason, /restarting/);
  assert.equal(client.status.closeCode, 1001);
});

for (const code of [4400, 4403]) {
  test(`does not retry after ${code}, and gives the server's words`, () => {
    const { client } = startClient();
    client.connect();
    FakeSocket.last.open();
    FakeSocket.last.receive({ type: "error", code: "forbidden", message: "thread t belongs to another user" });
    FakeSocket.last.drop(code);
    assert.equal(client.status.status, "error");
    assert.equal(client.status.closeCode, code);
    assert.match(client.status.reason, /belongs to another user/);
    assert.match(client.status.reason, new RegExp(`\\(${code}\\); not retrying`));
    tick(60_000);
    assert.equal(FakeSocket.all.length, 1, "no second attempt");
  });
}

test("4410 is final: the thread was deleted, so reconnecting would start a new, empty one", () => {
  const { client } = startClient();
  client.connect();
  FakeSocket.last.ready();
  FakeSocket.last.receive({ type: "error", code: "thread_deleted", message: "This thread was deleted." });
  FakeSocket.last.drop(4410);
  assert.equal(client.status.status, "error");
  assert.equal(client.status.closeCode, 4410);
  assert.match(client.status.reason, /^This thread was deleted\. \(4410\); not retrying/);
  tick(60_000);
  assert.equal(FakeSocket.all.length, 1, "no second attempt");
});

test("a refusal without an error frame is still explained", () => {
  const { client } = startClient();
  client.connect();
  FakeSocket.last.drop(4403);
  assert.match(client.status.reason, /belongs to another user/);
});

test("4401 without a token source is final", () => {
  const { client } = startClient();
  client.connect();
  FakeSocket.last.drop(4401);
  assert.equal(client.status.status, "error");
  tick(60_000);
  assert.equal(FakeSocket.all.length, 1);
});

test("asks for the token before every attempt, and sends it as the token parameter", () => {
  let minted = 0;
  const { client } = startClient({ getToken: () => `token-${++minted}` });
  client.connect();
  assert.equal(FakeSocket.last.url.searchParams.get("token"), "token-1");
  FakeSocket.last.ready();
  FakeSocket.last.drop(1006);
  tick(250);
  assert.equal(FakeSocket.last.url.searchParams.get("token"), "token-2");
});

test("4401 is retried with a new token, and ends the client when the token source gives the same one", () => {
  const tokens = ["expired", "fresh"];
  const { client } = startClient({ getToken: () => tokens[0] });
  client.connect();
  assert.equal(FakeSocket.last.url.searchParams.get("token"), "expired");
  tokens.shift();
  FakeSocket.last.open();
  FakeSocket.last.receive({ type: "error", code: "unauthorized", message: "the token has expired" });
  FakeSocket.last.drop(4401);
  assert.equal(client.status.status, "disconnected", "a new token is worth a retry");
  tick(/** @type {number} */ (client.status.retryInMs));
  assert.equal(FakeSocket.last.url.searchParams.get("token"), "fresh");
  FakeSocket.last.drop(4401);
  assert.equal(client.status.status, "error", "the same token again is not");
  assert.match(client.status.reason, /not retrying without a new token/);
  tick(60_000);
  assert.equal(FakeSocket.all.length, 2);
});

test("an asynchronous token source is awaited, and its failure is retried", async () => {
  let calls = 0;
  const { client } = startClient({
    getToken: () => (++calls === 1 ? Promise.reject(new Error("identity provider down")) : Promise.resolve("t2")),
  });
  client.connect();
  await Promise.resolve();
  await Promise.resolve();
  assert.equal(FakeSocket.all.length, 0);
  assert.match(client.status.reason, /could not get a token: identity provider down/);
  tick(250);
  await Promise.resolve();
  assert.equal(FakeSocket.last.url.searchParams.get("token"), "t2");
});

test("an attempt that gets no ready is given up and retried", () => {
  const { client, statuses } = startClient();
  client.connect();
  FakeSocket.last.open();
  tick(10_000);
  assert.equal(FakeSocket.all[0].closedWith, 1000);
  assert.ok(statuses.some((s) => /no answer/.test(s.reason)));
  tick(250);
  assert.equal(FakeSocket.all.length, 2);
});

test("pings while connected, and reconnects when the server stops answering", () => {
  const { client } = startClient();
  client.connect();
  FakeSocket.last.ready();
  tick(25_000);
  assert.equal(FakeSocket.last.sentOfType("ping").length, 1);
  FakeSocket.last.receive({ type: "pong" });
  tick(25_000);
  assert.equal(FakeSocket.last.sentOfType("ping").length, 2, "answered: pings go on");
  assert.equal(client.status.status, "connected");
  tick(25_000);
  assert.equal(client.status.status, "disconnected");
  assert.match(client.status.reason, /stopped answering/);
});

test("close() stops reconnecting, and connect() starts again", () => {
  const { client } = startClient();
  client.connect();
  FakeSocket.last.drop(1006);
  client.close();
  assert.equal(client.status.status, "disconnected");
  assert.equal(client.status.reason, "closed");
  tick(60_000);
  assert.equal(FakeSocket.all.length, 1);
  client.connect();
  assert.equal(FakeSocket.all.length, 2);
});

test("frames of a socket given up are never delivered", () => {
  const { client, frames } = startClient();
  client.connect();
  const first = FakeSocket.last;
  first.open();
  tick(10_000); // no ready: given up
  const handlers = first.onmessage;
  assert.equal(handlers, null, "the old socket's handlers are detached");
  tick(250);
  FakeSocket.last.ready();
  assert.deepEqual(frames.map((f) => f.type), ["ready"]);
  assert.equal(client.status.status, "connected");
});

test("a listener that throws hurts neither the other listeners nor the client", (t) => {
  const { client } = startClient();
  const errors = t.mock.method(console, "error", () => {});
  const seen = [];
  client.on("frame", () => {
    throw new Error("a listener's bug");
  });
  client.on("frame", (f) => seen.push(f.type));
  client.connect();
  FakeSocket.last.ready();
  client.send("hello");
  assert.deepEqual(seen, ["ready"]);
  assert.equal(FakeSocket.last.sentOfType("user_message").length, 1);
  assert.equal(errors.mock.callCount(), 1);
});

test("frames it cannot decode are skipped and reported; unknown types are skipped silently", () => {
  const { client, frames, events } = startClient();
  client.connect();
  FakeSocket.last.ready();
  FakeSocket.last.receiveText("{not json");
  FakeSocket.last.receive({ type: "message", seq: "one" });
  FakeSocket.last.receive({ type: "thread_archived", title: "from a newer server" });
  assert.deepEqual(frames.map((f) => f.type), ["ready"]);
  assert.deepEqual(events.filter((e) => e.name === "protocolError").map((e) => e.value.code),
    ["invalid_json", "invalid_message"]);
});

test("bad options are refused with the value", () => {
  const make = (/** @type {any} */ options) => () => new ChatClient({
    url: "ws://x", threadId: "t", userId: "u", WebSocket: FakeSocket, ...options,
  });
  assert.throws(make({ url: "http://localhost:3004" }), /ws:\/\/ or wss:\/\/.*http:\/\/localhost:3004/);
  assert.throws(make({ threadId: "a b" }), /threadId.*"a b"/);
  assert.throws(make({ userId: "" }), /userId/);
  assert.throws(make({ lastSeq: -1 }), /lastSeq/);
  assert.throws(make({ WebSocket: undefined }), globalThis.WebSocket ? /./ : /no WebSocket implementation/);
});

test("the ready frame is typed as the server sent it", () => {
  const { client, frames } = startClient();
  client.connect();
  FakeSocket.last.ready({ lastSeq: 0, status: "thinking" });
  assert.deepEqual(frames[0], readyFrame({ status: "thinking" }));
});
