// An agent's knowledge files over the chat server's HTTP API (docs/api.md, "Knowledge files"): upload, list, remove.
// The WebSocket carries their effect (the draft's `files`, `file_status`), which ThreadState shows; these calls only
// make the changes. Uploads use XMLHttpRequest where there is one (browsers), for its upload progress, and fetch
// elsewhere (Node.js). Nothing here throws synchronously: every failure is a rejected promise of a KnowledgeFileError.

import { knowledgeFileProblem } from "./frames.js";

/** @typedef {import("./protocol.js").File} KnowledgeFile */

/**
 * Why a knowledge file call failed, for programs: the server's `error.code` (`too_many_files`, `storage_full`,
 * `payload_too_large`, `unsupported_media_type`, `unreadable_file`, `not_found`, `unauthorized`, `forbidden`,
 * `internal`, ...), or the client's own: `network_error` (no answer: the server is down, or the browser refused
 * the answer for CORS), `aborted` (the signal), `invalid_response` (an answer not in the API's shape, such as a
 * proxy's HTML page), `invalid_request` (an argument that cannot make a request).
 * @typedef {string} KnowledgeErrorCode
 */

/** A knowledge file call that failed: the server's code and words, or the client's, and the HTTP status (0: none). */
export class KnowledgeFileError extends Error {
  /**
   * @param {KnowledgeErrorCode} code
   * @param {string} message for people: the server's own words when it answered
   * @param {number} status the HTTP status, 0 when there was no answer
   */
  constructor(code, message, status) {
    super(message);
    this.name = "KnowledgeFileError";
    /** Why, for programs. */
    this.code = code;
    /** The HTTP status, 0 when there was no answer. */
    this.status = status;
  }
}

/**
 * Where the chat server's HTTP API is and who asks: what every call needs.
 * @typedef {object} KnowledgeApiOptions
 * @property {string} apiUrl the HTTP API's base URL (`http://localhost:3006`; a path prefix is kept)
 * @property {string} threadId
 * @property {string | (() => string | null | undefined | Promise<string | null | undefined>)} [token] the bearer
 *     token (or a function asked for it before each request), when the server has authentication on
 * @property {AbortSignal} [signal] aborts the request: the promise rejects with `aborted`
 * @property {typeof fetch} [fetch] the fetch to use (the global one)
 */

/**
 * Upload progress, as the request body leaves: `loaded` of `total` bytes.
 * @typedef {{ loaded: number, total: number }} UploadProgress
 */

/**
 * @typedef {KnowledgeApiOptions & {
 *   file: Blob,
 *   fileName?: string,
 *   maxBytes?: number,
 *   onProgress?: (progress: UploadProgress) => void,
 *   XMLHttpRequest?: typeof XMLHttpRequest | null,
 * }} UploadOptions `file`: what to upload (a browser's `File`, or any `Blob` with `fileName`); `fileName`: the name
 *     to store it under (a `File`'s own name by default); `maxBytes`: refuse a larger file before sending any of it
 *     (`payload_too_large`; the server's `limits.fileBytes` from `ready`); `onProgress`: called as the bytes go out
 *     (with fetch, which cannot tell, once before and once after); `XMLHttpRequest`: the implementation (the global
 *     one; null for fetch)
 */

/**
 * Gives the thread's agent a knowledge file. Resolves with the file as stored (status `indexing`; its `ready` or
 * `failed` comes as `file_status` on the thread's connections); rejects with a KnowledgeFileError carrying the
 * server's code and words (409 `too_many_files` or `storage_full`, 413 `payload_too_large`, 422 `unreadable_file`,
 * ...) or the client's.
 * @param {UploadOptions} options
 * @returns {Promise<KnowledgeFile>}
 */
