// The reference web chat: one thread, its two conversations (the builder's, and the preview of the agent being
// built) streaming in, and the agent draft beside them, editable by hand, with its history and downloads. All
// protocol work (reconnects, resume, the outbox) is in websocket.js; this file only turns its status and frames into
// the page, and the user's clicks into its requests.
//
// Sections: the status and the composer; the two transcripts and their streaming replies; the draft panel (fields
// edited by hand, starters, capabilities); its history; the preview tab; the downloads; the wiring.
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

const FIELD_LABELS = { name: "name", description: "description", instructions: "instructions" };

/** The server's limit on conversation starters (docs/protocol.md, "The agent object"). */
const MAX_STARTERS = 8;

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
  version_conflict: "The draft changed meanwhile",
  not_found: "That version of the draft does not exist",
};

/** The same codes, said of a change to the draft (update_agent, revert_agent) rather than of a message. */
const DRAFT_ERROR_LABELS = {
  invalid_message: "The server refused that change",
  message_too_long: "That change is too large for the server",
  outbox_full: "Too many changes are waiting for the connection",
  busy: "The builder is working on the draft right now; try again once it has answered",
  rate_limited: "Too many changes too fast; wait a moment",
  not_found: "That version is not in the draft's history",
  version_conflict: "The draft changed meanwhile, so that change was not made; try again",
};

/** Who made a version of the draft (`source` of agent_updated); events from older servers have none. */
const SOURCE_LABELS = { builder: "Builder", user: "You", revert: "Restored", start: "Start" };

const EXPORTS = {
  json: { suffix: ".json", type: "application/json" },
  openai: { suffix: ".openai.json", type: "application/json" },
  markdown: { suffix: ".md", type: "text/markdown" },
};

const EMPTY_AGENT = Object.freeze({ name: "", description: "", instructions: "", conversationStarters: [],
  capabilities: [], version: 0 });

const $ = (id) => document.getElementById(id);
const el = {
  status: $("status"),
  statusText: $("status-text"),
  threadLabel: $("thread-label"),
  userLabel: $("user-label"),
  errorBanner: $("error-banner"),
  errorText: $("error-text"),
  composer: $("composer"),
  warning: $("offline-warning"),
  input: $("input"),
  send: $("send"),
  draftError: $("draft-error"),
  draftErrorText: $("draft-error-text"),
  draftVersion: $("draft-version"),
  starters: $("draft-starters"),
  starterForm: $("starter-add"),
  starterInput: $("starter-input"),
  starterAdd: $("starter-add-button"),
  capabilities: $("draft-capabilities"),
  history: $("draft-history"),
  previewStarters: $("preview-starters"),
  exportButtons: [...document.querySelectorAll(".export-buttons button")],
};

/** The two conversations of a thread, each in its own tab; a message's `channel` says which it belongs to. */
const CHANNELS = {
  builder: {
    list: $("messages"), thinking: $("thinking"), tab: $("tab-builder"), panel: $("builder-panel"),
    placeholder: () => "Describe the agent you want…",
  },
  preview: {
    list: $("preview-messages"), thinking: $("preview-thinking"), tab: $("tab-preview"), panel: $("preview-panel"),
    placeholder: () => `Talk to ${draft.agent?.name || "the agent being built"}…`,
  },
};

const channelOf = (frameOrMessage) => (frameOrMessage?.channel === "preview" ? "preview" : "builder");

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
const connected = () => currentStatus === Status.CONNECTED;

// "Thinking" until the reply shows up word by word (the streaming bubble then says enough by itself), in the tab of
// the conversation whose turn it is.
function renderThinking() {
  const turn = turnChannel();
  for (const [name, channel] of Object.entries(CHANNELS)) {
    channel.thinking.hidden = !(serverThinking && connected() && streams.size === 0 && turn === name);
  }
}

