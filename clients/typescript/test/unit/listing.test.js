// The list's state (listing.js): its order, pages, live changes, and the frames it is made of as the codec reads them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { compareThreads, decodeServerFrame, initialThreadListState, reduceThreadList } from "../../src/index.js";
import { thread } from "./fake-socket.js";

/**
 * @param {import("../../src/listing.js").ThreadListState} state
 * @param {import("../../src/listing.js").ThreadListEvent[]} events
 */
function after(state, ...events) {
  return events.reduce(reduceThreadList, state);
}

/** @param {any[]} threads @param {object} [extra] */
function page(threads, extra = {}) {
  return /** @type {any} */ ({ type: "threads", threads, ...extra });
}

/** @param {import("../../src/listing.js").ThreadListState} state */
function ids(state) {
  return state.threads.map((t) => t.threadId);
}

const start = initialThreadListState("alice");

test("threads are ordered newest updatedAt first, then by threadId descending", () => {
  const list = [thread("a", 1), thread("c", 2), thread("b", 2), thread("d", 0)];
  assert.deepEqual([...list].sort(compareThreads).map((t) => t.threadId), ["c", "b", "a", "d"]);
});

test("a first page replaces the list, sorted, and says whether more follow", () => {
  const shown = after(start, { type: "page", first: true, frame: page([thread("old", 1), thread("new", 5)]) });
  assert.deepEqual(ids(shown), ["new", "old"]);
  assert.equal(shown.loaded, true);
  assert.equal(shown.hasMore, false);
  const replaced = after(shown, { type: "page", first: true, frame: page([thread("other", 3)], { nextCursor: "c1" }) });
  assert.deepEqual(ids(replaced), ["other"]);
  assert.equal(replaced.hasMore, true);
});

test("a next page adds the threads after the loaded ones, keeping the newer copy of a thread in both", () => {
  const first = after(start, { type: "page", first: true, frame: page([thread("t9", 9), thread("t8", 8)], { nextCursor: "c" }) },
    { type: "change", frame: { type: "thread_changed", change: "updated", threadId: "t7", thread: thread("t7", 10) } });
  assert.deepEqual(ids(first), ["t7", "t9", "t8"], "t7 moved to the top");
  const more = after(first, { type: "loadingMore", loading: true },
    { type: "page", first: false, frame: page([thread("t7", 7), thread("t6", 6)]) });
  assert.deepEqual(ids(more), ["t7", "t9", "t8", "t6"]);
  assert.equal(more.threads[0].updatedAt, thread("t7", 10).updatedAt, "the change is newer than the page");
  assert.equal(more.loadingMore, false);
  assert.equal(more.hasMore, false);
});

test("a change with a thread inserts or replaces it in order; one without removes it", () => {
  const shown = after(start, { type: "page", first: true, frame: page([thread("a", 1), thread("b", 2)]) });
  const renamed = after(shown, { type: "change", frame: { type: "thread_changed", change: "renamed", threadId: "a",
    thread: thread("a", 1, { title: "Trips with Mum" }) } });
  assert.deepEqual(ids(renamed), ["b", "a"]);
  assert.equal(renamed.threads[1].title, "Trips with Mum");
  const created = after(renamed, { type: "change", frame: { type: "thread_changed", change: "created", threadId: "c",
    thread: thread("c", 3) } });
  assert.deepEqual(ids(created), ["c", "b", "a"]);
  const updated = after(created, { type: "change", frame: { type: "thread_changed", change: "updated", threadId: "a",
    thread: thread("a", 4) } });
  assert.deepEqual(ids(updated), ["a", "c", "b"]);
  const deleted = after(updated, { type: "change", frame: { type: "thread_changed", change: "deleted", threadId: "c" } });
  assert.deepEqual(ids(deleted), ["a", "b"]);
  assert.equal(after(deleted, { type: "deleted", threadId: "zzz" }), deleted, "removing what is not there changes nothing");
});

test("while more pages follow, a changed thread beyond the loaded ones waits for its page instead of showing after a gap", () => {
  const shown = after(start, { type: "page", first: true, frame: page([thread("t9", 9), thread("t8", 8)], { nextCursor: "c" }) });
  const old = after(shown, { type: "renamed", thread: thread("t2", 2, { title: "renamed" }) });
  assert.equal(old, shown);
  const recent = after(shown, { type: "change", frame: { type: "thread_changed", change: "updated", threadId: "t2",
    thread: thread("t2", 12) } });
  assert.deepEqual(ids(recent), ["t2", "t9", "t8"], "updated: it is the newest now, so it belongs to the loaded part");
});

test("a new search keeps the threads shown until its first page comes, and says they are not its own yet", () => {
  const shown = after(start, { type: "page", first: true, frame: page([thread("a", 1)], { nextCursor: "c" }) });
  const searching = after(shown, { type: "search", query: "trip" });
  assert.equal(searching.query, "trip");
  assert.equal(searching.loaded, false);
  assert.equal(searching.hasMore, false);
  assert.deepEqual(ids(searching), ["a"]);
  assert.equal(after(searching, { type: "search", query: "trip" }), searching, "the same search again changes nothing");
});

test("a lost connection stops waiting for the next page", () => {
  const waiting = after(start, { type: "loadingMore", loading: true });
  const lost = after(waiting, { type: "status", status: { status: "disconnected", reason: "connection lost", attempt: 1 } });
  assert.equal(lost.loadingMore, false);
});

test("the thread frames decode, and the codec refuses a thread of the wrong shape", () => {
  const frames = [
    page([thread("a", 1)], { nextCursor: "c", query: "trip" }),
    page([]),
    { type: "thread_changed", change: "renamed", threadId: "a", thread: thread("a", 1) },
    { type: "thread_changed", change: "deleted", threadId: "a" },
    { type: "thread_changed", change: "archived", threadId: "a", futureField: 1 },
    { type: "thread_renamed", thread: thread("a", 1), clientMessageId: "r-1" },
    { type: "thread_deleted", threadId: "a", clientMessageId: "d-1" },
    { type: "thread_deleted", threadId: "a" },
  ];
  for (const frame of frames) {
    const decoded = decodeServerFrame(JSON.stringify(frame));
    assert.equal(decoded.ok, true, JSON.stringify(decoded));
    assert.deepEqual(decoded.ok && decoded.frame, frame);
  }
  const noTitle = { ...thread("a", 1), title: undefined };
  for (const [frame, problem] of /** @type {[any, RegExp][]} */ ([
    [page(undefined), /threads needs "threads"/],
    [page([noTitle]), /threads\.threads\[0\] needs "title"/],
    [page([{ ...thread("a", 1), agent: { name: "x" } }]), /threads\[0\]\.agent needs "version"/],
    [page([{ ...thread("a", 1), lastMessage: 3 }]), /lastMessage must be a string/],
    [{ type: "thread_changed", change: "updated" }, /needs "threadId"/],
    [{ type: "thread_renamed", thread: "a" }, /thread must be an object/],
    [{ type: "thread_deleted", threadId: "a", clientMessageId: 1 }, /clientMessageId must be a string/],
  ])) {
    const decoded = decodeServerFrame(JSON.stringify(frame));
    assert.equal(decoded.ok, false, JSON.stringify(frame));
    assert.equal(!decoded.ok && decoded.code, "invalid_message");
    assert.match(!decoded.ok ? decoded.message : "", problem);
  }
});
