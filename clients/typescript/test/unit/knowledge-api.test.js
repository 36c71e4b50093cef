// uploadKnowledgeFile, listKnowledgeFiles and removeKnowledgeFile against a real HTTP server on a free port (Node's
// http module playing the chat server's API as docs/api.md describes it), by fetch; and the browser's path, by
// XMLHttpRequest, with a double that reports upload progress.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before, beforeEach, test } from "node:test";
import {
  KnowledgeFileError, formatBytes, listKnowledgeFiles, removeKnowledgeFile, uploadKnowledgeFile,
} from "../../src/index.js";

const STORED = { fileId: "f-1", name: "notes.md", size: 11, type: "text/markdown", status: "indexing" };

/** @type {{ method: string, url: string, headers: import("node:http").IncomingHttpHeaders, body: Buffer }[]} */
let requests = [];
/** What the server answers next: status, body text, content type. @type {[number, string, string?]} */
let answer = [201, JSON.stringify({ file: STORED })];
/** @type {import("node:http").Server} */
let server;
let apiUrl = "";

before(async () => {
  server = createServer((req, res) => {
    /** @type {Buffer[]} */
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) });
      const [status, text, type = "application/json"] = answer;
      res.writeHead(status, text === "" ? {} : { "Content-Type": type });
      res.end(text);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const address = /** @type {import("node:net").AddressInfo} */ (server.address());
  apiUrl = `http://127.0.0.1:${address.port}/`;
});

after(() => new Promise((resolve) => server.close(() => resolve(undefined))));

beforeEach(() => {
  requests = [];
  answer = [201, JSON.stringify({ file: STORED })];
});

/**
 * The one part of a multipart body: its name, filename and content.
 * @param {{ headers: import("node:http").IncomingHttpHeaders, body: Buffer }} request
 */
function onlyPart(request) {
  const boundary = /boundary=(.+)$/.exec(request.headers["content-type"] ?? "")?.[1];
  assert.ok(boundary, `a multipart/form-data body: ${request.headers["content-type"]}`);
  const parts = request.body.toString("latin1").split(`--${boundary}`).slice(1, -1);
  assert.equal(parts.length, 1);
  const [head, ...content] = parts[0].split("\r\n\r\n");
  return {
    name: /name="([^"]*)"/.exec(head)?.[1],
    filename: /filename="([^"]*)"/.exec(head)?.[1],
    content: content.join("\r\n\r\n").replace(/\r\n$/, ""),
  };
}

/**
 * The rejection of `promise`, which must be a KnowledgeFileError.
 * @param {Promise<unknown>} promise
 * @returns {Promise<KnowledgeFileError>}
 */
async function failure(promise) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof KnowledgeFileError, `a KnowledgeFileError: ${e}`);
    return e;
  }
  assert.fail("resolved, but should have failed");
}

test("an upload posts the file as the multipart part named file, under its name, and resolves with the stored file", async () => {
  const progress = /** @type {any[]} */ ([]);
  const stored = await uploadKnowledgeFile({
    apiUrl, threadId: "trip planner", file: new File(["# Leave\n25 d"], "notes.md"), token: "tok-1",
    onProgress: (p) => progress.push(p),
  });
  assert.deepEqual(stored, STORED);
  assert.equal(requests.length, 1);
  const [request] = requests;
  assert.equal(request.method, "POST");
  assert.equal(request.url, "/v1/threads/trip%20planner/files");
  assert.equal(request.headers.authorization, "Bearer tok-1");
  assert.deepEqual(onlyPart(request), { name: "file", filename: "notes.md", content: "# Leave\n25 d" });
  assert.deepEqual(progress, [{ loaded: 0, total: 12 }, { loaded: 12, total: 12 }], "fetch cannot tell more");
});

test("a Blob is stored under the fileName given, and a token function is asked before the request", async () => {
  await uploadKnowledgeFile({ apiUrl, threadId: "t", file: new Blob(["a,b\n1,2"]), fileName: "table.csv",
    token: async () => "fresh" });
  assert.equal(onlyPart(requests[0]).filename, "table.csv");
  assert.equal(requests[0].headers.authorization, "Bearer fresh");
});

