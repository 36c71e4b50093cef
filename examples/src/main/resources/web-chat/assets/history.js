// The draft's history: one line per version, newest first: who made it, what changed, and a Restore button
// (revert_agent) on every version but the current one. Built as the events arrive, one line each, so a long replay
// costs no more per event.
import { CAPABILITY_LABELS, EMPTY_AGENT, draft, quote } from "./agent.js";
import { requestChange, waiting } from "./changes.js";
import { service } from "./session.js";
import { connected } from "./status.js";

/** Who made a version of the draft (`source` of agent_updated); events from older servers have none. */
const SOURCE_LABELS = { builder: "Builder", user: "You", revert: "Restored", start: "Start" };

const historyList = document.getElementById("draft-history");

export function recordVersion(agent, source) {
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
  historyList.insertBefore(li, firstOlderThan(agent.version));
}

// Where a version's line goes, newest first. Events arrive in seq order, and so in version order: the new line is
// almost always the newest, found at once, so a long replay costs the same per event.
function firstOlderThan(version) {
  let item = historyList.firstElementChild;
  while (item && Number(item.dataset.version) > version) {
    item = item.nextElementSibling;
  }
  return item;
}

/** The thread starts again (a ready with reset): so does its history. */
export function forgetHistory() {
  draft.versions.clear();
  historyList.replaceChildren();
}

export function renderHistoryMarks() {
  const now = draft.agent?.version;
  for (const li of historyList.children) {
    const current = Number(li.dataset.version) === now;
    li.classList.toggle("current", current);
    li.querySelector(".restore").hidden = current;
    li.querySelector(".history-current").hidden = !current;
  }
}

/** `online`: a change can go out now. */
export function renderHistoryControls(online) {
  const disabled = !online || waiting("revert");
  historyList.querySelectorAll("button.restore").forEach((button) => { button.disabled = disabled; });
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
  if (!connected() || waiting("revert")) {
    return;
  }
  requestChange({ group: "revert" }, () => service.revertAgent(version));
}
