// ThreadList on a fake socket: the user connection, its first request as its join, pages, search, live changes,
// renames and deletes answered by promises, and the reconnects it shares with ChatClient.
import assert from "node:assert/strict";
import { afterEach, mock, test } from "node:test";
import { RequestRefusedError, ThreadList } from "../../src/index.js";
import { FakeSocket, thread } from "./fake-socket.js";

afterEach(() => mock.timers.reset());

/** @param {Partial<import("../../src/thread-list.js").ThreadListOptions>} [options] */
function startList(options = {}) {
  FakeSocket.reset();
  mock.timers.enable({ apis: ["setTimeout", "setInterval", "Date"], now: 1_000_000 });
  const list = new ThreadList({
    url: "ws://chat.test:3004/chat?tenant=a",
    userId: "alice",
    WebSocket: /** @type {any} */ (FakeSocket),
    random: () => 0,
    pageSize: 2,
    ...options,
  });
  /** @type {any[]} */
  const problems = [];
  list.on("protocolError", (p) => problems.push(p));
  return { list, problems };
}

/** Opens the newest socket and answers its first list_threads with `threads`. */
function answerFirstPage(/** @type {any[]} */ threads, extra = {}) {
  const socket = FakeSocket.last;
  socket.open();
  socket.receive({ type: "threads", threads, ...extra });
  return socket;
}

/** @param {ThreadList} list */
function ids(list) {
  return list.getSnapshot().threads.map((t) => t.threadId);
}

/** Lets promise callbacks run. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

test("opens a user connection: the user and the token in the URL, no thread and no lastSeq", () => {
  const { list } = startList({ getToken: () => "jwt" });
  list.connect();
  const url = FakeSocket.last.url;
  assert.equal(url.pathname, "/chat");
  assert.equal(url.searchParams.get("tenant"), "a");
  assert.equal(url.searchParams.get("userId"), "alice");
  assert.equal(url.searchParams.get("token"), "jwt");
  assert.equal(url.searchParams.has("threadId"), false);
  assert.equal(url.searchParams.has("lastSeq"), false);
});

test("asks for the first page and follows the list as soon as the socket opens, and is connected once answered", () => {
  const { list } = startList();
  list.connect();
  FakeSocket.last.open();
  assert.deepEqual(FakeSocket.last.sent, [{ type: "list_threads", limit: 2, watch: true }, { type: "ping" }]);
  assert.equal(list.status.status, "connecting", "a user connection has no ready: its answer is the join");
  FakeSocket.last.receive({ type: "threads", threads: [thread("older", 1), thread("newer", 2)], nextCursor: "c1" });
  assert.equal(list.status.status, "connected");
  const state = list.getSnapshot();
  assert.deepEqual(ids(list), ["newer", "older"]);
  assert.equal(state.loaded, true);
  assert.equal(state.hasMore, true);
});

test("a refused page does not keep the connection from joining: the pong joins it, and the error is shown", () => {
  const { list } = startList();
  list.connect();
  FakeSocket.last.open();
  FakeSocket.last.receive({ type: "error", code: "forbidden", message: "This connection's token opens only some threads" });
  FakeSocket.last.receive({ type: "pong" });
  assert.equal(list.status.status, "connected");
  assert.equal(list.getSnapshot().lastError?.code, "forbidden");
  assert.equal(list.getSnapshot().loaded, false);
  list.dismissError();
  assert.equal(list.getSnapshot().lastError, null);
});

test("a refused connection is explained with the server's words and not retried, like a thread's", () => {
  const { list } = startList();
  list.connect();
  FakeSocket.last.open();
  FakeSocket.last.receive({ type: "error", code: "forbidden", message: "this page's origin is not allowed" });
  FakeSocket.last.drop(4403);
  assert.equal(list.status.status, "error");
  assert.match(list.status.reason, /origin is not allowed \(4403\); not retrying/);
  mock.timers.tick(60_000);
  assert.equal(FakeSocket.all.length, 1);
});

test("applies live changes: a new thread on top, a renamed one in place, a deleted one gone", () => {
  const { list } = startList({ pageSize: 20 });
  list.connect();
  const socket = answerFirstPage([thread("a", 1), thread("b", 2)]);
  socket.receive({ type: "thread_changed", change: "created", threadId: "c", thread: thread("c", 3) });
  socket.receive({ type: "thread_changed", change: "renamed", threadId: "a", thread: thread("a", 1, { title: "Mum" }) });
  socket.receive({ type: "thread_changed", change: "deleted", threadId: "b" });
  assert.deepEqual(ids(list), ["c", "a"]);
  assert.equal(list.getSnapshot().threads[1].title, "Mum");
});

test("loadMore reads the next page with the cursor and the search, one page at a time, until there is none", () => {
  const { list } = startList({ query: "trip" });
  assert.equal(list.loadMore(), false, "not connected");
  list.connect();
  FakeSocket.last.open();
  assert.deepEqual(FakeSocket.last.sent[0], { type: "list_threads", query: "trip", limit: 2, watch: true });
  FakeSocket.last.receive({ type: "threads", threads: [thread("t4", 4), thread("t3", 3)], nextCursor: "c1", query: "trip" });
  assert.equal(list.loadMore(), true);
  assert.equal(list.loadMore(), false, "a page is already on its way");
  assert.equal(list.getSnapshot().loadingMore, true);
  assert.deepEqual(FakeSocket.last.sentOfType("list_threads")[1], { type: "list_threads", query: "trip", cursor: "c1", limit: 2 });
  FakeSocket.last.receive({ type: "threads", threads: [thread("t2", 2)], query: "trip" });
  assert.deepEqual(ids(list), ["t4", "t3", "t2"]);
  assert.equal(list.getSnapshot().loadingMore, false);
  assert.equal(list.getSnapshot().hasMore, false);
  assert.equal(list.loadMore(), false, "the last page is loaded");
});

test("a search reads and follows the list anew; the page of an earlier search that arrives late is dropped", () => {
  const { list } = startList();
  list.connect();
  const socket = answerFirstPage([thread("a", 1), thread("b", 2)], { nextCursor: "c1" });
  list.search("  wander ");
  assert.equal(list.getSnapshot().query, "wander");
  assert.deepEqual(socket.sentOfType("list_threads").at(-1), { type: "list_threads", query: "wander", limit: 2, watch: true });
  list.search("trip");
  assert.equal(socket.sentOfType("list_threads").length, 2, "one list_threads at a time: the next waits for the answer");
  socket.receive({ type: "threads", threads: [thread("w", 5)], query: "wander" });
  assert.deepEqual(ids(list), ["a", "b"].reverse(), "the answer to the earlier search is not shown");
  assert.equal(list.getSnapshot().loaded, false);
  assert.deepEqual(socket.sentOfType("list_threads").at(-1), { type: "list_threads", query: "trip", limit: 2, watch: true });
  socket.receive({ type: "threads", threads: [thread("t", 6)], query: "trip" });
  assert.deepEqual(ids(list), ["t"]);
  assert.equal(list.getSnapshot().loaded, true);
  list.search("");
  assert.deepEqual(socket.sentOfType("list_threads").at(-1), { type: "list_threads", limit: 2, watch: true });
});

test("a search longer than the server takes, or not a string, is a programming error", () => {
  const { list } = startList();
  assert.throws(() => list.search("x".repeat(121)), RangeError);
  assert.throws(() => list.search(/** @type {any} */ (null)), TypeError);
  list.search("😀".repeat(120));
});

