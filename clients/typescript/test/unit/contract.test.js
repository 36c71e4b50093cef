// The types this package ships are the schema's, and the schema is a valid AsyncAPI document.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const scripts = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "scripts");

/** @param {string} script @param {string[]} args */
function run(script, ...args) {
  return execFileSync(process.execPath, [join(scripts, script), ...args], { encoding: "utf8", stdio: "pipe" });
}

test("src/protocol.d.ts is what docs/asyncapi.yaml generates", () => {
  assert.match(run("generate-protocol-types.mjs", "--check"), /matches/);
});

test("docs/asyncapi.yaml parses with the AsyncAPI parser, without errors", () => {
  assert.match(run("check-asyncapi.mjs"), /parses as AsyncAPI 3\.0\.0/);
});