function renderStatus({ status, reason }) {
  currentStatus = status;
  el.status.dataset.status = status;
  el.status.className = `status status-${status}`;
  const label = STATUS_LABELS[status];
  el.statusText.textContent = status === Status.CONNECTED || !reason ? label : `${label}: ${reason}`;

  el.send.disabled = !connected();
  // While a reconnect is possible the textarea stays usable, so nothing typed is lost and Enter can queue a
  // message for when the connection is back. After a refusal (error) nothing can be sent at all.
  el.input.disabled = status === Status.ERROR;
  el.composer.classList.toggle("offline", !connected());
  el.warning.hidden = connected();
  if (status === Status.ERROR) {
    el.warning.textContent = `Cannot connect to the chat server: ${reason}.`;
  } else if (!connected()) {
    el.warning.textContent = "Not connected to the chat server, so sending is off. Press Enter to queue a "
      + "message instead: it is sent as soon as the connection is back.";
  }
  if (!connected()) {
    // An export is answered on the connection that asked; that one is gone.
    exportsWaiting.clear();
  }
  renderThinking();
  renderDraftControls();
}

function showError(text, code) {
  // The banner takes room above the transcript: a reader at its end stays there.
  keepingEnd(() => {
    el.errorText.textContent = text;
    el.errorBanner.dataset.code = code ?? "";
    el.errorBanner.hidden = false;
  });
}

function describeError(frame, labels = ERROR_LABELS) {
  const label = labels[frame.code] ?? ERROR_LABELS[frame.code] ?? "The server reported an error";
  return frame.message ? `${label}: ${frame.message}` : `${label}.`;
}

// ---- the transcripts ----

function findMessage(attribute, value) {
  return value ? document.querySelector(`.messages li[${attribute}="${CSS.escape(value)}"]`) : null;
}

// Just enough markdown for the replies (**bold**), built as DOM nodes: never innerHTML.
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

function whoLabel(channel, role) {
  if (role === "user") return "You";
  return channel === "preview" ? draft.agent?.name || "Agent" : "Builder";
}

function addBubble(channel, role, { id, clientMessageId, state }) {
  const li = document.createElement("li");
  li.className = `message role-${role}`;
  li.dataset.role = role;
  if (id) li.dataset.id = id;
  if (clientMessageId) li.dataset.clientId = clientMessageId;
  const who = document.createElement("div");
  who.className = "who";
  who.textContent = whoLabel(channel, role);
  const content = document.createElement("div");
  content.className = "content";
  const note = document.createElement("div");
  note.className = "note";
  li.append(who, content, note);
  setState(li, state);
  CHANNELS[channel].list.append(li);
  if (channel !== activeChannel) {
    CHANNELS[channel].tab.dataset.unread = "true";
  }
  return li;
}

const NOTES = {
  sending: "sending…",
  queued: "queued: sent as soon as the connection is back",
  failed: "not sent",
  unfinished: "cut off: the reply could not be finished",
  stopped: "stopped",
};

function setState(li, state) {
  li.dataset.state = state;
  li.querySelector(".note").textContent = NOTES[state] ?? "";
}

// ---- following the end of the transcripts ----

// How near the end counts as at the end: a reader a few pixels short of it still wants to follow.
const END_SLACK_PX = 8;

function atEnd(list) {
  return list.scrollHeight - list.scrollTop - list.clientHeight <= END_SLACK_PX;
}

function scrollToEnd(list) {
  list.scrollTop = list.scrollHeight;
}

// New content (a delta, a stored message, the thinking line or a warning taking room) keeps a reader who is at the
// end of a transcript there, and leaves one who scrolled up to read where they are.
function keepingEnd(change) {
  const following = Object.values(CHANNELS).filter((channel) => atEnd(channel.list));
  change();
  following.forEach((channel) => scrollToEnd(channel.list));
}

// ---- whose turn it is ----

// The user messages stored and not answered yet, oldest first, with their channel. Turns run in the order the
// messages were stored, so while the status is thinking the first of them is being answered; a reply answers its
// message and gives up every older one (their turns failed).
let unanswered = [];
// The thread's last seq when the page joined: once the replay reaches it, an idle thread has nothing waiting.
let replayEndsAt = 0;

function turnChannel() {
  return unanswered[0]?.channel ?? "builder";
}

