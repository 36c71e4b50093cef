// The reference web chat: one thread, its transcript streaming in, and the agent draft beside it. All protocol work
// (reconnects, resume, the outbox) is in websocket.js; this file only turns its status and frames into the page.
import { config } from "./config.js";
import { Status, WebSocketService } from "./websocket.js";

const ID_RULE = /^[A-Za-z0-9_.:-]{1,128}$/;
const USER_KEY = "agent-chat.userId";

const CAPABILITY_LABELS = {
  web_search: "Web search",
  code_interpreter: "Code interpreter",
  image_generation: "Image generation",
  file_search: "File search",
};

const STATUS_LABELS = {
  [Status.CONNECTED]: "Connected",
  [Status.CONNECTING]: "Connecting…",
  [Status.DISCONNECTED]: "Disconnected",
  [Status.ERROR]: "Error",
};

const ERROR_LABELS = {
  invalid_json: "The server could not read what this page sent",
  invalid_message: "The server refused that message",
  unknown_type: "The server did not understand a request from this page",
  message_too_long: "That message is too long",
  outbox_full: "Too many messages are waiting for the connection",
  busy: "The builder has too many messages waiting; send yours again in a moment",
  rate_limited: "Too many messages too fast; wait a moment",
  agent_error: "The builder could not answer",
  invalid_request: "The connection request was refused",
  unauthorized: "You need to sign in to open this thread",
  forbidden: "You may not open this thread",
  internal: "The server had a problem; try again",
};

const $ = (id) => document.getElementById(id);
const el = {
  status: $("status"),
  statusText: $("status-text"),
  threadLabel: $("thread-label"),
  userLabel: $("user-label"),
  errorBanner: $("error-banner"),
  errorText: $("error-text"),
  messages: $("messages"),
  thinking: $("thinking"),
  composer: $("composer"),
  warning: $("offline-warning"),
  input: $("input"),
  send: $("send"),
};

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

// ---- the status indicator and the composer ----

let currentStatus = Status.DISCONNECTED;
let serverThinking = false;

// "Thinking" until the reply shows up word by word: the streaming bubble then says enough by itself.
function renderThinking() {
  el.thinking.hidden = !(serverThinking && currentStatus === Status.CONNECTED && streams.size === 0);
}

function renderStatus({ status, reason }) {
  currentStatus = status;
  el.status.dataset.status = status;
  el.status.className = `status status-${status}`;
  const label = STATUS_LABELS[status];
  el.statusText.textContent = status === Status.CONNECTED || !reason ? label : `${label}: ${reason}`;

  const connected = status === Status.CONNECTED;
  el.send.disabled = !connected;
  // While a reconnect is possible the textarea stays usable, so nothing typed is lost and Enter can queue a
  // message for when the connection is back. After a refusal (error) nothing can be sent at all.
  el.input.disabled = status === Status.ERROR;
  el.composer.classList.toggle("offline", !connected);
  el.warning.hidden = connected;
  if (status === Status.ERROR) {
    el.warning.textContent = `Cannot connect to the chat server: ${reason}.`;
  } else if (!connected) {
    el.warning.textContent = "Not connected to the chat server, so sending is off. Press Enter to queue a "
      + "message instead: it is sent as soon as the connection is back.";
  }
  renderThinking();
}

function showError(text, code) {
  // The banner takes room above the transcript: a reader at its end stays there.
  keepingEnd(() => {
    el.errorText.textContent = text;
    el.errorBanner.dataset.code = code ?? "";
    el.errorBanner.hidden = false;
  });
}

function describeError(frame) {
  const label = ERROR_LABELS[frame.code] ?? "The server reported an error";
  return frame.message ? `${label}: ${frame.message}` : `${label}.`;
}

// ---- the transcript ----

function findMessage(attribute, value) {
  return value ? el.messages.querySelector(`li[${attribute}="${CSS.escape(value)}"]`) : null;
}

// Just enough markdown for the builder's replies (**bold**), built as DOM nodes: never innerHTML.
function renderText(target, text) {
  target.replaceChildren();
  text.split(/(\*\*[^*]+\*\*)/).forEach((part) => {
    if (part.startsWith("**") && part.endsWith("**") && part.length > 4) {
      const strong = document.createElement("strong");
      strong.textContent = part.slice(2, -2);
      target.append(strong);
    } else if (part) {
      target.append(document.createTextNode(part));
    }
  });
}

