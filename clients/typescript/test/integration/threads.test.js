// ThreadList against the packaged server, over real sockets: a user's threads listed, searched and paged, renamed
// and deleted, live between two lists of the same user, and a deleted thread's open connection ended for good.
// One server for the file; each test is a user of its own.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import WebSocket from "ws";
import { AgentThread, RequestRefusedError, ThreadList } from "../../src/index.js";
import { storedEvents } from "./audit.js";
import { startServer, tempDataDir } from "./server.js";
import { listState, state } from "./wait.js";

const TIMEOUT = { timeout: 120_000 };
/** docs/protocol.md: changes reach every watching connection within a second. */
const LIVE_MS = 1_000;

const dataDir = tempDataDir();
// The default store, SQLite, in a directory of its own.
const STORE = [];
/** @type {import("./server.js").RunningServer} */
let server;
/** @type {{ close: () => void }[]} */
let opened = [];

before(async () => {
  server = await startServer({ dataDir, args: STORE });
});

after(async () => {
  await server.kill();
});

/**
 * @param {string} userId
 * @param {Partial<import("../../src/thread-list.js").ThreadListOptions>} [options]
 */
function openList(userId, options = {}) {
  const list = new ThreadList({ url: server.url, userId, WebSocket: /** @type {any} */ (WebSocket), ...options });
  opened.push(list);
  list.connect();
  return list;
}

/**
 * A thread of `userId` with `content` sent and stored (not waiting for the reply), left open.
 * @param {string} userId
 * @param {string} threadId
 * @param {string} content
 */
async function threadWith(userId, threadId, content) {
  const thread = new AgentThread({ url: server.url, threadId, userId, WebSocket: /** @type {any} */ (WebSocket) });
  opened.push(thread);
  thread.connect();
  thread.send(content);
  await state(thread, (s) => s.messages.some((m) => m.content === content), `"${content}" stored in ${threadId}`);
  return thread;
}

/**
 * A thread of `userId` whose first turn is over: the builder has named its agent.
 * @param {string} userId
 * @param {string} threadId
 * @param {string} content
 */
async function answeredThread(userId, threadId, content) {
  const thread = await threadWith(userId, threadId, content);
  await state(thread, (s) => s.turn === "idle" && s.messages.some((m) => m.role === "assistant"), `${threadId} answered`);
  return thread;
}

/** @param {import("../../src/listing.js").ThreadListState} s */
const ids = (s) => s.threads.map((t) => t.threadId);

/** @param {() => Promise<void>} body */
async function closingAll(body) {
  try {
    await body();
  } finally {
    for (const each of opened) {
      each.close();
    }
    opened = [];
  }
}

test("threads built by chatting are listed newest first, with their agent, last message and count; a search finds "
  + "them by title or agent name", TIMEOUT, async () => closingAll(async () => {
  const user = "lister";
  await answeredThread(user, "trips", "I want an agent that helps me plan trips");
  await answeredThread(user, "recipes", "I want an agent that suggests recipes");
  await threadWith(user, "empty-ish", "Hello there");

  const list = openList(user);
  const shown = await listState(list, (s) => s.loaded && s.threads.length === 3, "three threads listed");
  assert.deepEqual(ids(shown), ["empty-ish", "recipes", "trips"], "the newest first");
  const trips = /** @type {any} */ (shown.threads.find((t) => t.threadId === "trips"));
  assert.equal(trips.title, trips.agent.name, "titled after its agent, which the builder named");
  assert.notEqual(trips.agent.name, "");
  assert.ok(trips.messageCount >= 2);
  assert.equal(typeof trips.lastMessage, "string");
  assert.equal(shown.threads[0].title, "Hello there", "without an agent name: the first message");
  assert.equal(shown.hasMore, false);
  assert.equal(list.status.status, "connected");

  list.search(trips.agent.name.slice(0, 4).toUpperCase());
  const found = await listState(list, (s) => s.loaded, "the search's first page");
  assert.deepEqual(ids(found), ["trips"]);
  list.search("no such agent");
  assert.deepEqual(ids(await listState(list, (s) => s.loaded, "an empty search")), []);
}));

test("two lists of one user: a new thread, a rename and a delete in one reach the other within a second",
  TIMEOUT, async () => closingAll(async () => {
  const user = "two-tabs";
  await threadWith(user, "first", "I want an agent that helps me plan trips");
  const mine = openList(user);
  const theirs = openList(user);
  await listState(mine, (s) => s.loaded && s.threads.length === 1, "my list");
  await listState(theirs, (s) => s.loaded && s.threads.length === 1, "their list");

  await threadWith(user, "second", "I want an agent that writes haiku");
  await listState(theirs, (s) => ids(s)[0] === "second", "the new thread on top of their list", LIVE_MS * 2);

  const renamed = await mine.rename("first", "Trips with Mum");
  assert.equal(renamed.title, "Trips with Mum");
  assert.equal(mine.getSnapshot().threads.find((t) => t.threadId === "first")?.title, "Trips with Mum",
    "the renaming list shows it as soon as the server answers");
  await listState(theirs, (s) => s.threads.some((t) => t.title === "Trips with Mum"), "the rename in theirs", LIVE_MS);

  assert.equal(await mine.delete("second"), "second");
  assert.deepEqual(ids(mine.getSnapshot()), ["first"]);
  await listState(theirs, (s) => ids(s).join() === "first", "the delete in theirs", LIVE_MS);
  assert.deepEqual(await storedEvents(server.url, "second", user), [], "nothing of it is left in the store");
}));