function trackTurns(message, seq) {
  if (message.role === "user" && !unanswered.some((m) => m.id === message.id)) {
    unanswered.push({ id: message.id, channel: channelOf(message) });
  } else if (message.role === "assistant") {
    const answered = unanswered.findIndex((m) => m.id === message.replyTo);
    unanswered.splice(0, answered + 1);
  }
  if (seq === replayEndsAt && !serverThinking) {
    unanswered = [];
  }
}

// ---- stored messages and streaming replies ----

function onStoredMessage(message, seq) {
  const channel = channelOf(message);
  const existing = findMessage("data-id", message.id) ?? findMessage("data-client-id", message.clientMessageId);
  const li = existing ?? addBubble(channel, message.role, { id: message.id, clientMessageId: message.clientMessageId });
  li.dataset.id = message.id;
  if (message.userId && message.role === "user") {
    li.querySelector(".who").textContent = message.userId === userId ? "You" : message.userId;
  }
  // The whole text, rendered once: it replaces whatever the deltas built.
  renderText(li.querySelector(".content"), message.content);
  streams.delete(message.id);
  setState(li, message.stopped ? "stopped" : "stored");
  trackTurns(message, seq);
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
    const li = addBubble(channelOf(frame), "assistant", { id: frame.messageId, state: "streaming" });
    stream = { li, content: li.querySelector(".content"), strong: null, lastText: null, trailingStar: false };
    streams.set(frame.messageId, stream);
    renderThinking();
  }
  appendDelta(stream, String(frame.delta ?? ""));
}

function onReady(frame) {
  if (frame.reset) {
    Object.values(CHANNELS).forEach((channel) => channel.list.replaceChildren());
    resetDraft();
  }
  // Deltas are not replayed: a reply cut off by the disconnect arrives whole as its stored message (or streams
  // again from the start when the server answers it anew).
  endStreams((li) => li.remove());
  document.querySelectorAll('.messages li[data-state="queued"]').forEach((li) => setState(li, "sending"));
  serverThinking = frame.status === "thinking";
  replayEndsAt = frame.lastSeq;
  if (!serverThinking && service.lastSeq >= frame.lastSeq) {
    unanswered = [];
  }
  setDraft(frame.agent);
  renderThinking();
}

// ---- the draft panel ----

// The draft as it is now (the highest version received) and every version the thread's agent_updated events
// carried: the history. A page always joins with lastSeq 0 (and resumes from where it was), so it has them all.
const draft = { agent: null, versions: new Map() };

function resetDraft() {
  draft.agent = null;
  draft.versions.clear();
  el.history.replaceChildren();
}

function setDraft(agent) {
  if (!agent || (draft.agent && agent.version < draft.agent.version)) {
    return; // an older version, replayed: it belongs in the history only
  }
  draft.agent = agent;
  renderDraft();
}

function renderDraft() {
  const agent = draft.agent ?? EMPTY_AGENT;
  const setText = (node, value, empty) => {
    node.textContent = value || empty;
    node.classList.toggle("empty", !value);
  };
  setText($("draft-name"), agent.name, "not named yet");
  setText($("draft-description"), agent.description, "none yet");
  setText($("draft-instructions"), agent.instructions, "none yet");
  el.draftVersion.textContent = agent.version ? `v${agent.version}` : "";
  editors.forEach(noteChangesWhileEditing);
  renderStarters(agent.conversationStarters ?? []);
  if (!pendingGroups.capabilities) {
    renderCapabilities(agent.capabilities ?? []);
  }
  renderPreviewStarters(agent.conversationStarters ?? []);
  renderHistoryMarks();
  if (activeChannel === "preview") {
    el.input.placeholder = CHANNELS.preview.placeholder();
  }
  renderDraftControls();
}

