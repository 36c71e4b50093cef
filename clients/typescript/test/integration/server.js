// The packaged chat server (chat-server.jar), started with `java -jar` on a free port, as users run it.
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";

const here = dirname(fileURLToPath(import.meta.url));

/** The jar under test: CHAT_SERVER_JAR, or the one the Maven build leaves in chat-server/target. */
export const SERVER_JAR = process.env.CHAT_SERVER_JAR
  ?? resolve(here, "../../../../chat-server/target/chat-server.jar");

/** A fresh data directory, removed when the process exits. */
export function tempDataDir() {
  const dir = mkdtempSync(join(tmpdir(), "agent-chat-client-it-"));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * A running server. `port` is known once started; `kill()` sends SIGKILL and waits for the exit.
 * @typedef {object} RunningServer
 * @property {number} port
 * @property {string} url ws://127.0.0.1:port
 * @property {string[]} log its stderr, line by line
 * @property {(signal?: NodeJS.Signals) => Promise<void>} kill
 */

/**
 * Starts the jar and waits for its "listening on ws://..." line.
 * @param {{ dataDir: string, port?: number, args?: string[], env?: Record<string, string> }} options
 * @returns {Promise<RunningServer>}
 */
export function startServer({ dataDir, port = 0, args = [], env = {} }) {
  if (!existsSync(SERVER_JAR)) {
    throw new Error(`no server jar at ${SERVER_JAR}: build it first (mvn -B -ntp package -DskipTests)`);
  }
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, "bin", "java") : "java";
  const child = spawn(java, ["-jar", SERVER_JAR, "--host", "127.0.0.1", "--port", String(port), "--admin-port", "0",
    "--api-port", "0", "--data-dir", dataDir, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
  const exited = new Promise((resolveExit) => child.once("exit", resolveExit));
  process.on("exit", () => child.kill("SIGKILL"));
  /** @type {string[]} */
  const log = [];
  return new Promise((resolveStart, rejectStart) => {
    const lines = createInterface({ input: /** @type {import("node:stream").Readable} */ (child.stderr) });
    lines.on("line", (line) => {
      log.push(line);
      const listening = /listening on ws:\\?\/\\?\/[^:]+:(\d+)/.exec(line);
      if (listening) {
        const actual = Number(listening[1]);
        resolveStart({
          port: actual,
          url: `ws://127.0.0.1:${actual}`,
          log,
          kill: async (signal = "SIGKILL") => {
            child.kill(signal);
            await exited;
          },
        });
      }
    });
    void exited.then((code) => rejectStart(new Error(`the server exited (${code}) before listening:\n${log.join("\n")}`)));
  });
}

/**
 * An HS256 JWT for `sub`, as the server's --auth-secret checks it (docs/security.md).
 * @param {string} secret
 * @param {string} sub
 * @param {number} expiresInSeconds negative for one that has already expired
 */
export function token(secret, sub, expiresInSeconds) {
  const now = Math.floor(Date.now() / 1000);
  const part = (/** @type {object} */ value) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${part({ alg: "HS256", typ: "JWT" })}.${part({ sub, iat: now - 60, exp: now + expiresInSeconds })}`;
  return `${unsigned}.${createHmac("sha256", secret).update(unsigned).digest("base64url")}`;
}