function addBubble(role, { id, clientMessageId, state }) {
  const li = document.createElement("li");
  li.className = `message role-${role}`;
  li.dataset.role = role;
  if (id) li.dataset.id = id;
  if (clientMessageId) li.dataset.clientId = clientMessageId;
  const who = document.createElement("div");
  who.className = "who";
  who.textContent = role === "user" ? "You" : "Builder";
  const content = document.createElement("div");
  content.className = "content";
  const note = document.createElement("div");
  note.className = "note";
  li.append(who, content, note);
  setState(li, state);
  el.messages.append(li);
  return li;
}

const NOTES = {
  sending: "sending…",
  queued: "queued: sent as soon as the connection is back",
  failed: "not sent",
  unfinished: "cut off: the builder could not finish this reply",
  stopped: "stopped",
};

function setState(li, state) {
  li.dataset.state = state;
  li.querySelector(".note").textContent = NOTES[state] ?? "";
}

// ---- following the end of the transcript ----

// How near the end counts as at the end: a reader a few pixels short of it still wants to follow.
const END_SLACK_PX = 8;

function atEnd() {
  const list = el.messages;
  return list.scrollHeight - list.scrollTop - list.clientHeight <= END_SLACK_PX;
}

function scrollToEnd() {
  el.messages.scrollTop = el.messages.scrollHeight;
}

// New content (a delta, a stored message, the thinking line or a warning taking room) keeps a reader who is at the
// end of the transcript there, and leaves one who scrolled up to read where they are.
function keepingEnd(change) {
  const follow = atEnd();
  change();
  if (follow) {
    scrollToEnd();
  }
}

function onStoredMessage(message) {
  const existing = findMessage("data-id", message.id) ?? findMessage("data-client-id", message.clientMessageId);
  const li = existing ?? addBubble(message.role, { id: message.id, clientMessageId: message.clientMessageId });
  li.dataset.id = message.id;
  if (message.userId && message.role === "user") {
    li.querySelector(".who").textContent = message.userId === userId ? "You" : message.userId;
  }
  // The whole text, rendered once: it replaces whatever the deltas built.
  renderText(li.querySelector(".content"), message.content);
  streams.delete(message.id);
  setState(li, message.stopped ? "stopped" : "stored");
  renderThinking();
}

// A streaming reply grows by appending each delta to what is already shown, never by rendering the text again:
// the work per delta does not grow with the reply. By messageId, for each reply still streaming: its bubble, where
// text goes now (the content, or a <strong> that a "**" opened), and the last text node, with whether it ends in a
// lone "*" that the next delta may make a "**".
const streams = new Map();

// The streaming bubbles are given up (removed, or marked as cut off): their deltas are ignored from now on.
function endStreams(what) {
  for (const { li } of streams.values()) {
    what(li);
  }
  streams.clear();
}

function toggleBold(stream) {
  if (stream.strong) {
    stream.strong = null;
  } else {
    stream.strong = document.createElement("strong");
    stream.content.append(stream.strong);
  }
}

function appendDelta(stream, delta) {
  let rest = delta;
  if (stream.trailingStar && rest.startsWith("*")) {
    stream.lastText.deleteData(stream.lastText.length - 1, 1);
    toggleBold(stream);
    rest = rest.slice(1);
  }
  const parts = rest.split("**");
  parts.forEach((part, i) => {
    if (i > 0) {
      toggleBold(stream);
    }
    if (part) {
      stream.lastText = document.createTextNode(part);
      (stream.strong ?? stream.content).append(stream.lastText);
    }
  });
  stream.trailingStar = parts[parts.length - 1].endsWith("*");
}

function onDelta(frame) {
  let stream = streams.get(frame.messageId);
  if (!stream) {
    if (findMessage("data-id", frame.messageId)) {
      return; // the stored message already arrived (or the reply was cut off): it is all there is to show
    }
    const li = addBubble("assistant", { id: frame.messageId, state: "streaming" });
    stream = { li, content: li.querySelector(".content"), strong: null, lastText: null, trailingStar: false };
    streams.set(frame.messageId, stream);
    renderThinking();
  }
  appendDelta(stream, String(frame.delta ?? ""));
}

function onReady(frame) {
  if (frame.reset) {
    el.messages.replaceChildren();
  }
  // Deltas are not replayed: a reply cut off by the disconnect arrives whole as its stored message (or streams
  // again from the start when the server answers it anew).
  endStreams((li) => li.remove());
  el.messages.querySelectorAll('li[data-state="queued"]').forEach((li) => setState(li, "sending"));
  renderDraft(frame.agent);
  serverThinking = frame.status === "thinking";
  renderThinking();
}

// ---- the agent draft ----

