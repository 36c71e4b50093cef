// Knowledge files and citations on the wire, decoded by the rules the Java codec applies (ServerFrameReader): the
// corpus holds the main cases; these are the edges of the optional fields around them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeServerFrame } from "../../src/index.js";

const FILE = { fileId: "f-1", name: "handbook.pdf", size: 48213, type: "application/pdf", status: "ready" };
const CITATION = {
  fileId: "f-1", fileName: "handbook.pdf", text: "25 days of leave.", passage: 4, start: 2210, end: 2790, score: 0.71,
};
const AGENT = {
  name: "", description: "", instructions: "", conversationStarters: [], capabilities: [], version: 3,
};

/** @param {object} frame */
const decode = (frame) => decodeServerFrame(JSON.stringify(frame));

/** @param {object} frame */
function assertRefused(frame) {
  const decoded = decode(frame);
  assert.equal(decoded.ok, false, `decoded ${JSON.stringify(frame)}`);
  if (!decoded.ok) {
    assert.equal(decoded.code, "invalid_message");
  }
}

test("an agent without files, from a server that predates them, decodes as before", () => {
  assert.equal(decode({ type: "agent_updated", seq: 1, agent: AGENT }).ok, true);
  assert.equal(decode({ type: "agent_updated", seq: 1, agent: { ...AGENT, files: null } }).ok, true);
});

test("an agent's files must each be a whole file object", () => {
  assert.equal(decode({ type: "agent_updated", seq: 1, agent: { ...AGENT, files: [FILE] } }).ok, true);
  assertRefused({ type: "agent_updated", seq: 1, agent: { ...AGENT, files: FILE } });
  assertRefused({ type: "agent_updated", seq: 1, agent: { ...AGENT, files: [{ ...FILE, size: -1 }] } });
  assertRefused({ type: "agent_updated", seq: 1, agent: { ...AGENT, files: [{ ...FILE, error: 7 }] } });
  assertRefused({ type: "agent_updated", seq: 1, agent: { ...AGENT, files: ["handbook.pdf"] } });
});

test("a failed file's error is kept, and a status this client does not know is kept too", () => {
  const failed = decode({ type: "file_status", file: { ...FILE, status: "failed", error: "No text." } });
  assert.deepEqual(failed.ok && failed.frame, { type: "file_status", file: { ...FILE, status: "failed", error: "No text." } });
  assert.equal(decode({ type: "file_status", file: { ...FILE, status: "quarantined" } }).ok, true,
    "only shapes are checked: a later server may add a status");
});

test("citations are checked on the first delta and on the stored reply", () => {
  const delta = { type: "assistant_delta", messageId: "r1", delta: "According to ", channel: "preview" };
  assert.equal(decode({ ...delta, citations: [CITATION] }).ok, true);
  assert.equal(decode({ ...delta, citations: [{ ...CITATION, score: -0.25 }] }).ok, true, "a cosine may be negative");
  assertRefused({ ...delta, citations: CITATION });
  assertRefused({ ...delta, citations: [{ ...CITATION, score: "0.7" }] });
  assertRefused({ ...delta, citations: [{ ...CITATION, passage: -1 }] });
  assertRefused({ ...delta, citations: [{ ...CITATION, end: 2.5 }] });
  const { fileName: _, ...nameless } = CITATION;
  assertRefused({ ...delta, citations: [nameless] });
  const message = { id: "r1", role: "assistant", content: "x", createdAt: "2026-12-07T21:40:12.088Z" };
  assert.equal(decode({ type: "message", seq: 2, message: { ...message, citations: [CITATION] } }).ok, true);
  assertRefused({ type: "message", seq: 2, message: { ...message, citations: [{ ...CITATION, text: null }] } });
});

test("the file limits are optional in ready's limits, and whole numbers from 0 when present", () => {
  const limits = {
    messageChars: 8000, nameChars: 80, descriptionChars: 500, instructionsChars: 8000, conversationStarters: 8,
    conversationStarterChars: 200,
  };
  const ready = {
    type: "ready", threadId: "t", userId: "u", connectionId: "c", lastSeq: 0, agent: AGENT, status: "idle",
    reset: false,
  };
  assert.equal(decode({ ...ready, limits }).ok, true);
  assert.equal(decode({ ...ready, limits: { ...limits, fileBytes: 20_000_000_000, files: 0 } }).ok, true,
    "fileBytes may pass what 32 bits hold");
  assertRefused({ ...ready, limits: { ...limits, fileBytes: -1 } });
  assertRefused({ ...ready, limits: { ...limits, files: 2 ** 31 } });
  assertRefused({ ...ready, limits: { ...limits, files: "20" } });
});