// What can be done to the draft depends on the connection and on what is already being saved: a change goes out
// only while connected (what was typed stays in its box meanwhile), and each group of controls takes one change at
// a time.
function renderDraftControls() {
  const online = connected() && draft.agent !== null;
  const refused = currentStatus === Status.ERROR;
  for (const editor of editors.values()) {
    editor.edit.disabled = refused || draft.agent === null;
    editor.save.disabled = !online || editor.requestId !== null;
    editor.input.disabled = refused;
  }
  const starters = draft.agent?.conversationStarters ?? [];
  el.starterInput.disabled = refused;
  el.starterAdd.disabled = !online || pendingGroups.starters !== null || starters.length >= MAX_STARTERS;
  el.starterInput.placeholder = starters.length >= MAX_STARTERS
    ? `At most ${MAX_STARTERS} starters: remove one to add another` : "A new conversation starter";
  const disable = (nodes, disabled) => nodes.forEach((node) => { node.disabled = disabled; });
  disable(el.starters.querySelectorAll("button"), !online || pendingGroups.starters !== null);
  disable(el.capabilities.querySelectorAll("input"), !online || pendingGroups.capabilities !== null);
  disable(el.history.querySelectorAll("button.restore"), !online || pendingGroups.revert !== null);
  el.exportButtons.forEach((b) => { b.disabled = !online || exportsWaiting.has(b.dataset.format); });
  disable(el.previewStarters.querySelectorAll("button"), !connected());
}

function showDraftError(text, code) {
  el.draftErrorText.textContent = text;
  el.draftError.dataset.code = code ?? "";
  el.draftError.hidden = false;
}

function hideDraftError() {
  el.draftError.hidden = true;
}

// Changes to the draft waiting for the server's answer, by clientMessageId: what the page does once it is stored
// (the ack, then the agent_updated with the ack's seq) or refused (an error with the same clientMessageId).
const requests = new Map();
// The one change each group of controls has waiting (a clientMessageId), or null.
const pendingGroups = { starters: null, capabilities: null, revert: null };

/**
 * Sends a change of the draft; `request` says what it is for ({kind, ...}). Returns its clientMessageId, or null
 * when it could not be sent (the reason is shown).
 */
function requestChange(request, send) {
  let clientMessageId;
  try {
    clientMessageId = send();
  } catch (e) {
    showDraftError(describeError({ code: e.code, message: e.message }, DRAFT_ERROR_LABELS), e.code);
    return null;
  }
  hideDraftError();
  requests.set(clientMessageId, request);
  if (request.group) {
    pendingGroups[request.group] = clientMessageId;
  }
  renderDraftControls();
  return clientMessageId;
}

/** A change made now on the draft as shown: starters and capabilities, one click each. */
function updateNow(changes, request) {
  return requestChange(request, () => service.updateAgent(draft.agent.version, changes));
}

function onDraftChangeAcked(clientMessageId, request, frame) {
  // Done once the page shows the change: at once for a duplicate (its event came long ago), else with the
  // agent_updated that follows the ack.
  if (frame.duplicate || frame.seq <= service.lastSeq) {
    finishDraftChange(clientMessageId, request);
  } else {
    request.untilSeq = frame.seq;
  }
}

function onDraftEvent(seq) {
  for (const [clientMessageId, request] of requests) {
    if (request.untilSeq !== undefined && request.untilSeq <= seq) {
      finishDraftChange(clientMessageId, request);
    }
  }
}

function finishDraftChange(clientMessageId, request) {
  requests.delete(clientMessageId);
  if (request.group && pendingGroups[request.group] === clientMessageId) {
    pendingGroups[request.group] = null;
  }
  if (request.kind === "edit" && request.editor.requestId === clientMessageId) {
    closeEditor(request.editor);
  } else if (request.kind === "starter-add" && el.starterInput.value.trim() === request.text) {
    el.starterInput.value = "";
  }
  renderDraft();
}

function onDraftChangeRefused(clientMessageId, request, frame) {
  requests.delete(clientMessageId);
  if (request.group && pendingGroups[request.group] === clientMessageId) {
    pendingGroups[request.group] = null;
  }
  if (request.kind === "edit" && request.editor.requestId === clientMessageId) {
    editorRefused(request.editor, frame);
  } else {
    // Starters and capabilities show the draft as it is again (a starter being added stays in its box).
    showDraftError(describeError(frame, DRAFT_ERROR_LABELS), frame.code);
  }
  renderDraft();
}

// ---- fields edited by hand ----

