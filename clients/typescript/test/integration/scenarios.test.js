// The client against the packaged server, over real sockets: the scenarios the Java client is tested by too
// (chat-client's ClientScenariosIT). Each ends with an audit of what the server stored.
import assert from "node:assert/strict";
import { test } from "node:test";
import WebSocket from "ws";
import { AgentThread } from "../../src/index.js";
import { storedEvents } from "./audit.js";
import { startServer, tempDataDir, token } from "./server.js";
import { state, until } from "./wait.js";

const TIMEOUT = { timeout: 120_000 };

/**
 * @param {string} url
 * @param {string} threadId
 * @param {Partial<import("../../src/client.js").ChatClientOptions>} [options]
 */
function openThread(url, threadId, options = {}) {
  const thread = new AgentThread({ url, threadId, userId: "alice", WebSocket: /** @type {any} */ (WebSocket),
    ...options });
  /** @type {string[]} */
  const statuses = [];
  thread.client.on("status", (s) => statuses.push(s.status));
  /** @type {any[]} */
  const stored = [];
  thread.client.on("frame", (f) => (f.type === "message" || f.type === "agent_updated") && stored.push(f));
  return { thread, statuses, stored };
}

/** @param {import("../../src/state.js").ThreadState} s @param {string} content */
function answered(s, content) {
  const asked = s.messages.find((m) => m.role === "user" && m.content === content);
  return asked !== undefined && s.messages.some((m) => m.role === "assistant" && m.replyTo === asked.id);
}

/**
 * The stored events are whole: seqs 1..n with no gap or repeat, one user message per clientMessageId, and every user
 * message answered exactly once.
 * @param {any[]} events
 */
function assertWhole(events) {
  assert.deepEqual(events.map((e) => e.seq), events.map((_, i) => i + 1), "seqs 1..n, each once, in order");
  const users = events.filter((e) => e.type === "message" && e.message.role === "user").map((e) => e.message);
  const replies = events.filter((e) => e.type === "message" && e.message.role === "assistant").map((e) => e.message);
  const ids = users.map((m) => m.clientMessageId);
  assert.equal(new Set(ids).size, ids.length, `each clientMessageId stored once: ${ids}`);
  for (const m of users) {
    assert.equal(replies.filter((r) => r.replyTo === m.id).length, 1, `"${m.content}" answered exactly once`);
  }
}

test("a turn streams: deltas that add up to the stored reply, draft changes, then idle", TIMEOUT, async () => {
  const server = await startServer({ dataDir: tempDataDir() });
  const { thread, stored } = openThread(server.url, "streamed");
  /** @type {string[]} */
  const deltas = [];
  thread.client.on("frame", (f) => f.type === "assistant_delta" && deltas.push(f.delta));
  try {
    thread.connect();
    const asked = "I want an agent that helps me plan trips";
    thread.send(asked);
    const done = await state(thread, (s) => answered(s, asked) && s.turn === "idle", "the reply");
    const reply = /** @type {any} */ (done.messages.at(-1));
    assert.equal(reply.role, "assistant");
    assert.ok(deltas.length > 1, "the reply streamed in pieces");
    assert.equal(deltas.join(""), reply.content);
    assert.ok(done.versions.length > 0 && done.agent.name !== "", "the builder filled in the draft as it went");
    assert.equal(done.streaming.builder, null);
    assert.deepEqual(done.pending, []);
    const audit = await storedEvents(server.url, "streamed", "alice");
    assertWhole(audit);
    assert.deepEqual(stored.map((e) => e.seq), audit.map((e) => e.seq), "the client got every stored event once");
  } finally {
    thread.close();
    await server.kill();
  }
});

