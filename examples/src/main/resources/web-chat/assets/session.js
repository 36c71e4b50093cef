// Which thread, read once from the page's address, with the one connection to it (the user and the chat server come
// from identity.js). Nothing here touches the document.
import { ChatClient, isValidId } from "./client/index.js";
import { serverProblem, userId, wsUrl } from "./identity.js";

export { userId };

function threadIdFromPath() {
  try {
    return decodeURIComponent(location.pathname.replace(/^\/thread\//, ""));
  } catch {
    return "";
  }
}

export const threadId = threadIdFromPath();

/** Why the page must not connect (said as its status), or null when it may. */
export const connectionProblem = isValidId(threadId)
  ? serverProblem
  : `"${threadId}" is not a thread id (open /thread/<id>, with 1 to 128 letters, digits or _ . : -)`;

// The one connection, through @agent-chat/client (the package frontend teams install). A page that must not connect
// still gets a client, never connected, so that every control works the same way and sends nothing.
export const service = new ChatClient(connectionProblem === null
  ? { url: wsUrl, threadId, userId }
  : { url: "ws://invalid", threadId: "invalid", userId: "invalid" });
// For the browser console: webChat.status, webChat.pending, webChat.lastSeq.
globalThis.webChat = service;