function renderDraft(agent) {
  if (!agent) return;
  const setText = (node, value, empty) => {
    node.textContent = value || empty;
    node.classList.toggle("empty", !value);
  };
  setText($("draft-name"), agent.name, "not named yet");
  setText($("draft-description"), agent.description, "none yet");
  setText($("draft-instructions"), agent.instructions, "none yet");
  $("draft-version").textContent = agent.version ? `v${agent.version}` : "";
  const fillList = (node, items, label = (x) => x) => {
    node.replaceChildren(...items.map((item) => {
      const li = document.createElement("li");
      li.textContent = label(item);
      li.dataset.value = item;
      return li;
    }));
    node.classList.toggle("empty", items.length === 0);
  };
  fillList($("draft-starters"), agent.conversationStarters ?? []);
  fillList($("draft-capabilities"), agent.capabilities ?? [], (c) => CAPABILITY_LABELS[c] ?? c);
}

// ---- wiring ----

function onFrame(frame) {
  switch (frame.type) {
    case "ready":
      onReady(frame);
      break;
    case "message":
      onStoredMessage(frame.message);
      break;
    case "assistant_delta":
      onDelta(frame);
      break;
    case "agent_updated":
      renderDraft(frame.agent);
      break;
    case "status":
      serverThinking = frame.state === "thinking";
      if (!serverThinking) {
        // A reply still streaming when its turn is over was never stored (the turn failed): say so, and stop
        // showing it as live.
        endStreams((li) => setState(li, "unfinished"));
      }
      renderThinking();
      break;
    case "ack": {
      const li = findMessage("data-client-id", frame.clientMessageId);
      if (li && li.dataset.state !== "stored") {
        li.dataset.id = frame.messageId;
        setState(li, "sent");
      }
      break;
    }
    case "error": {
      showError(describeError(frame), frame.code);
      const li = findMessage("data-client-id", frame.clientMessageId);
      if (li && li.dataset.state !== "stored") {
        setState(li, "failed");
      }
      break;
    }
    default:
      break; // pong, and frame types newer than this page
  }
}

function hostOf(url) {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

function submit() {
  if (currentStatus === Status.ERROR) return;
  const content = el.input.value.trim();
  if (!content) return;
  let clientMessageId;
  try {
    clientMessageId = service.send(content);
  } catch (e) {
    // Refused before it was queued (too long, or too many waiting): the text stays in the box, to shorten or send
    // later.
    showError(describeError({ code: e.code, message: e.message }), e.code);
    return;
  }
  const li = addBubble("user", { clientMessageId, state: currentStatus === Status.CONNECTED ? "sending" : "queued" });
  renderText(li.querySelector(".content"), content);
  el.input.value = "";
  scrollToEnd(); // your own message is shown, however far up you had scrolled
}

const params = new URLSearchParams(location.search);
const threadId = threadIdFromPath();
const userId = userIdFromUrlOrStorage(params);
const wsUrl = params.get("ws") || config.wsUrl;
// A link with ?ws= could send this user's id and messages anywhere; only servers on this page's own host (or the
// configured one's) are followed.
const wsAllowed = !params.get("ws") || [location.hostname, hostOf(config.wsUrl)].includes(hostOf(wsUrl));
el.threadLabel.textContent = `thread ${threadId || "(none)"}`;
el.userLabel.textContent = `you are ${userId}`;
document.title = `${threadId || "No thread"} · Agent builder chat`;

const service = new WebSocketService(/^wss?:\/\//.test(wsUrl) ? wsUrl : "ws://invalid");
// For the browser console: webChat.status, webChat.pending, webChat.lastSeq.
globalThis.webChat = service;
service.onStatus((status) => keepingEnd(() => renderStatus(status)));
service.onEvent((frame) => keepingEnd(() => onFrame(frame)));

el.composer.addEventListener("submit", (event) => {
  event.preventDefault();
  submit();
});
el.input.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    submit();
  }
});
$("error-dismiss").addEventListener("click", () => {
  el.errorBanner.hidden = true;
});

if (!ID_RULE.test(threadId)) {
  renderStatus({ status: Status.ERROR, reason: `"${threadId}" is not a thread id (open /thread/<id>, with 1 to 128 `
    + "letters, digits or _ . : -)" });
} else if (!ID_RULE.test(userId)) {
  renderStatus({ status: Status.ERROR, reason: `"${userId}" is not a valid user id (1 to 128 letters, digits or _ . : -)` });
} else if (!/^wss?:\/\//.test(wsUrl)) {
  renderStatus({ status: Status.ERROR, reason: `the chat server URL must start with ws:// or wss://, not "${wsUrl}"` });
} else if (!wsAllowed) {
  renderStatus({ status: Status.ERROR, reason: `the ws parameter may only name a chat server on ${location.hostname}, `
    + `not "${wsUrl}"` });
} else {
  service.connect(threadId, userId);
}
