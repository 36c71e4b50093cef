// Generates src/protocol.d.ts, the TypeScript types of every frame, from the protocol's AsyncAPI document
// (docs/asyncapi.yaml): the schema is the reference, and these types follow it. With --check, writes nothing and
// fails when src/protocol.d.ts is not what the schema gives (the build runs it that way).
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { compile } from "json-schema-to-typescript";
import { parse } from "yaml";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const asyncApiPath = join(root, "..", "..", "docs", "asyncapi.yaml");
const outputPath = join(root, "src", "protocol.d.ts");

const BANNER = `// The frames of protocol v1 as TypeScript types, generated from docs/asyncapi.yaml by
// scripts/generate-protocol-types.mjs (npm run generate); do not edit by hand.
//
// The server frames are what this version of the server writes. A later v1 server may add optional fields, frame
// types and enum values: decodeServerFrame keeps frames whose shape it knows, whatever their values.`;

/**
 * The document's component schemas as one JSON Schema whose definitions are the components: references to
 * #/components/schemas/X become #/definitions/X, and titles go (each type is named after its component).
 * @param {any} node
 * @param {boolean} [names] `node` maps names to schemas (`properties`, the definitions): its keys are names, not
 *     keywords, so a property called `title` stays
 * @returns {any}
 */
function rewrite(node, names = false) {
  if (Array.isArray(node)) {
    return node.map((item) => rewrite(item));
  }
  if (node === null || typeof node !== "object") {
    return node;
  }
  if (names) {
    return Object.fromEntries(Object.entries(node).map(([name, schema]) => [name, rewrite(schema)]));
  }
  if (typeof node.$ref === "string") {
    // Beside $ref, draft-07 ignores other keywords; the generator would make a copy of the type for them.
    return { $ref: node.$ref.replace("#/components/schemas/", "#/definitions/") };
  }
  /** @type {Record<string, any>} */
  const out = {};
  // `type: integer` beside a oneOf of constants would widen the union to number.
  const constants = Array.isArray(node.oneOf) && node.oneOf.every((/** @type {any} */ o) => "const" in o);
  for (const [key, value] of Object.entries(node)) {
    if (key === "title" || key.startsWith("x-") || key === "examples" || (constants && key === "type")) {
      continue;
    }
    // Descriptions become doc comments; a YAML block's last line break would leave an empty line in each.
    out[key] = key === "description" && typeof value === "string" ? value.trimEnd()
      : rewrite(value, key === "properties" || key === "patternProperties");
  }
  return out;
}

export async function generate() {
  const document = parse(readFileSync(asyncApiPath, "utf8"));
  const definitions = rewrite(document.components.schemas, true);
  const schema = { title: "Protocol", type: "object", additionalProperties: false, definitions };
  const types = await compile(/** @type {any} */ (schema), "Protocol", {
    bannerComment: BANNER,
    unreachableDefinitions: true,
    maxItems: -1,
    additionalProperties: false,
    strictIndexSignatures: true,
    enableConstEnums: false,
    style: { printWidth: 120, singleQuote: false, trailingComma: "all" },
  });
  return types
    // The empty root type only holds the definitions together, and the notes about it say nothing.
    .replace(/\nexport interface Protocol \{\}\n/, "\n")
    .replace(/\n \*\n \* This interface was referenced by `Protocol`'s JSON-Schema\n \* via the `definition` "\w+"\./g, "")
    .replace(/\/\*\*\n \* This interface was referenced by `Protocol`'s JSON-Schema\n \* via the `definition` "\w+"\.\n \*\/\n/g, "");
}

const generated = await generate();
if (process.argv.includes("--check")) {
  const current = readFileSync(outputPath, "utf8");
  if (current !== generated) {
    console.error("src/protocol.d.ts is not what docs/asyncapi.yaml gives: run npm run generate, and commit it.");
    process.exit(1);
  }
  console.log("src/protocol.d.ts matches docs/asyncapi.yaml");
} else {
  writeFileSync(outputPath, generated);
  console.log(`wrote ${outputPath}`);
}
