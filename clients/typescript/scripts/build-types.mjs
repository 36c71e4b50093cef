// Builds the package's type declarations: tsc writes dist/*.d.ts from the JSDoc types of src/*.js, and the frame
// types generated from the AsyncAPI document (src/protocol.d.ts) are copied beside them.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
rmSync(join(root, "dist"), { recursive: true, force: true });
mkdirSync(join(root, "dist"));
execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });
copyFileSync(join(root, "src", "protocol.d.ts"), join(root, "dist", "protocol.d.ts"));