test("killed with SIGKILL mid-turn and started again: the client resumes with no gap and no duplicate, and its "
  + "queued message is answered once", TIMEOUT, async () => {
  const dataDir = tempDataDir();
  const slow = ["--offline-chunk-delay", "100ms"];
  let server = await startServer({ dataDir, args: slow });
  const port = server.port;
  const { thread, statuses, stored } = openThread(server.url, "killed");
  try {
    thread.connect();
    const first = "I want an agent that helps me plan trips";
    thread.send(first);
    await state(thread, (s) => s.streaming.builder !== null, "the first delta");
    await server.kill("SIGKILL");
    await state(thread, (s) => s.connection.status === "disconnected", "the connection to be lost");
    const second = "Call it Wanderlust";
    thread.send(second);
    assert.equal(thread.getSnapshot().pending.length, 1, "queued while the server is down");

    server = await startServer({ dataDir, port, args: slow });
    const done = await state(thread, (s) => answered(s, first) && answered(s, second) && s.turn === "idle",
      "both messages answered after the restart");
    assert.deepEqual(done.pending, []);
    assert.equal(done.lastError, null, "no message taken for unanswered, no error");
    assert.equal(done.agent.name, "Wanderlust");

    const audit = await storedEvents(server.url, "killed", "alice");
    assertWhole(audit);
    assert.deepEqual(stored.map((e) => e.seq), audit.map((e) => e.seq), "delivered once each, in order, no gap");
    assert.deepEqual(done.messages.map((m) => m.seq), audit.filter((e) => e.type === "message").map((e) => e.seq));
    assert.ok(!statuses.includes("error"), `never in error: ${statuses}`);
    const afterKill = statuses.slice(statuses.indexOf("connected") + 1);
    assert.equal(afterKill[0], "disconnected");
    assert.equal(afterKill.at(-1), "connected");
    assert.ok(afterKill.includes("connecting"), `reconnect attempts show as connecting: ${statuses}`);
  } finally {
    thread.close();
    await server.kill();
  }
});

test("an expired token is refreshed on reconnect; the same expired token again is not retried", TIMEOUT, async () => {
  const secret = "a-secret-of-at-least-thirty-two-bytes!";
  const server = await startServer({ dataDir: tempDataDir(), env: { CHAT_AUTH_SECRET: secret } });
  const tokens = [token(secret, "alice", -60), token(secret, "alice", 3600)];
  let asked = 0;
  const fresh = openThread(server.url, "tokens", { getToken: () => tokens[Math.min(asked++, 1)] });
  const stale = openThread(server.url, "tokens", { getToken: () => tokens[0] });
  try {
    fresh.thread.connect();
    const joined = await state(fresh.thread, (s) => s.connection.status === "connected", "a join with a fresh token");
    assert.ok(joined.joined);
    assert.ok(asked >= 2, "asked again after the 4401");
    assert.ok(fresh.statuses.indexOf("disconnected") < fresh.statuses.indexOf("connected"));

    stale.thread.connect();
    const refused = await state(stale.thread, (s) => s.connection.status === "error", "the refusal");
    assert.equal(refused.connection.closeCode, 4401);
    assert.match(refused.connection.reason, /not retrying without a new token/);
    assert.equal(stale.statuses.filter((s) => s === "connecting").length, 1, "one attempt only");
    assert.deepEqual(await storedEvents(server.url, "tokens", "alice", tokens[1]), [], "nothing stored");
  } finally {
    fresh.thread.close();
    stale.thread.close();
    await server.kill();
  }
});

test("a permanent refusal (another user's thread, 4403) is not retried, and says why", TIMEOUT, async () => {
  const server = await startServer({ dataDir: tempDataDir() });
  const owner = openThread(server.url, "owned");
  const intruder = new AgentThread({ url: server.url, threadId: "owned", userId: "mallory",
    WebSocket: /** @type {any} */ (WebSocket) });
  /** @type {string[]} */
  const statuses = [];
  intruder.client.on("status", (s) => statuses.push(s.status));
  try {
    owner.thread.connect();
    owner.thread.send("I want an agent that helps me plan trips");
    await state(owner.thread, (s) => s.messages.length > 0, "the owner's message stored");
    intruder.connect();
    const refused = await state(intruder, (s) => s.connection.status === "error", "the refusal");
    assert.equal(refused.connection.closeCode, 4403);
    assert.match(refused.connection.reason, /\(4403\); not retrying/);
    assert.deepEqual(statuses, ["connecting", "error"], "one attempt, no retry");
    assert.deepEqual(refused.messages, [], "nothing of the thread shown");
    const audit = await storedEvents(server.url, "owned", "alice");
    assert.equal(audit.filter((e) => e.type === "message" && e.message.userId === "mallory").length, 0);
  } finally {
    owner.thread.close();
    intruder.close();
    await server.kill();
  }
});

test("an export is answered with the server's rendering of the draft", TIMEOUT, async () => {
  const server = await startServer({ dataDir: tempDataDir() });
  const { thread } = openThread(server.url, "exported");
  try {
    thread.connect();
    await until((l) => thread.client.on("status", l), (s) => s.status === "connected", "connected");
    const markdown = await thread.exportAgent("markdown");
    assert.equal(markdown.type, "agent_export");
    assert.equal(markdown.format, "markdown");
    assert.equal(typeof markdown.content, "string");
  } finally {
    thread.close();
    await server.kill();
  }
});
