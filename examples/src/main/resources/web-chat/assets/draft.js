// The draft panel: the draft as it is now (its fields, version, conversation starters, capabilities and knowledge),
// kept in step with what the server sends; and, for the panel and the parts that act on the draft, what the controls
// allow.
import { CAPABILITY_LABELS, EMPTY_AGENT, charCount, draft, limits, setRedraws } from "./agent.js";
import { updateNow, waiting } from "./changes.js";
import { forgetAwaitedVersions, noteChangesWhileEditing, renderEditorControls } from "./editors.js";
import { showDraftError } from "./errors.js";
import { renderExportControls } from "./exports.js";
import { forgetHistory, renderHistoryControls, renderHistoryMarks } from "./history.js";
import { renderKnowledge } from "./knowledge-panel.js";
import { renderPreview, renderPreviewControls } from "./preview.js";
import { connected, refused } from "./status.js";

const $ = (id) => document.getElementById(id);
const el = {
  draftVersion: $("draft-version"),
  starters: $("draft-starters"),
  starterForm: $("starter-add"),
  starterInput: $("starter-input"),
  starterAdd: $("starter-add-button"),
  capabilities: $("draft-capabilities"),
};

/** A ready with reset: the thread starts again. */
export function resetDraft() {
  draft.agent = null;
  forgetHistory();
  forgetAwaitedVersions();
}

export function setDraft(agent) {
  if (!agent || (draft.agent && agent.version < draft.agent.version)) {
    return; // an older version, replayed: it belongs in the history only
  }
  draft.agent = agent;
  renderDraft();
}

export function renderDraft() {
  const agent = draft.agent ?? EMPTY_AGENT;
  const setText = (node, value, empty) => {
    node.textContent = value || empty;
    node.classList.toggle("empty", !value);
  };
  setText($("draft-name"), agent.name, "not named yet");
  setText($("draft-description"), agent.description, "none yet");
  setText($("draft-instructions"), agent.instructions, "none yet");
  el.draftVersion.textContent = agent.version ? `v${agent.version}` : "";
  noteChangesWhileEditing();
  renderStarters(agent.conversationStarters ?? []);
  if (!waiting("capabilities")) {
    renderCapabilities(agent.capabilities ?? []);
  }
  renderPreview(agent.conversationStarters ?? []);
  renderKnowledge();
  renderHistoryMarks();
  renderDraftControls();
}

// What can be done to the draft depends on the connection and on what is already being saved: a change goes out
// only while connected (what was typed stays in its box meanwhile), and each group of controls takes one change at
// a time.
export function renderDraftControls() {
  const online = connected() && draft.agent !== null;
  renderEditorControls(online, refused());
  const starters = draft.agent?.conversationStarters ?? [];
  const maxStarters = limits().conversationStarters;
  el.starterInput.disabled = refused();
  el.starterAdd.disabled = !online || waiting("starters") || starters.length >= maxStarters;
  el.starterInput.placeholder = starters.length >= maxStarters
    ? `At most ${maxStarters} starters: remove one to add another` : "A new conversation starter";
  const disable = (nodes, disabled) => nodes.forEach((node) => { node.disabled = disabled; });
  disable(el.starters.querySelectorAll("button"), !online || waiting("starters"));
  disable(el.capabilities.querySelectorAll("input"), !online || waiting("capabilities"));
  renderHistoryControls(online);
  renderExportControls(online);
  renderPreviewControls();
  renderKnowledge();
}

setRedraws(renderDraft, renderDraftControls);

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
      updateNow({ conversationStarters: next }, { group: "starters" });
    });
    li.append(text, remove);
    return li;
  }));
  el.starters.classList.toggle("empty", starters.length === 0);
}

function addStarter() {
  const text = el.starterInput.value.trim();
  if (!text || !draft.agent || !connected() || waiting("starters")) {
    return;
  }
  const chars = charCount(text);
  const limit = limits().conversationStarterChars;
  if (chars > limit) {
    showDraftError(`A conversation starter can be at most ${limit} characters, and this one has `
      + `${chars}. Shorten it and add it again.`, "invalid_message");
    return;
  }
  // The server checks the rest (blanks, the same starter twice) and says what is wrong.
  const next = [...(draft.agent.conversationStarters ?? []), text];
  updateNow({ conversationStarters: next }, {
    group: "starters",
    // Once added, the box empties, unless something else was typed in it meanwhile.
    done: () => {
      if (el.starterInput.value.trim() === text) {
        el.starterInput.value = "";
      }
    },
  });
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
      if (updateNow({ capabilities: next }, { group: "capabilities" }) === null) {
        renderCapabilities(current);
      }
    });
    toggle.append(input, document.createTextNode(` ${label}`));
    li.append(toggle);
    return li;
  }));
}

buildCapabilityToggles();
el.starterForm.addEventListener("submit", (event) => {
  event.preventDefault();
  addStarter();
});
