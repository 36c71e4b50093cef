// The tabs between the two conversations, and what the Preview tab adds: the draft's conversation starters as
// buttons, one click sending one to the agent being built, as a user of the agent would; and a composer
// placeholder that names the agent.
import { CHANNELS, activeChannel, scrollToEnd, setActiveChannel } from "./channels.js";
import { sendMessage } from "./composer.js";
import { connected } from "./status.js";
import { renderThinking } from "./transcript.js";

const input = document.getElementById("input");
const previewStarters = document.getElementById("preview-starters");

function selectTab(channelName) {
  setActiveChannel(channelName);
  for (const [name, channel] of Object.entries(CHANNELS)) {
    const selected = name === channelName;
    channel.tab.setAttribute("aria-selected", String(selected));
    channel.tab.tabIndex = selected ? 0 : -1;
    channel.panel.hidden = !selected;
    if (selected) {
      delete channel.tab.dataset.unread;
    }
  }
  input.placeholder = CHANNELS[channelName].placeholder();
  // A hidden list forgets where it was scrolled; the newest messages are what a returning reader wants.
  scrollToEnd(CHANNELS[channelName].list);
  renderThinking();
}

/** The draft changed: its starters, and its name in the placeholder. */
export function renderPreview(starters) {
  renderPreviewStarters(starters);
  if (activeChannel() === "preview") {
    input.placeholder = CHANNELS.preview.placeholder();
  }
}

function renderPreviewStarters(starters) {
  if (starters.length === 0) {
    const hint = document.createElement("p");
    hint.className = "hint";
    hint.textContent = "Add conversation starters to the draft to try them here with one click.";
    previewStarters.replaceChildren(hint);
    return;
  }
  previewStarters.replaceChildren(...starters.map((starter) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "starter-button";
    button.textContent = starter;
    button.addEventListener("click", () => sendMessage(starter, "preview"));
    return button;
  }));
}

export function renderPreviewControls() {
  previewStarters.querySelectorAll("button").forEach((button) => { button.disabled = !connected(); });
}

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