// A field being edited keeps what the user types whatever arrives meanwhile; the others follow the draft. The edit
// is made on the version shown when it started (its base version): if the draft changed since, the server says
// version_conflict, and the editor moves to the new version, keeping the text, for the user to save again.
const editors = new Map(Object.keys(FIELD_LABELS).map((field) => {
  const panel = $(`editor-${field}`);
  const display = $(`draft-${field}`);
  const editor = {
    field, panel, display, displayBox: display.closest("dd"),
    input: panel.querySelector(".editor-input"),
    note: panel.querySelector(".editor-note"),
    save: panel.querySelector(".save"),
    cancel: panel.querySelector(".cancel"),
    edit: document.querySelector(`.field[data-field="${field}"] .edit`),
    open: false, baseVersion: 0, seenValue: "", requestId: null, conflict: false,
  };
  return [field, editor];
}));

function openEditor(editor) {
  if (!editor.open) {
    editor.open = true;
    editor.baseVersion = draft.agent.version;
    editor.seenValue = draft.agent[editor.field] ?? "";
    editor.input.value = editor.seenValue;
    editor.requestId = null;
    editor.conflict = false;
    setEditorNote(editor, "", "");
    editor.panel.hidden = false;
    editor.displayBox.hidden = true;
    editor.edit.hidden = true;
  }
  editor.input.focus();
  renderDraftControls();
}

function closeEditor(editor) {
  editor.open = false;
  editor.requestId = null;
  editor.panel.hidden = true;
  editor.displayBox.hidden = false;
  editor.edit.hidden = false;
  renderDraftControls();
}

function saveEditor(editor) {
  if (!editor.open || editor.requestId !== null || !connected()) {
    return;
  }
  const changes = { [editor.field]: editor.input.value };
  editor.requestId = requestChange({ kind: "edit", editor },
    () => service.updateAgent(editor.baseVersion, changes));
  if (editor.requestId !== null) {
    setEditorNote(editor, "saving", "Saving…");
  }
  renderDraftControls();
}

function setEditorNote(editor, state, text) {
  editor.panel.dataset.state = state;
  editor.note.textContent = text;
  editor.note.hidden = !text;
}

function editorRefused(editor, frame) {
  editor.requestId = null;
  if (frame.code === "version_conflict") {
    // The page shows the draft as it is now (the events carried it); the text stays for saving on top of it.
    const now = Math.max(Number(frame.currentVersion ?? 0), draft.agent?.version ?? 0);
    const current = draft.agent?.[editor.field] ?? "";
    editor.baseVersion = now;
    editor.conflict = true;
    const changed = current !== editor.seenValue
      ? ` The ${FIELD_LABELS[editor.field]} is now ${quote(current)}.` : "";
    editor.seenValue = current;
    setEditorNote(editor, "conflict", `Not saved: the draft changed while you were editing (it is now version ${now}).`
      + `${changed} Your text is kept here: save again to apply it to version ${now}.`);
  } else {
    setEditorNote(editor, "failed", describeError(frame, DRAFT_ERROR_LABELS));
  }
}

// An agent_updated while editing: say so (the save will be refused as a conflict), without touching the text.
function noteChangesWhileEditing(editor) {
  if (!editor.open || editor.requestId !== null || !draft.agent || draft.agent.version <= editor.baseVersion) {
    return;
  }
  const current = draft.agent[editor.field] ?? "";
  const changed = current !== editor.seenValue ? ` The ${FIELD_LABELS[editor.field]} is now ${quote(current)}.` : "";
  setEditorNote(editor, "stale", `The draft has changed since you started editing (it is now version `
    + `${draft.agent.version}).${changed}`);
}

function quote(text) {
  const shown = text.length > 80 ? `${text.slice(0, 79)}…` : text;
  return shown ? `“${shown}”` : "empty";
}

// ---- conversation starters and capabilities ----

