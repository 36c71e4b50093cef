// The daily token budget as a client sees it: the quota of `ready`, the usage of the replies seen since, a message
// refused with quota_exceeded, and each thread's usage in the user's list.
import assert from "node:assert/strict";
import { afterEach, mock, test } from "node:test";
import { AgentThread, initialThreadListState, reduceThreadList } from "../../src/index.js";
import { FakeSocket, reply, thread, userMessage } from "./fake-socket.js";
import { startClient, stopTimers, tick } from "./harness.js";

afterEach(stopTimers);

const QUOTA = Object.freeze({ used: 1240, limit: 5000, renewsAt: "2026-12-08T00:00:00.000Z" });
// The harness's clock starts at 1,000,000 ms, long before QUOTA renews.

/** @param {number} inputTokens @param {number} outputTokens */
const usage = (inputTokens, outputTokens) => ({ usage: { inputTokens, outputTokens } });

test("the quota is the ready's, known before anyone hears of the ready; null from a server without a budget", () => {
  const { client } = startClient();
  /** @type {unknown[]} */
  const heard = [];
  client.on("quota", (quota) => heard.push(["quota", quota]));
  client.on("frame", (frame) => heard.push([frame.type, client.quota]));
  assert.equal(client.quota, null);
  client.connect();
  FakeSocket.last.ready({ quota: QUOTA });
  assert.deepEqual(heard, [["quota", QUOTA], ["ready", QUOTA]]);
  FakeSocket.last.drop();
  tick(10_000);
  FakeSocket.last.ready();
  assert.equal(client.quota, null, "a ready without quota: this server has no budget");
});

test("used grows by each reply stored after the ready, of either conversation, and not by the replay", () => {
  const { client } = startClient();
  client.connect();
  FakeSocket.last.ready({ lastSeq: 2, quota: QUOTA });
  FakeSocket.last.receive(userMessage(1, "m1"));
  FakeSocket.last.receive(reply(2, "r1", "m1", usage(300, 40)));
  assert.equal(client.quota?.used, 1240, "the ready's count has the replayed reply already");
  FakeSocket.last.receive(userMessage(3, "m2"));
  FakeSocket.last.receive(reply(4, "r2", "m2", usage(350, 50)));
  FakeSocket.last.receive(userMessage(5, "p1", { channel: "preview" }));
  FakeSocket.last.receive(reply(6, "r3", "p1", { channel: "preview", ...usage(100, 10) }));
  FakeSocket.last.receive(reply(6, "r3", "p1", { channel: "preview", ...usage(100, 10) }));
  FakeSocket.last.receive(reply(7, "r4", "m2"));
  assert.deepEqual(client.quota, { ...QUOTA, used: 1240 + 400 + 110 }, "the duplicate and a reply without usage add nothing");
});

test("a reply after renewsAt starts the new day's count", () => {
  const { client } = startClient();
  client.connect();
  FakeSocket.last.ready({ quota: { used: 4900, limit: 5000, renewsAt: "1970-01-01T00:00:01.000Z" } });
  FakeSocket.last.receive(userMessage(1, "m1"));
  FakeSocket.last.receive(reply(2, "r1", "m1", usage(30, 12)));
  assert.deepEqual(client.quota, { used: 42, limit: 5000, renewsAt: "1970-01-02T00:00:00.000Z" });
});

test("a message refused with quota_exceeded is a failed request with the server's words, and is not sent again", () => {
  FakeSocket.reset();
  mock.timers.enable({ apis: ["setTimeout", "setInterval", "Date"], now: 1_000_000 });
  const t = new AgentThread({ url: "ws://chat.test", threadId: "t", userId: "u",
    WebSocket: /** @type {any} */ (FakeSocket), random: () => 0 });
  t.connect();
  FakeSocket.last.ready({ quota: QUOTA });
  assert.deepEqual(t.getSnapshot().quota, QUOTA);
  const id = t.send("and now in French");
  assert.deepEqual(t.getSnapshot().pending.map((p) => p.clientMessageId), [id]);
  const spent = { used: 5120, limit: 5000, renewsAt: "2026-12-08T00:00:00.000Z" };
  const words = "You have used your 5000 tokens for today. Your budget renews at 2026-12-08T00:00:00Z (midnight UTC).";
  FakeSocket.last.receive({ type: "error", code: "quota_exceeded", message: words, clientMessageId: id, quota: spent });
  const state = t.getSnapshot();
  assert.deepEqual(state.pending, []);
  assert.deepEqual(state.lastError, { code: "quota_exceeded", message: words, clientMessageId: id, quota: spent });
  assert.deepEqual(state.quota, spent, "the refusal's count replaces what the client had");
  assert.deepEqual(t.client.quota, spent);
  FakeSocket.last.drop();
  tick(10_000);
  FakeSocket.last.ready({ quota: spent });
  assert.deepEqual(FakeSocket.last.sentOfType("user_message"), [], "a refused message is not sent again");
});

test("another error leaves the quota alone", () => {
  const { client } = startClient();
  client.connect();
  FakeSocket.last.ready({ quota: QUOTA });
  FakeSocket.last.receive({ type: "error", code: "busy", message: "The builder is busy.", clientMessageId: "c1" });
  assert.deepEqual(client.quota, QUOTA);
});

test("the user's list shows each thread's usage, from its pages and its changes", () => {
  const withUsage = thread("a", 1, { usage: { inputTokens: 2388, outputTokens: 420 } });
  const listed = reduceThreadList(initialThreadListState("u"),
    { type: "page", first: true, frame: { type: "threads", threads: [withUsage, thread("b", 0)] } });
  assert.deepEqual(listed.threads.map((t) => t.usage), [{ inputTokens: 2388, outputTokens: 420 }, undefined]);
  const changed = reduceThreadList(listed, { type: "change", frame: { type: "thread_changed", change: "updated",
    threadId: "a", thread: { ...withUsage, updatedAt: "2026-12-07T10:05:00.000Z",
      usage: { inputTokens: 2800, outputTokens: 500 } } } });
  assert.deepEqual(changed.threads[0].usage, { inputTokens: 2800, outputTokens: 500 });
});
