// The home page: the user's agents (one thread each), newest first, searched, renamed and deleted, live across tabs;
// New agent opens a fresh thread. The list is a ThreadList of @agent-chat/client on a user connection (no thread);
// threads.js draws it.
//
// Its parts, each importing only ones listed after it:
//   threads.js      the list: search, New agent, Load more, the delete confirmation
//   thread-row.js   one thread of it, renamed in place
//   indicator.js    the connection's status in the header
//   identity.js     the user and the chat server, from the page's address; links that keep them
import { ThreadList } from "./client/index.js";
import { serverProblem, userId, wsUrl } from "./identity.js";
import { showIndicator } from "./indicator.js";
import { mountThreads } from "./threads.js";

document.getElementById("user-label").textContent = `you are ${userId}`;

// A page that must not connect still gets a list, never connected, so that it draws the same way and sends nothing.
const list = new ThreadList(serverProblem === null
  ? { url: wsUrl, userId }
  : { url: "ws://invalid", userId: "invalid" });
// For the browser console: webChatThreads.getSnapshot().
globalThis.webChatThreads = list;

const indicator = document.getElementById("status");
const indicatorText = document.getElementById("status-text");
list.on("status", (status) => showIndicator(indicator, indicatorText, status));

mountThreads(document.getElementById("home-threads"), list, { idPrefix: "home" });

if (serverProblem) {
  showIndicator(indicator, indicatorText, { status: "error", reason: serverProblem });
} else {
  list.connect();
}
