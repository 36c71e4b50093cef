// Which thread, which user and which chat server: read once from the page's address (and the configured server),
// with the one connection to that server. Nothing here touches the document.
import { ChatClient, isValidId } from "./client/index.js";
import { config } from "./config.js";

const USER_KEY = "agent-chat.userId";

function threadIdFromPath() {
  try {
    return decodeURIComponent(location.pathname.replace(/^\/thread\//, ""));
  } catch {
    return "";
  }
}

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
export const threadId = threadIdFromPath();
export const userId = userIdFromUrlOrStorage(params);
const wsUrl = params.get("ws") || config.wsUrl;
// A link with ?ws= could send this user's id and messages anywhere; only servers on this page's own host (or the
// configured one's) are followed.
const wsAllowed = !params.get("ws") || [location.hostname, hostOf(config.wsUrl)].includes(hostOf(wsUrl));

/** Why the page must not connect (said as its status), or null when it may. */
export const connectionProblem = problemWith(threadId, userId, wsUrl);

// The one connection, through @agent-chat/client (the package frontend teams install). A page that must not connect
// still gets a client, never connected, so that every control works the same way and sends nothing.
export const service = new ChatClient(connectionProblem === null
  ? { url: wsUrl, threadId, userId }
  : { url: "ws://invalid", threadId: "invalid", userId: "invalid" });
// For the browser console: webChat.status, webChat.pending, webChat.lastSeq.
globalThis.webChat = service;

/**
 * @param {string} threadId
 * @param {string} userId
 * @param {string} wsUrl
 */
function problemWith(threadId, userId, wsUrl) {
  if (!isValidId(threadId)) {
    return `"${threadId}" is not a thread id (open /thread/<id>, with 1 to 128 letters, digits or _ . : -)`;
  }
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