test("without a token, no Authorization header is sent", async () => {
  await uploadKnowledgeFile({ apiUrl, threadId: "t", file: new File(["x"], "a.txt") });
  assert.equal(requests[0].headers.authorization, undefined);
});

for (const [status, code, message] of /** @type {const} */ ([
  [422, "unreadable_file", "The file is empty."],
  [409, "too_many_files", "The agent has 20 files, the most it may have."],
  [409, "storage_full", "Your files would pass 200 MB."],
  [413, "payload_too_large", "The file is over 20 MB."],
  [415, "unsupported_media_type", "An upload is multipart/form-data with a part named file."],
  [404, "not_found", "There is no thread t."],
])) {
  test(`a refused upload rejects with the server's code and words: ${status} ${code}`, async () => {
    answer = [status, JSON.stringify({ error: { code, message } })];
    const error = await failure(uploadKnowledgeFile({ apiUrl, threadId: "t", file: new File([""], "empty.txt") }));
    assert.equal(error.code, code);
    assert.equal(error.message, message);
    assert.equal(error.status, status);
  });
}

test("an answer not in the API's shape (a proxy's page) rejects as invalid_response, with the status", async () => {
  answer = [502, "<html>Bad Gateway</html>", "text/html"];
  const error = await failure(uploadKnowledgeFile({ apiUrl, threadId: "t", file: new File(["x"], "a.txt") }));
  assert.equal(error.code, "invalid_response");
  assert.equal(error.status, 502);
  assert.match(error.message, /Bad Gateway/);
  answer = [201, JSON.stringify({ file: { ...STORED, size: "11" } })];
  assert.equal((await failure(uploadKnowledgeFile({ apiUrl, threadId: "t", file: new File(["x"], "a.txt") }))).code,
    "invalid_response");
});

test("a file over maxBytes is refused before any of it is sent", async () => {
  const error = await failure(uploadKnowledgeFile({
    apiUrl, threadId: "t", file: new File(["x".repeat(1500)], "big.txt"), maxBytes: 1000,
  }));
  assert.equal(error.code, "payload_too_large");
  assert.equal(error.message, "big.txt is 1.5 KB; a file may be at most 1 KB.");
  assert.equal(requests.length, 0);
});

test("no server there rejects as network_error", async () => {
  const closed = createServer();
  await new Promise((resolve) => closed.listen(0, "127.0.0.1", () => resolve(undefined)));
  const port = /** @type {import("node:net").AddressInfo} */ (closed.address()).port;
  await new Promise((resolve) => closed.close(() => resolve(undefined)));
  const error = await failure(uploadKnowledgeFile({
    apiUrl: `http://127.0.0.1:${port}`, threadId: "t", file: new File(["x"], "a.txt"),
  }));
  assert.equal(error.code, "network_error");
  assert.equal(error.status, 0);
});

test("an aborted signal rejects as aborted and sends nothing", async () => {
  const error = await failure(uploadKnowledgeFile({
    apiUrl, threadId: "t", file: new File(["x"], "a.txt"), signal: AbortSignal.abort(),
  }));
  assert.equal(error.code, "aborted");
  assert.equal(requests.length, 0);
});

test("the files are listed, each checked", async () => {
  const ready = { ...STORED, status: "ready" };
  answer = [200, JSON.stringify({ files: [ready] })];
  assert.deepEqual(await listKnowledgeFiles({ apiUrl, threadId: "t" }), [ready]);
  assert.equal(requests[0].method, "GET");
  assert.equal(requests[0].url, "/v1/threads/t/files");
  answer = [200, JSON.stringify({ files: [{ fileId: "f-1" }] })];
  assert.equal((await failure(listKnowledgeFiles({ apiUrl, threadId: "t" }))).code, "invalid_response");
});

test("a file is removed with DELETE, and one that is not there rejects with not_found", async () => {
  answer = [204, ""];
  await removeKnowledgeFile({ apiUrl, threadId: "t", fileId: "f-1", token: "tok" });
  assert.equal(requests[0].method, "DELETE");
  assert.equal(requests[0].url, "/v1/threads/t/files/f-1");
  assert.equal(requests[0].headers.authorization, "Bearer tok");
  answer = [404, JSON.stringify({ error: { code: "not_found", message: "There is no file f-1." } })];
  const error = await failure(removeKnowledgeFile({ apiUrl, threadId: "t", fileId: "f-1" }));
  assert.deepEqual([error.code, error.message, error.status], ["not_found", "There is no file f-1.", 404]);
});

