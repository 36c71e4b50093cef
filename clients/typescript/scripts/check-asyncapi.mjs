// Parses docs/asyncapi.yaml with the AsyncAPI project's own parser, and fails on any error it reports.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Parser } from "@asyncapi/parser";

const path = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "docs", "asyncapi.yaml");
const { document, diagnostics } = await new Parser().parse(readFileSync(path, "utf8"), { source: path });
// Spectral's severities: 0 error, 1 warning, 2 information, 3 hint.
const errors = diagnostics.filter((d) => d.severity === 0);
for (const d of diagnostics.filter((x) => x.severity <= 1)) {
  console.error(`${d.severity === 0 ? "error" : "warning"} at ${d.path.join(".")}: ${d.message}`);
}
if (!document || errors.length > 0) {
  console.error(`docs/asyncapi.yaml does not parse as AsyncAPI: ${errors.length} error(s)`);
  process.exit(1);
}
console.log(`docs/asyncapi.yaml parses as AsyncAPI ${document.version()}: ${document.allMessages().length} messages, `
  + `${document.allSchemas().length} schemas`);
