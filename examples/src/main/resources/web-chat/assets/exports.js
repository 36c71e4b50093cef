// The downloads. The server renders each format (one implementation for every client); the page only saves what it
// sends as a file named after the agent.
import { draft, redrawControls } from "./agent.js";
import { showDraftError } from "./errors.js";
import { service } from "./session.js";

const EXPORTS = {
  json: { suffix: ".json", type: "application/json" },
  openai: { suffix: ".openai.json", type: "application/json" },
  markdown: { suffix: ".md", type: "text/markdown" },
};

const buttons = [...document.querySelectorAll(".export-buttons button")];

// Formats asked for and not answered yet.
const exportsWaiting = new Set();

/** The connection is gone: an export is answered on the connection that asked, so none will be. */
export function forgetExports() {
  exportsWaiting.clear();
}

/** `online`: a request can go out now. */
export function renderExportControls(online) {
  buttons.forEach((b) => { b.disabled = !online || exportsWaiting.has(b.dataset.format); });
}

function exportDraft(format) {
  service.exportAgent(format).then(onExport, (e) => {
    exportsWaiting.delete(format);
    showDraftError(e.code === "not_connected"
      ? "Not connected to the chat server: the download needs it. Try again once connected."
      : "The connection was lost before the download arrived. Try again once connected.");
    redrawControls();
  });
  exportsWaiting.add(format);
  redrawControls();
}

function onExport(frame) {
  exportsWaiting.delete(frame.format);
  const agent = draft.versions.get(frame.version)?.agent ?? draft.agent;
  const { suffix, type } = EXPORTS[frame.format] ?? { suffix: `.${frame.format}.txt`, type: "text/plain" };
  download(fileNameOf(agent?.name) + suffix, String(frame.content ?? ""), type);
  redrawControls();
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

buttons.forEach((button) => button.addEventListener("click", () => exportDraft(button.dataset.format)));