export async function uploadKnowledgeFile(options) {
  const { file, onProgress, maxBytes } = options;
  if (!(file instanceof Blob)) {
    throw new KnowledgeFileError("invalid_request", "file must be a File or a Blob", 0);
  }
  const fileName = options.fileName ?? ("name" in file && typeof file.name === "string" ? file.name : "");
  if (fileName === "") {
    throw new KnowledgeFileError("invalid_request", "a Blob needs a fileName to be stored under", 0);
  }
  if (maxBytes !== undefined && file.size > maxBytes) {
    throw new KnowledgeFileError("payload_too_large", `${fileName} is ${formatBytes(file.size)}; a file may be at `
      + `most ${formatBytes(maxBytes)}.`, 0);
  }
  const url = filesUrl(options);
  const headers = await authHeaders(options);
  const body = new FormData();
  body.append("file", file, fileName);
  const Xhr = options.XMLHttpRequest === undefined ? globalThis.XMLHttpRequest : options.XMLHttpRequest;
  /** @type {Answer} */
  let answer;
  if (Xhr) {
    answer = await sendWithXhr(Xhr, url, headers, body, options.signal, onProgress);
  } else {
    onProgress?.({ loaded: 0, total: file.size });
    answer = await send(options, url, { method: "POST", headers, body });
    onProgress?.({ loaded: file.size, total: file.size });
  }
  const parsed = expect(answer, 201);
  const stored = isObject(parsed) ? parsed.file : undefined;
  return checkedFile(stored, answer.status);
}

/**
 * The agent's knowledge files, with their status now, in the order added.
 * @param {KnowledgeApiOptions} options
 * @returns {Promise<KnowledgeFile[]>}
 */
export async function listKnowledgeFiles(options) {
  const answer = await send(options, filesUrl(options), { method: "GET", headers: await authHeaders(options) });
  const parsed = expect(answer, 200);
  const files = isObject(parsed) ? parsed.files : undefined;
  if (!Array.isArray(files)) {
    throw invalidResponse(answer.status, "no files in the answer");
  }
  return files.map((file) => checkedFile(file, answer.status));
}

/**
 * Removes a knowledge file, its bytes and its passages (every connection then gets the draft without it). Resolves
 * once removed; a file that is not there rejects with `not_found`.
 * @param {KnowledgeApiOptions & { fileId: string }} options
 * @returns {Promise<void>}
 */
export async function removeKnowledgeFile(options) {
  const url = `${filesUrl(options)}/${encodeURIComponent(options.fileId)}`;
  expect(await send(options, url, { method: "DELETE", headers: await authHeaders(options) }), 204);
}

/**
 * A size for people: `812 bytes`, `47.1 KB`, `20 MB` (powers of 1000, as the server's limits are written).
 * @param {number} bytes
 * @returns {string}
 */
export function formatBytes(bytes) {
  if (bytes < 1000) {
    return `${bytes} ${bytes === 1 ? "byte" : "bytes"}`;
  }
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const rounded = value >= 100 || Number.isInteger(Math.round(value * 10) / 10) ? Math.round(value)
    : Math.round(value * 10) / 10;
  return `${rounded} ${units[unit]}`;
}

/**
 * An HTTP answer: its status and its body as text.
 * @typedef {{ status: number, text: string }} Answer
 */

/** @param {KnowledgeApiOptions} options */
function filesUrl({ apiUrl, threadId }) {
  if (typeof apiUrl !== "string" || !/^https?:\/\//i.test(apiUrl)) {
    throw new KnowledgeFileError("invalid_request", `apiUrl must be an http:// or https:// URL: ${apiUrl}`, 0);
  }
  if (typeof threadId !== "string" || threadId === "") {
    throw new KnowledgeFileError("invalid_request", "threadId must be a non-empty string", 0);
  }
  return `${apiUrl.replace(/\/+$/, "")}/v1/threads/${encodeURIComponent(threadId)}/files`;
}

/**
 * @param {KnowledgeApiOptions} options
 * @returns {Promise<Record<string, string>>}
 */
