// The draft's knowledge files and a reply's citations in ThreadState: each file at the furthest status seen, whatever
// order the replayed versions and the live file_status frames come in; citations from the first delta on.
import assert from "node:assert/strict";
import { test } from "node:test";
import { initialThreadState, reduce } from "../../src/index.js";
import { agent, readyFrame, reply } from "./fake-socket.js";

/** @param {...any} events */
function run(...events) {
  return events.reduce((state, event) => reduce(state, event), initialThreadState("t", "u"));
}

const frame = (/** @type {any} */ f) => ({ type: "frame", frame: f });

/** @param {string} fileId @param {string} status @param {object} [extra] */
function file(fileId, status, extra = {}) {
  return { fileId, name: `${fileId}.md`, size: 812, type: "text/markdown", status, ...extra };
}

/** @param {number} seq @param {any[]} files */
function updated(seq, files) {
  return frame({ type: "agent_updated", seq, source: "user", agent: agent(seq, files.length ? { files } : {}) });
}

const CITATION = {
  fileId: "f1", fileName: "handbook.pdf", text: "25 days of leave.", passage: 4, start: 2210, end: 2790, score: 0.71,
};

test("a new thread has no files", () => {
  assert.deepEqual(initialThreadState("t", "u").files, []);
});

test("a file uploaded shows indexing, then ready when its file_status comes", () => {
  let state = run(frame(readyFrame()), updated(1, [file("f1", "indexing")]));
  assert.deepEqual(state.files.map((f) => [f.fileId, f.status]), [["f1", "indexing"]]);
  state = reduce(state, frame({ type: "file_status", file: file("f1", "ready") }));
  assert.deepEqual(state.files.map((f) => [f.fileId, f.status]), [["f1", "ready"]]);
  assert.equal(state.agent.files?.[0].status, "ready", "the agent shows the same files");
});

test("a replayed agent_updated does not take a ready file back to indexing", () => {
  const state = run(
    frame(readyFrame({ agent: agent(2, { files: [file("f1", "ready"), file("f2", "failed", { error: "No text." })] }) })),
    updated(1, [file("f1", "indexing")]),
    updated(2, [file("f1", "indexing"), file("f2", "indexing")]),
  );
  assert.deepEqual(state.files.map((f) => [f.fileId, f.status, f.error]),
    [["f1", "ready", undefined], ["f2", "failed", "No text."]]);
  assert.equal(state.agent.version, 2);
  assert.equal(state.versions[0].agent.files?.[0].status, "indexing", "the history keeps each version as it was");
});

test("a file_status that comes before the version adding the file is kept for it", () => {
  const state = run(frame(readyFrame()), frame({ type: "file_status", file: file("f1", "failed", { error: "Empty." }) }),
    updated(1, [file("f1", "indexing")]));
  assert.deepEqual(state.files.map((f) => [f.status, f.error]), [["failed", "Empty."]]);
});

test("a file_status for a file not in the draft changes nothing shown", () => {
  const before = run(frame(readyFrame()), updated(1, [file("f1", "indexing")]));
  const after = reduce(before, frame({ type: "file_status", file: file("f9", "ready") }));
  assert.equal(after.files, before.files);
  assert.equal(after.agent, before.agent);
});

test("a file_status with the status already shown changes nothing", () => {
  const before = run(frame(readyFrame()), updated(1, [file("f1", "ready")]));
  const stale = reduce(before, frame({ type: "file_status", file: file("f1", "indexing") }));
  assert.equal(stale, before);
});

test("a removed file leaves the draft's files", () => {
  const state = run(frame(readyFrame()), updated(1, [file("f1", "ready"), file("f2", "ready")]), updated(2, [file("f2", "ready")]));
  assert.deepEqual(state.files.map((f) => f.fileId), ["f2"]);
  assert.equal(run(frame(readyFrame()), updated(1, [file("f1", "ready")]), updated(2, [])).files.length, 0);
});

test("a streaming reply keeps the citations of its first delta", () => {
  const state = run(frame(readyFrame()),
    frame({ type: "assistant_delta", messageId: "r1", delta: "According to ", channel: "preview", citations: [CITATION] }),
    frame({ type: "assistant_delta", messageId: "r1", delta: "the handbook", channel: "preview" }));
  assert.deepEqual(state.streaming.preview, {
    messageId: "r1", text: "According to the handbook", interrupted: false, citations: [CITATION],
  });
});

test("a reply without citations has none, and the next reply does not inherit the last one's", () => {
  let state = run(frame(readyFrame()),
    frame({ type: "assistant_delta", messageId: "r1", delta: "A", channel: "preview", citations: [CITATION] }));
  state = reduce(state, frame({ type: "assistant_delta", messageId: "r2", delta: "B", channel: "preview" }));
  assert.equal(state.streaming.preview?.citations, undefined);
  assert.equal("citations" in (state.streaming.preview ?? {}), false);
});

test("the stored reply keeps its citations", () => {
  const state = run(frame(readyFrame()), frame(reply(2, "r1", "m1", { channel: "preview", citations: [CITATION] })));
  assert.deepEqual(state.previewMessages[0].citations, [CITATION]);
});