function renderStarters(starters) {
  el.starters.replaceChildren(...starters.map((starter) => {
    const li = document.createElement("li");
    li.dataset.value = starter;
    const text = document.createElement("span");
    text.className = "starter-text";
    text.textContent = starter;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "remove-starter";
    remove.textContent = "×";
    remove.title = "Remove this starter";
    remove.setAttribute("aria-label", `Remove the starter: ${starter}`);
    remove.addEventListener("click", () => {
      const next = draft.agent.conversationStarters.filter((s) => s !== starter);
      updateNow({ conversationStarters: next }, { kind: "starter-remove", group: "starters" });
    });
    li.append(text, remove);
    return li;
  }));
  el.starters.classList.toggle("empty", starters.length === 0);
}

function addStarter() {
  const text = el.starterInput.value.trim();
  if (!text || !draft.agent || !connected() || pendingGroups.starters !== null) {
    return;
  }
  // The server checks the rest (length, blanks, the same starter twice) and says what is wrong.
  const next = [...(draft.agent.conversationStarters ?? []), text];
  updateNow({ conversationStarters: next }, { kind: "starter-add", group: "starters", text });
}

function renderCapabilities(enabled) {
  // The four known ones as switches; one this page does not know is kept as it is.
  el.capabilities.querySelectorAll("input").forEach((input) => {
    input.checked = enabled.includes(input.value);
  });
}

function buildCapabilityToggles() {
  el.capabilities.replaceChildren(...Object.entries(CAPABILITY_LABELS).map(([capability, label]) => {
    const li = document.createElement("li");
    const toggle = document.createElement("label");
    toggle.className = "toggle";
    const input = document.createElement("input");
    input.type = "checkbox";
    input.value = capability;
    input.dataset.capability = capability;
    input.addEventListener("change", () => {
      const current = draft.agent.capabilities ?? [];
      const next = input.checked ? [...current.filter((c) => c !== capability), capability]
        : current.filter((c) => c !== capability);
      if (updateNow({ capabilities: next }, { kind: "capabilities", group: "capabilities" }) === null) {
        renderCapabilities(current);
      }
    });
    toggle.append(input, document.createTextNode(` ${label}`));
    li.append(toggle);
    return li;
  }));
}

// ---- the history ----

// One line per version, newest first: who made it, what changed, and a Restore button (revert_agent) on every
// version but the current one. Built as the events arrive, one line each, so a long replay costs no more per event.
function recordVersion(agent, source) {
  if (!agent || draft.versions.has(agent.version)) {
    return;
  }
  if (agent.version === 1 && !draft.versions.has(0)) {
    recordVersion(EMPTY_AGENT, "start");
  }
  draft.versions.set(agent.version, { agent, source });
  const li = document.createElement("li");
  li.className = "history-item";
  li.dataset.version = String(agent.version);
  li.dataset.source = source;
  const head = document.createElement("div");
  head.className = "history-head";
  const version = document.createElement("span");
  version.className = "history-version";
  version.textContent = `v${agent.version}`;
  const who = document.createElement("span");
  who.className = `history-source source-${source}`;
  who.textContent = SOURCE_LABELS[source] ?? source;
  const current = document.createElement("span");
  current.className = "history-current";
  current.textContent = "current";
  const restore = document.createElement("button");
  restore.type = "button";
  restore.className = "restore";
  restore.textContent = "Restore";
  restore.setAttribute("aria-label", `Restore version ${agent.version}`);
  restore.addEventListener("click", () => revertTo(agent.version));
  head.append(version, who, current, restore);
  const summary = document.createElement("div");
  summary.className = "history-summary";
  summary.textContent = summarize(agent, source);
  li.append(head, summary);
  const newer = [...el.history.children].find((item) => Number(item.dataset.version) < agent.version);
  el.history.insertBefore(li, newer ?? null);
}

function renderHistoryMarks() {
  const now = draft.agent?.version;
  for (const li of el.history.children) {
    const current = Number(li.dataset.version) === now;
    li.classList.toggle("current", current);
    li.querySelector(".restore").hidden = current;
    li.querySelector(".history-current").hidden = !current;
  }
}