test("rename resolves with the renamed thread, which the list shows at once", async () => {
  const { list } = startList();
  list.connect();
  const socket = answerFirstPage([thread("a", 1)]);
  const renamed = list.rename("a", "Trips with Mum");
  const sent = socket.sentOfType("rename_thread")[0];
  assert.equal(sent.threadId, "a");
  assert.equal(sent.title, "Trips with Mum");
  assert.deepEqual(list.getSnapshot().pending, [{ clientMessageId: sent.clientMessageId, kind: "rename", threadId: "a",
    title: "Trips with Mum" }]);
  socket.receive({ type: "thread_renamed", thread: thread("a", 1, { title: "Trips with Mum" }),
    clientMessageId: sent.clientMessageId });
  assert.equal((await renamed).title, "Trips with Mum");
  assert.equal(list.getSnapshot().threads[0].title, "Trips with Mum");
  assert.deepEqual(list.getSnapshot().pending, []);
});

test("rename is rejected with the server's code and words when it refuses", async () => {
  const { list } = startList();
  list.connect();
  const socket = answerFirstPage([]);
  const renamed = list.rename("gone", "New title");
  const { clientMessageId } = socket.sentOfType("rename_thread")[0];
  socket.receive({ type: "error", code: "not_found", message: "You have no thread gone.", clientMessageId });
  await assert.rejects(renamed, (e) => e instanceof RequestRefusedError && e.code === "not_found"
    && e.message === "You have no thread gone.");
  assert.equal(list.getSnapshot().lastError, null, "the promise says it: no second report");
});

test("a title the server would refuse is rejected without being sent", async () => {
  const { list } = startList();
  list.connect();
  const socket = answerFirstPage([]);
  for (const [title, words] of [["   ", /blank/], ["x".repeat(121), /at most 120 characters; this one has 121/],
    ["two\nlines", /one line/]]) {
    await assert.rejects(list.rename("a", title), (e) => e instanceof RequestRefusedError && e.code === "invalid_message"
      && words.test(e.message));
  }
  assert.equal(socket.sentOfType("rename_thread").length, 0);
  assert.throws(() => list.rename("not an id", "x"), TypeError);
});

test("delete resolves once the server answers, and the thread leaves the list", async () => {
  const { list } = startList();
  list.connect();
  const socket = answerFirstPage([thread("a", 1), thread("b", 2)]);
  const deleted = list.delete("a");
  const { clientMessageId } = socket.sentOfType("delete_thread")[0];
  socket.receive({ type: "thread_deleted", threadId: "a", clientMessageId });
  assert.equal(await deleted, "a");
  assert.deepEqual(ids(list), ["b"]);
});

