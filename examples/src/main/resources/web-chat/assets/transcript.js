// The two transcripts: a bubble per message, filled by the stored messages and the replies streaming in, and the
// "thinking" line of the conversation whose turn it is.
import { draft } from "./agent.js";
import { CHANNELS, activeChannel, channelOf } from "./channels.js";
import { ERROR_LABELS, describeError, showError } from "./errors.js";
import { service, userId } from "./session.js";
import { showSources } from "./sources.js";
import { connected } from "./status.js";
import { appendDelta, endStream, endStreams, startStream, streamOf, streaming } from "./streams.js";
import { joined, serverIsThinking, serverStatus, trackTurns, turnChannel, turnFailed } from "./turns.js";

// ---- the bubbles ----

function findMessage(attribute, value) {
  return value ? document.querySelector(`.messages li[${attribute}="${CSS.escape(value)}"]`) : null;
}

// Just enough markdown for the replies (**bold**), built as DOM nodes: never innerHTML.
export function renderText(target, text) {
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

// The thread's last seq when the page first joined (or joined anew after a reset): the messages up to it were there
// before the page opened, and are no news to mark a tab with.
let seenBeforeOpening = null;

/** `news`: a message that arrived while the page was open, which marks its tab when another one is shown. */
export function addBubble(channel, role, { id, clientMessageId, state, news = true }) {
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
  if (news && channel !== activeChannel()) {
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

// "Thinking" until the reply shows up word by word (the streaming bubble then says enough by itself), in the tab of
// the conversation whose turn it is.
export function renderThinking() {
  const turn = turnChannel();
  for (const [name, channel] of Object.entries(CHANNELS)) {
    channel.thinking.hidden = !(serverIsThinking() && connected() && !streaming() && turn === name);
  }
}

// ---- the frames that fill them ----

export function onReady(frame) {
  if (frame.reset) {
    Object.values(CHANNELS).forEach((channel) => channel.list.replaceChildren());
  }
  if (seenBeforeOpening === null || frame.reset) {
    seenBeforeOpening = frame.lastSeq;
  }
  // Deltas are not replayed: a reply cut off by the disconnect arrives whole as its stored message (or streams
  // again from the start when the server answers it anew).
  endStreams((li) => li.remove());
  document.querySelectorAll('.messages li[data-state="queued"]').forEach((li) => setState(li, "sending"));
  joined(frame.status === "thinking", frame.lastSeq, service.lastSeq >= frame.lastSeq);
  renderThinking();
}

export function onStoredMessage(message, seq) {
  const channel = channelOf(message);
  const existing = findMessage("data-id", message.id) ?? findMessage("data-client-id", message.clientMessageId);
  const li = existing ?? addBubble(channel, message.role, { id: message.id, clientMessageId: message.clientMessageId,
    news: seq > seenBeforeOpening });
  li.dataset.id = message.id;
  if (message.userId && message.role === "user") {
    li.querySelector(".who").textContent = message.userId === userId ? "You" : message.userId;
  }
  // The whole text, rendered once: it replaces whatever the deltas built.
  renderText(li.querySelector(".content"), message.content);
  if (message.role === "assistant") {
    showSources(li, message.citations);
  }
  endStream(message.id);
  setState(li, message.stopped ? "stopped" : "stored");
  trackTurns(message, seq);
  renderThinking();
}

export function onDelta(frame) {
  let stream = streamOf(frame.messageId);
  if (!stream) {
    if (findMessage("data-id", frame.messageId)) {
      return; // the stored message already arrived (or the reply was cut off): it is all there is to show
    }
    const li = addBubble(channelOf(frame), "assistant", { id: frame.messageId, state: "streaming" });
    stream = startStream(frame.messageId, li);
    // The first delta of a reply from knowledge files says which passages it answers from.
    showSources(li, frame.citations);
    renderThinking();
  }
  appendDelta(stream, String(frame.delta ?? ""));
}

export function onServerStatus(frame) {
  const thinking = frame.state === "thinking";
  serverStatus(thinking);
  if (!thinking) {
    // A reply still streaming when its turn is over was never stored (the turn failed): say so, and stop showing
    // it as live.
    endStreams((li) => setState(li, "unfinished"));
  }
  renderThinking();
}

/** The ack of a message sent from this page. */
export function onMessageAcked(frame) {
  const li = findMessage("data-client-id", frame.clientMessageId);
  if (li && li.dataset.state !== "stored") {
    li.dataset.id = frame.messageId;
    setState(li, "sent");
  }
}

/** An error frame that is not about a change to the draft: said in the banner, and the message it refused marked. */
export function onMessageError(frame) {
  if (frame.code === "agent_error") {
    const failed = turnFailed();
    showError(describeError(frame, failed?.channel === "preview"
      ? { agent_error: "The agent could not answer" } : ERROR_LABELS), frame.code);
  } else {
    showError(describeError(frame), frame.code);
  }
  const li = findMessage("data-client-id", frame.clientMessageId);
  if (li && li.dataset.state !== "stored") {
    setState(li, "failed");
  }
}
