import assert from "node:assert/strict";
import { test } from "node:test";
import { EMPTY_AGENT, initialThreadState, reduce } from "../../src/index.js";
import { agent, readyFrame, reply, userMessage } from "./fake-socket.js";

/** @param {...any} events */
function run(...events) {
  return events.reduce((state, event) => reduce(state, event), initialThreadState("t", "u"));
}

const frame = (/** @type {any} */ f) => ({ type: "frame", frame: f });
const status = (/** @type {string} */ s) => ({ type: "status", status: { status: s, reason: s, attempt: 0 } });

test("a new thread starts empty, disconnected and idle", () => {
  const state = initialThreadState("t", "u");
  assert.equal(state.connection.status, "disconnected");
  assert.equal(state.turn, "idle");
  assert.deepEqual(state.messages, []);
  assert.equal(state.agent, EMPTY_AGENT);
  assert.equal(state.joined, false);
});

test("messages are kept per conversation in seq order, each once", () => {
  const state = run(
    frame(readyFrame()),
    frame(userMessage(1, "m1")),
    frame(userMessage(2, "p1", { channel: "preview" })),
    frame(reply(4, "r1", "m1")),
    frame(reply(3, "pr1", "p1", { channel: "preview" })),
    frame(reply(4, "r1", "m1")),
  );
  assert.deepEqual(state.messages.map((m) => [m.seq, m.id]), [[1, "m1"], [4, "r1"]]);
  assert.deepEqual(state.previewMessages.map((m) => [m.seq, m.id]), [[2, "p1"], [3, "pr1"]]);
});

test("a streaming reply grows delta by delta, and its stored message ends it", () => {
  let state = run(frame(readyFrame()), frame(userMessage(1, "m1")), frame({ type: "status", state: "thinking" }),
    frame({ type: "assistant_delta", messageId: "r1", delta: "Hello " }),
    frame({ type: "assistant_delta", messageId: "r1", delta: "there" }));
  assert.equal(state.turn, "thinking");
  assert.deepEqual(state.streaming.builder, { messageId: "r1", text: "Hello there", interrupted: false });
  assert.equal(state.streaming.preview, null);
  state = reduce(state, frame(reply(2, "r1", "m1")));
  assert.equal(state.streaming.builder, null);
});

test("preview deltas stream apart from the builder's", () => {
  const state = run(frame({ type: "assistant_delta", messageId: "x", delta: "Bonjour", channel: "preview" }));
  assert.equal(state.streaming.preview?.text, "Bonjour");
  assert.equal(state.streaming.builder, null);
});

test("a reply streaming when the connection is lost stops growing until its message arrives", () => {
  let state = run(status("connected"), frame(readyFrame()),
    frame({ type: "assistant_delta", messageId: "r1", delta: "Hel" }), status("disconnected"), status("connecting"),
    status("connected"), frame(readyFrame({ status: "thinking", lastSeq: 1 })),
    frame({ type: "assistant_delta", messageId: "r1", delta: "lo wor" }));
  assert.deepEqual(state.streaming.builder, { messageId: "r1", text: "Hel", interrupted: true },
    "missed deltas would leave a hole: the text stays as it was");
  state = reduce(state, frame(reply(2, "r1", "m1")));
  assert.equal(state.streaming.builder, null);
  assert.equal(state.messages.at(-1)?.content, "reply r1");
});

test("a rejoin to an idle thread clears what was streaming", () => {
  const state = run(status("connected"), frame({ type: "assistant_delta", messageId: "r1", delta: "Hel" }),
    status("disconnected"), status("connected"), frame(readyFrame({ status: "idle" })));
  assert.equal(state.streaming.builder, null);
  assert.equal(state.turn, "idle");
});

test("another server's answer with a new messageId replaces the deltas of the one that died", () => {
  const state = run(frame({ type: "assistant_delta", messageId: "a", delta: "From node A" }),
    frame({ type: "assistant_delta", messageId: "b", delta: "From node B" }));
  assert.deepEqual(state.streaming.builder, { messageId: "b", text: "From node B", interrupted: false });
});

test("every draft change is a version, with who made it", () => {
  const state = run(frame(readyFrame()),
    frame({ type: "agent_updated", seq: 1, agent: agent(1, { name: "Trip Planner" }), source: "builder" }),
    frame({ type: "agent_updated", seq: 2, agent: agent(2, { name: "Wanderlust" }), source: "user" }),
    frame({ type: "agent_updated", seq: 3, agent: agent(3, { name: "Trip Planner" }) }));
  assert.equal(state.agent.version, 3);
  assert.deepEqual(state.versions.map((v) => [v.version, v.source, v.agent.name]),
    [[1, "builder", "Trip Planner"], [2, "user", "Wanderlust"], [3, "builder", "Trip Planner"]]);
});

test("errors are kept for the UI until dismissed, and a failed turn's deltas are dropped", () => {
  let state = run(frame({ type: "assistant_delta", messageId: "r1", delta: "Hel" }),
    frame({ type: "error", code: "agent_error", message: "The model provider is busy.", clientMessageId: "c1" }));
  assert.deepEqual(state.lastError, { code: "agent_error", message: "The model provider is busy.",
    clientMessageId: "c1" });
  assert.equal(state.streaming.builder, null);
  state = reduce(state, { type: "dismissError" });
  assert.equal(state.lastError, null);
  assert.equal(reduce(state, { type: "dismissError" }), state, "nothing to dismiss: the same state");
  state = reduce(state, frame({ type: "error", code: "version_conflict", message: "changed", currentVersion: 5 }));
  assert.equal(state.lastError?.currentVersion, 5);
});

test("a reset forgets the thread's events", () => {
  const state = run(frame(userMessage(1, "m1")), frame({ type: "agent_updated", seq: 2, agent: agent(1) }),
    { type: "reset" });
  assert.deepEqual(state.messages, []);
  assert.deepEqual(state.versions, []);
});

test("frames that change nothing keep the same state object", () => {
  const state = run(frame(readyFrame()));
  assert.equal(reduce(state, frame({ type: "pong" })), state);
  assert.equal(reduce(state, frame({ type: "ack", seq: 1, duplicate: false })), state);
});