test("a bad apiUrl rejects, without a request", async () => {
  const error = await failure(listKnowledgeFiles({ apiUrl: "ws://localhost:3004", threadId: "t" }));
  assert.equal(error.code, "invalid_request");
});

/** An XMLHttpRequest double: records the request; the test answers it and plays its upload progress. */
class FakeXhr {
  /** @type {FakeXhr[]} */
  static all = [];
  constructor() {
    /** @type {Record<string, string>} */
    this.headers = {};
    /** @type {any} */
    this.upload = { onprogress: null };
    this.status = 0;
    this.responseText = "";
    this.aborted = false;
    /** @type {any} */ this.onload = null;
    /** @type {any} */ this.onerror = null;
    /** @type {any} */ this.onabort = null;
    FakeXhr.all.push(this);
  }
  /** @param {string} method @param {string} url */
  open(method, url) {
    this.method = method;
    this.url = url;
  }
  /** @param {string} name @param {string} value */
  setRequestHeader(name, value) {
    this.headers[name] = value;
  }
  /** @param {FormData} body */
  send(body) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
  /** @param {number} status @param {string} text */
  answer(status, text) {
    this.status = status;
    this.responseText = text;
    this.onload?.();
  }
}

test("in a browser the upload goes by XMLHttpRequest and reports its progress as the bytes leave", async () => {
  FakeXhr.all = [];
  const progress = /** @type {any[]} */ ([]);
  const upload = uploadKnowledgeFile({
    apiUrl, threadId: "t", file: new File(["x".repeat(100)], "a.txt"), token: "tok",
    onProgress: (p) => progress.push(p), XMLHttpRequest: /** @type {any} */ (FakeXhr),
  });
  await new Promise((resolve) => setImmediate(resolve)); // the token is awaited first
  const [xhr] = FakeXhr.all;
  assert.equal(xhr.method, "POST");
  assert.equal(xhr.url, `${apiUrl}v1/threads/t/files`);
  assert.equal(xhr.headers.Authorization, "Bearer tok");
  assert.equal(/** @type {File} */ (xhr.body?.get("file")).name, "a.txt");
  xhr.upload.onprogress({ lengthComputable: true, loaded: 40, total: 200 });
  xhr.upload.onprogress({ lengthComputable: true, loaded: 200, total: 200 });
  xhr.answer(201, JSON.stringify({ file: STORED }));
  assert.deepEqual(await upload, STORED);
  assert.deepEqual(progress, [{ loaded: 40, total: 200 }, { loaded: 200, total: 200 }]);
});

test("by XMLHttpRequest, a refusal carries the server's words, and the signal aborts the upload", async () => {
  FakeXhr.all = [];
  const refused = uploadKnowledgeFile({ apiUrl, threadId: "t", file: new File(["\0\0"], "a.txt"),
    XMLHttpRequest: /** @type {any} */ (FakeXhr) });
  await new Promise((resolve) => setImmediate(resolve));
  FakeXhr.all[0].answer(422, JSON.stringify({ error: { code: "unreadable_file", message: "a.txt is binary data." } }));
  const error = await failure(refused);
  assert.deepEqual([error.code, error.message, error.status], ["unreadable_file", "a.txt is binary data.", 422]);

  const controller = new AbortController();
  const aborted = uploadKnowledgeFile({ apiUrl, threadId: "t", file: new File(["x"], "a.txt"),
    signal: controller.signal, XMLHttpRequest: /** @type {any} */ (FakeXhr) });
  await new Promise((resolve) => setImmediate(resolve));
  controller.abort();
  assert.equal((await failure(aborted)).code, "aborted");
  assert.equal(FakeXhr.all[1].aborted, true);
});

test("sizes read as people write them", () => {
  assert.deepEqual([0, 1, 812, 1000, 48213, 1_500_000, 20_000_000, 199_960_000].map(formatBytes),
    ["0 bytes", "1 byte", "812 bytes", "1 KB", "48.2 KB", "1.5 MB", "20 MB", "200 MB"]);
});