function summarize(agent, source) {
  if (source === "start") {
    return "The empty draft";
  }
  const previous = draft.versions.get(agent.version - 1)?.agent;
  const parts = [];
  if (source === "revert") {
    const same = [...draft.versions.values()].filter((v) => v.agent.version < agent.version - 1
      && sameFields(v.agent, agent)).pop();
    parts.push(same ? `back to v${same.agent.version}` : "an earlier version");
  }
  if (previous) {
    parts.push(...changesBetween(previous, agent));
  }
  return parts.join(", ") || "no change";
}

function changesBetween(before, after) {
  const parts = [];
  if (before.name !== after.name) parts.push(after.name ? `name ${quote(after.name)}` : "name cleared");
  if (before.description !== after.description) parts.push("description");
  if (before.instructions !== after.instructions) parts.push("instructions");
  const added = (list, other) => (list ?? []).filter((x) => !(other ?? []).includes(x));
  added(after.conversationStarters, before.conversationStarters).forEach((s) => parts.push(`+ starter ${quote(s)}`));
  added(before.conversationStarters, after.conversationStarters).forEach((s) => parts.push(`− starter ${quote(s)}`));
  added(after.capabilities, before.capabilities).forEach((c) => parts.push(`+ ${CAPABILITY_LABELS[c] ?? c}`));
  added(before.capabilities, after.capabilities).forEach((c) => parts.push(`− ${CAPABILITY_LABELS[c] ?? c}`));
  return parts;
}

function sameFields(a, b) {
  const fields = (x) => JSON.stringify([x.name, x.description, x.instructions, x.conversationStarters ?? [],
    x.capabilities ?? []]);
  return fields(a) === fields(b);
}

function revertTo(version) {
  if (!connected() || pendingGroups.revert !== null) {
    return;
  }
  requestChange({ kind: "revert", group: "revert", version }, () => service.revertAgent(version));
}

// ---- the preview tab ----

let activeChannel = "builder";

function selectTab(channelName) {
  activeChannel = channelName;
  for (const [name, channel] of Object.entries(CHANNELS)) {
    const selected = name === channelName;
    channel.tab.setAttribute("aria-selected", String(selected));
    channel.tab.tabIndex = selected ? 0 : -1;
    channel.panel.hidden = !selected;
    if (selected) {
      delete channel.tab.dataset.unread;
    }
  }
  el.input.placeholder = CHANNELS[channelName].placeholder();
  // A hidden list forgets where it was scrolled; the newest messages are what a returning reader wants.
  scrollToEnd(CHANNELS[channelName].list);
  renderThinking();
}

// The draft's conversation starters, as a user of the agent would see them: one click sends one to the preview.
function renderPreviewStarters(starters) {
  if (starters.length === 0) {
    const hint = document.createElement("p");
    hint.className = "hint";
    hint.textContent = "Add conversation starters to the draft to try them here with one click.";
    el.previewStarters.replaceChildren(hint);
    return;
  }
  el.previewStarters.replaceChildren(...starters.map((starter) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "starter-button";
    button.textContent = starter;
    button.addEventListener("click", () => sendMessage(starter, "preview"));
    return button;
  }));
}

// ---- downloads ----

// Formats asked for and not answered yet. The server renders each (one implementation for every client); the page
// only saves what it sends as a file.
const exportsWaiting = new Set();

function exportDraft(format) {
  if (!service.exportAgent(format)) {
    showDraftError("Not connected to the chat server: the download needs it. Try again once connected.");
    return;
  }
  exportsWaiting.add(format);
  renderDraftControls();
}

function onExport(frame) {
  if (!exportsWaiting.delete(frame.format)) {
    return; // not asked for here (or asked before a reconnect and answered late)
  }
  const agent = draft.versions.get(frame.version)?.agent ?? draft.agent;
  const { suffix, type } = EXPORTS[frame.format] ?? { suffix: `.${frame.format}.txt`, type: "text/plain" };
  download(fileNameOf(agent?.name) + suffix, String(frame.content ?? ""), type);
  renderDraftControls();
}

/** "Trip Planner" gives "trip-planner": letters and digits of any script, the rest one dash. */
function fileNameOf(name) {
  const slug = String(name ?? "").normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "").slice(0, 60);
  return slug || "agent";
}