test("a rename or delete while not connected is rejected at once", async () => {
  const { list } = startList();
  await assert.rejects(list.delete("a"), (e) => e instanceof RequestRefusedError && e.code === "not_connected");
  list.connect();
  FakeSocket.last.open();
  await assert.rejects(list.rename("a", "x"), (e) => e instanceof RequestRefusedError && e.code === "not_connected",
    "open but not joined yet");
});

test("a delete whose answer was lost with the connection is sent again, with the same id, after the reconnect", async () => {
  const { list } = startList();
  list.connect();
  answerFirstPage([thread("a", 1)]);
  let outcome = "waiting";
  void list.delete("a").then(() => (outcome = "deleted"));
  const first = FakeSocket.last.sentOfType("delete_thread")[0];
  FakeSocket.last.drop(1006);
  await settled();
  assert.equal(outcome, "waiting");
  mock.timers.tick(250);
  const socket = answerFirstPage([thread("a", 1)]);
  assert.deepEqual(socket.sentOfType("delete_thread"), [first]);
  socket.receive({ type: "thread_deleted", threadId: "a", clientMessageId: first.clientMessageId });
  await settled();
  assert.equal(outcome, "deleted");
  assert.deepEqual(ids(list), []);
});

test("close() rejects what waits for an answer, and a final refusal does too", async () => {
  const { list } = startList();
  list.connect();
  answerFirstPage([thread("a", 1)]);
  const deleted = list.delete("a");
  list.close();
  await assert.rejects(deleted, (e) => e instanceof RequestRefusedError && e.code === "closed");
  assert.deepEqual(list.getSnapshot().pending, []);

  list.connect();
  answerFirstPage([thread("a", 1)]);
  const renamed = list.rename("a", "b");
  FakeSocket.last.drop(4400);
  await assert.rejects(renamed, (e) => e instanceof RequestRefusedError && e.code === "connection_lost");
});

test("reconnects with the protocol's backoff and lists again, as many threads as were shown", () => {
  let minted = 0;
  const { list } = startList({ getToken: () => `token-${++minted}` });
  list.connect();
  const socket = answerFirstPage([thread("t4", 4), thread("t3", 3)], { nextCursor: "c1" });
  list.loadMore();
  socket.receive({ type: "threads", threads: [thread("t2", 2), thread("t1", 1)], nextCursor: "c2" });
  socket.drop(1001);
  assert.equal(list.status.status, "disconnected");
  assert.equal(list.status.retryInMs, 250);
  assert.match(list.status.reason, /restarting/);
  mock.timers.tick(249);
  assert.equal(FakeSocket.all.length, 1);
  mock.timers.tick(1);
  assert.equal(FakeSocket.last.url.searchParams.get("token"), "token-2");
  FakeSocket.last.open();
  assert.deepEqual(FakeSocket.last.sentOfType("list_threads"), [{ type: "list_threads", limit: 4, watch: true }]);
  assert.deepEqual(ids(list), ["t4", "t3", "t2", "t1"], "the list stays shown meanwhile");
  FakeSocket.last.receive({ type: "threads", threads: [thread("t5", 5), thread("t4", 4), thread("t3", 3),
    thread("t2", 2)], nextCursor: "c3" });
  assert.deepEqual(ids(list), ["t5", "t4", "t3", "t2"], "the store's truth now");
  assert.equal(list.status.status, "connected");
});

test("an attempt that gets no answer is given up and retried, and a connected one pings", () => {
  const { list } = startList();
  list.connect();
  FakeSocket.last.open();
  mock.timers.tick(10_000);
  assert.equal(FakeSocket.all[0].closedWith, 1000);
  mock.timers.tick(250);
  answerFirstPage([]);
  mock.timers.tick(25_000);
  assert.equal(FakeSocket.last.sentOfType("ping").length, 2, "the one that joined it, and the heartbeat's");
  assert.equal(list.status.status, "connected");
});

test("frame types it does not know are skipped silently; frames it cannot read are reported and skipped", () => {
  const { list, problems } = startList();
  list.connect();
  const socket = answerFirstPage([thread("a", 1)]);
  socket.receive({ type: "thread_archived", threadId: "a" });
  socket.receiveText("{not json");
  socket.receive({ type: "thread_changed", change: "updated" });
  assert.deepEqual(problems.map((p) => p.code), ["invalid_json", "invalid_message"]);
  assert.deepEqual(ids(list), ["a"]);
  assert.equal(list.status.status, "connected");
});

test("a bad URL, user or page size is refused when the list is made", () => {
  const WebSocket = /** @type {any} */ (FakeSocket);
  assert.throws(() => new ThreadList({ url: "http://x", userId: "alice", WebSocket }), /ws:\/\//);
  assert.throws(() => new ThreadList({ url: "ws://x", userId: "a b", WebSocket }), /userId/);
  assert.throws(() => new ThreadList({ url: "ws://x", userId: "alice", pageSize: 101, WebSocket }), /pageSize/);
});
