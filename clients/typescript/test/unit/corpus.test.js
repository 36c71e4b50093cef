// The golden corpus of server frames (docs/corpus/server-frames.json), decoded as the Java codec decodes it
// (chat-protocol's corpus test reads the same file).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { decodeServerFrame } from "../../src/index.js";
import { DOCS } from "./schema.js";

const corpus = JSON.parse(readFileSync(join(DOCS, "corpus", "server-frames.json"), "utf8"));

test("the corpus has valid and invalid frames of every type", () => {
  assert.ok(corpus.valid.length > 10 && corpus.invalid.length > 10);
});

for (const entry of corpus.valid) {
  test(`decodes: ${entry.name}`, () => {
    const decoded = decodeServerFrame(entry.text ?? JSON.stringify(entry.frame));
    assert.equal(decoded.ok, true, decoded.ok ? "" : `${decoded.code}: ${decoded.message}`);
    if (decoded.ok) {
      assert.deepEqual(decoded.frame, entry.frame, "the frame as sent, unknown fields kept (and ignored)");
    }
  });
}

for (const entry of corpus.invalid) {
  test(`refuses with ${entry.error}: ${entry.name}`, () => {
    const decoded = decodeServerFrame(entry.text ?? JSON.stringify(entry.frame));
    assert.equal(decoded.ok, false, "decoded a frame the corpus says is invalid");
    if (!decoded.ok) {
      assert.equal(decoded.code, entry.error, decoded.message);
    }
  });
}