async function authHeaders({ token }) {
  const value = typeof token === "function" ? await token() : token;
  return value ? { Authorization: `Bearer ${value}` } : {};
}

/**
 * @param {KnowledgeApiOptions} options
 * @param {string} url
 * @param {RequestInit} init
 * @returns {Promise<Answer>}
 */
async function send(options, url, init) {
  const fetchFn = options.fetch ?? globalThis.fetch;
  const signal = options.signal;
  if (signal?.aborted) {
    throw aborted();
  }
  try {
    const response = await fetchFn(url, signal ? { ...init, signal } : init);
    return { status: response.status, text: await response.text() };
  } catch (e) {
    if (signal?.aborted) {
      throw aborted();
    }
    throw new KnowledgeFileError("network_error", `The chat server's API did not answer (${url}): `
      + `${/** @type {Error} */ (e).message}`, 0);
  }
}

/**
 * @param {typeof XMLHttpRequest} Xhr
 * @param {string} url
 * @param {Record<string, string>} headers
 * @param {FormData} body
 * @param {AbortSignal | undefined} signal
 * @param {((progress: UploadProgress) => void) | undefined} onProgress
 * @returns {Promise<Answer>}
 */
function sendWithXhr(Xhr, url, headers, body, signal, onProgress) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(aborted());
      return;
    }
    const xhr = new Xhr();
    const onAbort = () => xhr.abort();
    const done = () => signal?.removeEventListener("abort", onAbort);
    xhr.open("POST", url);
    for (const [name, value] of Object.entries(headers)) {
      xhr.setRequestHeader(name, value);
    }
    if (onProgress) {
      // Listening to upload events makes the request need a CORS preflight; only then is it worth it.
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) {
          report(onProgress, { loaded: event.loaded, total: event.total });
        }
      };
    }
    xhr.onload = () => {
      done();
      resolve({ status: xhr.status, text: xhr.responseText });
    };
    xhr.onerror = () => {
      done();
      reject(new KnowledgeFileError("network_error", `The chat server's API did not answer (${url}).`, 0));
    };
    xhr.onabort = () => {
      done();
      reject(aborted());
    };
    signal?.addEventListener("abort", onAbort);
    xhr.send(body);
  });
}

/**
 * A listener that throws hurts nothing else (as for every listener of this package).
 * @param {(progress: UploadProgress) => void} listener
 * @param {UploadProgress} progress
 */
function report(listener, progress) {
  try {
    listener(progress);
  } catch (e) {
    console.error("an onProgress listener failed:", e);
  }
}

/**
 * The parsed body of a successful answer; else the error the answer says.
 * @param {Answer} answer
 * @param {number} success the status that means it worked
 * @returns {unknown} the parsed body (undefined for an empty one)
 */
function expect(answer, success) {
  /** @type {unknown} */
  let parsed;
  if (answer.text !== "") {
    try {
      parsed = JSON.parse(answer.text);
    } catch {
      parsed = undefined;
    }
  }
  if (answer.status === success) {
    return parsed;
  }
  const error = isObject(parsed) && isObject(parsed.error) ? parsed.error : undefined;
  if (error && typeof error.code === "string" && typeof error.message === "string") {
    throw new KnowledgeFileError(error.code, error.message, answer.status);
  }
  throw invalidResponse(answer.status, answer.text.slice(0, 200));
}

/**
 * @param {unknown} value
 * @param {number} status
 * @returns {KnowledgeFile}
 */
function checkedFile(value, status) {
  const problem = knowledgeFileProblem(value);
  if (problem) {
    throw invalidResponse(status, problem);
  }
  return /** @type {KnowledgeFile} */ (value);
}

/**
 * @param {number} status
 * @param {string} detail
 */
function invalidResponse(status, detail) {
  return new KnowledgeFileError("invalid_response", `The chat server's API answered ${status} with something `
    + `else than it documents: ${detail}`, status);
}

function aborted() {
  return new KnowledgeFileError("aborted", "The request was aborted.", 0);
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