test("the server's refusals reject the promise with its code; a delete of what is not there succeeds",
  TIMEOUT, async () => closingAll(async () => {
  const list = openList("refusals");
  await listState(list, (s) => s.loaded, "the list");
  await assert.rejects(list.rename("never-was", "A title"),
    (e) => e instanceof RequestRefusedError && e.code === "not_found");
  await threadWith("someone-else", "theirs", "Hello");
  await assert.rejects(list.rename("theirs", "Mine now"),
    (e) => e instanceof RequestRefusedError && e.code === "not_found", "another user's thread looks like none");
  assert.equal(await list.delete("theirs"), "theirs", "idempotent, and ids cannot be probed");
  assert.equal((await storedEvents(server.url, "theirs", "someone-else")).length > 0, true, "another user's is left alone");
}));

test("deleting a thread ends its open connections for good: the thread client stops with 4410, deleted, and does "
  + "not come back", TIMEOUT, async () => closingAll(async () => {
  const user = "deleter";
  const thread = await threadWith(user, "doomed", "I want an agent that helps me plan trips");
  /** @type {string[]} */
  const statuses = [];
  thread.client.on("status", (s) => statuses.push(s.status));
  const list = openList(user);
  await listState(list, (s) => s.loaded && s.threads.length === 1, "the list");

  await list.delete("doomed");
  const ended = await state(thread, (s) => s.connection.status === "error", "the thread's connection ended");
  assert.equal(ended.deleted, true);
  assert.equal(ended.connection.closeCode, 4410);
  assert.match(ended.connection.reason, /deleted.*\(4410\); not retrying/);
  assert.deepEqual(statuses, ["error"], "no reconnect: the same threadId would start a new thread");
  assert.deepEqual(ids(list.getSnapshot()), []);
}));

test("a long list is read a page at a time; after a server restart it is read again from the store and followed", TIMEOUT,
  async () => closingAll(async () => {
  const user = "pager";
  for (const n of [1, 2, 3, 4, 5]) {
    await threadWith(user, `t${n}`, `Message number ${n}`);
  }
  const list = openList(user, { pageSize: 2 });
  await listState(list, (s) => s.loaded, "the first page");
  assert.deepEqual(ids(list.getSnapshot()), ["t5", "t4"]);
  assert.equal(list.getSnapshot().hasMore, true);
  assert.equal(list.loadMore(), true);
  await listState(list, (s) => s.threads.length === 4 && !s.loadingMore, "the second page");
  list.loadMore();
  const all = await listState(list, (s) => !s.hasMore && !s.loadingMore, "the last page");
  assert.deepEqual(ids(all), ["t5", "t4", "t3", "t2", "t1"]);

  // The server restarts on the same port: the list reconnects with backoff and lists again, the store's truth
  // (what a list opened now reads), and follows the changes again.
  await threadWith(user, "t6", "Message number 6");
  await listState(list, (s) => ids(s)[0] === "t6", "t6 live");
  for (const each of opened.filter((o) => o !== list)) {
    each.close();
  }
  /** @type {string[]} */
  const statuses = [];
  list.on("status", (s) => statuses.push(s.status));
  await server.kill("SIGTERM");
  server = await startServer({ dataDir, port: server.port, args: STORE });
  await threadWith(user, "t7", "Message number 7");
  const fresh = openList(user, { pageSize: 100 });
  const truth = ids(await listState(fresh, (s) => s.loaded, "a fresh list"));
  assert.equal(truth[0], "t7");
  const again = await listState(list, (s) => s.connection.status === "connected" && s.threads[0]?.threadId === "t7",
    "connected again, with what the store has");
  assert.deepEqual(statuses.slice(0, 2), ["disconnected", "connecting"]);
  // It lists again as many threads as it showed (six), newest first, the store's: t7 among them when it was made
  // before the list came back, or t7 added live on top of the six when the list came back first.
  const shown = ids(again);
  assert.ok(shown.length === 6 || shown.length === 7, `six or seven threads: ${shown}`);
  assert.deepEqual(shown, truth.slice(0, shown.length));
  await threadWith(user, "t8", "Message number 8");
  await listState(list, (s) => ids(s)[0] === "t8", "t8 live after the reconnect", LIVE_MS * 2);
}));
