// Who the user is and which chat server the pages talk to, read once from the page's address (and the configured
// server), for both pages (the home page and a thread's); and the links between them, which keep both. Nothing here
// touches the document.
import { isValidId } from "./client/index.js";
import { config } from "./config.js";

const USER_KEY = "agent-chat.userId";

function userIdFromUrlOrStorage(params) {
  const fromUrl = params.get("user");
  if (fromUrl) {
    return fromUrl;
  }
  let stored = null;
  try {
    stored = localStorage.getItem(USER_KEY);
    if (!stored) {
      const bytes = crypto.getRandomValues(new Uint8Array(6));
      stored = "user-" + [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
      localStorage.setItem(USER_KEY, stored);
    }
  } catch {
    // Storage disabled: a fresh id for this page only; the thread will not open again after a reload.
    stored ??= "user-" + Math.random().toString(16).slice(2, 14);
  }
  return stored;
}

function hostOf(url) {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

const params = new URLSearchParams(location.search);
export const userId = userIdFromUrlOrStorage(params);
export const wsUrl = params.get("ws") || config.wsUrl;
// A link with ?ws= could send this user's id and messages anywhere; only servers on this page's own host (or the
// configured one's) are followed.
const wsAllowed = !params.get("ws") || [location.hostname, hostOf(config.wsUrl)].includes(hostOf(wsUrl));
/** The chat server's HTTP API, where knowledge files are uploaded; ?api= is followed as ?ws= is. */
export const apiUrl = params.get("api") || config.apiUrl;
const apiAllowed = !params.get("api") || [location.hostname, hostOf(config.apiUrl), hostOf(wsUrl)]
  .includes(hostOf(apiUrl));

/** Why knowledge files cannot be uploaded to this API (said in the draft panel), or null when they can. */
export const apiProblem = !/^https?:\/\/[^/?#]/.test(apiUrl)
  ? `the chat server's API URL must start with http:// or https://, not "${apiUrl}"`
  : apiAllowed ? null : `the api parameter may only name a chat server on ${location.hostname}, not "${apiUrl}"`;

/** Why the pages must not connect as this user to this server (said as their status), or null when they may. */
export const serverProblem = problemWith(userId, wsUrl);

/**
 * `path` on this site, with the page's own `user`, `ws` and `api` parameters: the pages link to each other as the
 * same user, on the same server.
 * @param {string} path
 */
export function linkTo(path) {
  const kept = new URLSearchParams();
  for (const name of ["user", "ws", "api"]) {
    if (params.has(name)) {
      kept.set(name, params.get(name));
    }
  }
  const query = kept.toString();
  return query ? `${path}?${query}` : path;
}

/** The page of a thread. @param {string} threadId */
export function threadLink(threadId) {
  return linkTo(`/thread/${encodeURIComponent(threadId)}`);
}

/** A threadId nobody has used: a new agent. */
export function newThreadId() {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return "agent-" + [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function problemWith(userId, wsUrl) {
  if (!isValidId(userId)) {
    return `"${userId}" is not a valid user id (1 to 128 letters, digits or _ . : -)`;
  }
  if (!/^wss?:\/\/[^/?#]/.test(wsUrl)) {
    return `the chat server URL must start with ws:// or wss://, not "${wsUrl}"`;
  }
  if (!wsAllowed) {
    return `the ws parameter may only name a chat server on ${location.hostname}, not "${wsUrl}"`;
  }
  return null;
}
