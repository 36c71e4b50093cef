// The protocol's JSON Schemas (docs/asyncapi.yaml), for checking every frame this client sends.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import { parse } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
export const DOCS = join(here, "..", "..", "..", "..", "docs");

const document = parse(readFileSync(join(DOCS, "asyncapi.yaml"), "utf8"));
// AsyncAPI's own keywords (discriminator) and the document's x- notes are annotations here.
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
ajv.addSchema({ components: { schemas: document.components.schemas } }, "asyncapi");
const clientFrame = ajv.compile({ $ref: "asyncapi#/components/schemas/ClientFrame" });

/**
 * Throws, naming what is wrong, when `frame` is not a client frame the schema describes.
 * @param {unknown} frame
 */
export function assertValidClientFrame(frame) {
  if (!clientFrame(frame)) {
    throw new Error(`the client sent a frame docs/asyncapi.yaml does not allow: ${JSON.stringify(frame)}: `
      + ajv.errorsText(clientFrame.errors));
  }
}