function download(fileName, content, type) {
  const url = URL.createObjectURL(new Blob([content], { type: `${type};charset=utf-8` }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser reads the blob after the click returns; a minute later it is long done.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// ---- wiring ----

function onFrame(frame) {
  switch (frame.type) {
    case "ready":
      onReady(frame);
      break;
    case "message":
      onStoredMessage(frame.message, frame.seq);
      break;
    case "assistant_delta":
      onDelta(frame);
      break;
    case "agent_updated":
      recordVersion(frame.agent, frame.source ?? "builder");
      setDraft(frame.agent);
      onDraftEvent(frame.seq);
      if (frame.seq === replayEndsAt && !serverThinking) {
        unanswered = [];
      }
      break;
    case "agent_export":
      onExport(frame);
      break;
    case "status":
      serverThinking = frame.state === "thinking";
      if (!serverThinking) {
        unanswered = [];
        // A reply still streaming when its turn is over was never stored (the turn failed): say so, and stop
        // showing it as live.
        endStreams((li) => setState(li, "unfinished"));
      }
      renderThinking();
      break;
    case "ack": {
      const request = requests.get(frame.clientMessageId);
      if (request) {
        onDraftChangeAcked(frame.clientMessageId, request, frame);
        break;
      }
      const li = findMessage("data-client-id", frame.clientMessageId);
      if (li && li.dataset.state !== "stored") {
        li.dataset.id = frame.messageId;
        setState(li, "sent");
      }
      break;
    }
    case "error": {
      const request = requests.get(frame.clientMessageId);
      if (request) {
        onDraftChangeRefused(frame.clientMessageId, request, frame);
        break;
      }
      if (frame.code === "agent_error") {
        const failed = unanswered.shift();
        showError(describeError(frame, failed?.channel === "preview"
          ? { agent_error: "The agent could not answer" } : ERROR_LABELS), frame.code);
      } else {
        showError(describeError(frame), frame.code);
      }
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

/** Sends a message to a conversation and shows it there; false when the page refused it (the reason is shown). */
function sendMessage(content, channel) {
  let clientMessageId;
  try {
    clientMessageId = service.send(content, { mode: channel });
  } catch (e) {
    // Refused before it was queued (too long, or too many waiting).
    showError(describeError({ code: e.code, message: e.message }), e.code);
    return false;
  }
  const li = addBubble(channel, "user", { clientMessageId, state: connected() ? "sending" : "queued" });
  renderText(li.querySelector(".content"), content);
  scrollToEnd(CHANNELS[channel].list); // your own message is shown, however far up you had scrolled
  return true;
}

function submit() {
  if (currentStatus === Status.ERROR) return;
  const content = el.input.value.trim();
  // A refused message stays in the box, to shorten or send later.
  if (content && sendMessage(content, activeChannel)) {
    el.input.value = "";
  }
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

buildCapabilityToggles();
renderDraft();
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
$("draft-error-dismiss").addEventListener("click", hideDraftError);

for (const [name, channel] of Object.entries(CHANNELS)) {
  channel.tab.addEventListener("click", () => selectTab(name));
  channel.tab.addEventListener("keydown", (event) => {
    if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
      const other = name === "builder" ? "preview" : "builder";
      selectTab(other);
      CHANNELS[other].tab.focus();
    }
  });
}

for (const editor of editors.values()) {
  editor.edit.addEventListener("click", () => openEditor(editor));
  editor.save.addEventListener("click", () => saveEditor(editor));
  editor.cancel.addEventListener("click", () => closeEditor(editor));
  editor.input.addEventListener("keydown", (event) => {
    // A one-line name saves with Enter; the longer fields with Ctrl+Enter (Enter is a new line there).
    const singleLine = editor.input.tagName === "INPUT";
    if (event.key === "Enter" && !event.isComposing && (singleLine || event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      saveEditor(editor);
    } else if (event.key === "Escape") {
      closeEditor(editor);
    }
  });
}

el.starterForm.addEventListener("submit", (event) => {
  event.preventDefault();
  addStarter();
});
el.exportButtons.forEach((button) => button.addEventListener("click", () => exportDraft(button.dataset.format)));

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
