// The draft panel's Knowledge area: the agent's files (name, size, type, and status: indexing, ready, or failed with
// why), uploads (chosen, or dropped anywhere on the panel) with a progress bar each, Remove, and the server's limits.
// Files go to the chat server's HTTP API (@agent-chat/client's uploadKnowledgeFile); what the draft holds comes back
// over the WebSocket (agent_updated, file_status), so every tab shows the same files.
import {
  formatBytes, furthestFile, removeKnowledgeFile, uploadKnowledgeFile,
} from "./client/index.js";
import { draft, limits } from "./agent.js";
import { refused } from "./status.js";
import { apiProblem, apiUrl } from "./identity.js";
import { threadId } from "./session.js";

const $ = (id) => document.getElementById(id);
const el = {
  panel: document.querySelector("aside.draft"),
  hint: $("knowledge-hint"),
  error: $("knowledge-error"),
  errorText: $("knowledge-error-text"),
  list: $("knowledge-files"),
  input: $("knowledge-input"),
  choose: $("knowledge-choose"),
  limits: $("knowledge-limits"),
};

const TYPE_LABELS = {
  "application/pdf": "PDF",
  "text/markdown": "Markdown",
  "text/plain": "Text",
  "text/html": "HTML",
  "text/csv": "CSV",
  "application/json": "JSON",
};

// Per fileId, the file at the furthest status seen: a replayed agent_updated carries the status as it was then,
// file_status the status now. Written by noteAgentFiles and onFileStatus.
const statuses = new Map();
// Uploads under way, by a key of this page's: { name, size, loaded, total }.
const uploads = new Map();
let nextUpload = 1;
// Files the server stored (201) that no version of the draft shown yet has: shown until one has them.
const justUploaded = new Map();
// Files whose removal is on its way, or done (204) while the draft shown still has them.
const removing = new Set();
const removed = new Set();

/** Every agent the thread's frames carry (the current one and replayed ones): their files' statuses count. */
export function noteAgentFiles(agent) {
  for (const file of agent?.files ?? []) {
    statuses.set(file.fileId, furthestFile(statuses.get(file.fileId), file));
  }
}

/** A file_status frame: a file is ready, or failed. */
export function onFileStatus(file) {
  const known = statuses.get(file.fileId);
  const kept = furthestFile(known, file);
  if (kept !== known) {
    statuses.set(file.fileId, kept);
    renderKnowledge();
  }
}

/** The files to show: the draft's, each at its furthest status, then those just uploaded. */
function shownFiles() {
  const inDraft = (draft.agent?.files ?? []).map((file) => furthestFile(statuses.get(file.fileId), file));
  const ids = new Set(inDraft.map((file) => file.fileId));
  for (const id of [...justUploaded.keys()].filter((id) => ids.has(id))) {
    justUploaded.delete(id);
  }
  for (const id of [...removed].filter((id) => !ids.has(id))) {
    removed.delete(id);
  }
  const pending = [...justUploaded.values()].map((file) => furthestFile(statuses.get(file.fileId), file));
  return [...inDraft, ...pending].filter((file) => !removed.has(file.fileId));
}

/** Uploads need the thread to exist (the page has joined it) and an API to send them to. */
function canUpload() {
  return apiProblem === null && draft.agent !== null && !refused();
}

export function renderKnowledge() {
  const files = shownFiles();
  el.list.replaceChildren(...files.map(fileRow), ...[...uploads.entries()].map(([key, upload]) => uploadRow(key,
    upload)));
  el.list.classList.toggle("empty", files.length === 0 && uploads.size === 0);
  el.choose.disabled = !canUpload();
  el.input.disabled = !canUpload();
  const { files: maxFiles, fileBytes } = limits();
  const parts = [];
  if (maxFiles !== undefined) {
    parts.push(`${files.length} of ${maxFiles} files`);
  }
  if (fileBytes !== undefined) {
    parts.push(`at most ${formatBytes(fileBytes)} each`);
  }
  el.limits.textContent = parts.join(", ");
  const searching = (draft.agent?.capabilities ?? []).includes("file_search");
  el.hint.textContent = apiProblem !== null ? `Files cannot be added: ${apiProblem}.`
    : files.length > 0 && !searching
      ? "File search is off: switch it on above, and the preview answers from these files."
      : "Files the agent answers from in the preview, with File search on. Drop them on this panel, or choose "
        + "them: PDF, Markdown, text, HTML, CSV or JSON.";
}

function fileRow(file) {
  const li = document.createElement("li");
  li.className = "knowledge-file";
  li.dataset.fileId = file.fileId;
  li.dataset.status = removing.has(file.fileId) ? "removing" : file.status;
  const line = document.createElement("div");
  line.className = "file-line";
  const name = document.createElement("span");
  name.className = "file-name";
  name.textContent = file.name;
  const remove = document.createElement("button");
  remove.type = "button";
  remove.className = "remove-file";
  remove.textContent = "Remove";
  remove.setAttribute("aria-label", `Remove ${file.name}`);
  remove.disabled = removing.has(file.fileId) || !canUpload();
  remove.addEventListener("click", () => removeFile(file));
  line.append(name, remove);
  const meta = document.createElement("div");
  meta.className = "file-meta";
  const status = document.createElement("span");
  status.className = "file-status";
  if (removing.has(file.fileId)) {
    status.textContent = "Removing…";
  } else if (file.status === "indexing") {
    const spinner = document.createElement("span");
    spinner.className = "spinner";
    spinner.setAttribute("aria-hidden", "true");
    status.append(spinner, document.createTextNode("Indexing…"));
  } else {
    status.textContent = file.status === "ready" ? "Ready" : file.status === "failed" ? "Failed" : file.status;
  }
  meta.append(`${formatBytes(file.size)} · ${TYPE_LABELS[file.type] ?? file.type} · `, status);
  li.append(line, meta);
  if (file.status === "failed") {
    const why = document.createElement("p");
    why.className = "file-error";
    why.textContent = file.error || "The server could not read this file.";
    li.append(why);
  }
  return li;
}

function uploadRow(key, upload) {
  const li = document.createElement("li");
  li.className = "knowledge-file";
  li.dataset.status = "uploading";
  li.dataset.upload = String(key);
  const line = document.createElement("div");
  line.className = "file-line";
  const name = document.createElement("span");
  name.className = "file-name";
  name.textContent = upload.name;
  line.append(name);
  const progress = document.createElement("progress");
  progress.className = "upload-progress";
  progress.max = upload.total || 1;
  progress.value = upload.loaded;
  progress.setAttribute("aria-label", `Uploading ${upload.name}`);
  const meta = document.createElement("div");
  meta.className = "file-meta";
  meta.textContent = `${formatBytes(upload.size)} · uploading…`;
  li.append(line, progress, meta);
  return li;
}

function showKnowledgeError(text) {
  el.errorText.textContent = text;
  el.error.hidden = false;
}

function hideKnowledgeError() {
  el.error.hidden = true;
}

/** Sends each of `files`, side by side; each shows its progress until the server has answered. */
function upload(files) {
  if (!canUpload() || files.length === 0) {
    return;
  }
  hideKnowledgeError();
  const { files: maxFiles, fileBytes } = limits();
  for (const file of files) {
    if (maxFiles !== undefined && shownFiles().length + uploads.size >= maxFiles) {
      showKnowledgeError(`${file.name} was not added: the agent may have at most ${maxFiles} files. Remove one to `
        + "add another.");
      continue;
    }
    const key = nextUpload++;
    const entry = { name: file.name, size: file.size, loaded: 0, total: file.size };
    uploads.set(key, entry);
    uploadKnowledgeFile({
      apiUrl, threadId, file, ...(fileBytes !== undefined ? { maxBytes: fileBytes } : {}),
      onProgress: ({ loaded, total }) => {
        entry.loaded = loaded;
        entry.total = total;
        const bar = el.list.querySelector(`li[data-upload="${key}"] progress`);
        if (bar) {
          bar.max = total || 1;
          bar.value = loaded;
        }
      },
    }).then((stored) => {
      justUploaded.set(stored.fileId, stored);
      noteAgentFiles({ files: [stored] });
    }).catch((e) => {
      showKnowledgeError(`${file.name} was not added: ${e.message}`);
    }).finally(() => {
      uploads.delete(key);
      renderKnowledge();
    });
  }
  renderKnowledge();
}

function removeFile(file) {
  if (removing.has(file.fileId)) {
    return;
  }
  hideKnowledgeError();
  removing.add(file.fileId);
  renderKnowledge();
  removeKnowledgeFile({ apiUrl, threadId, fileId: file.fileId }).then(() => {
    removed.add(file.fileId);
    justUploaded.delete(file.fileId);
  }).catch((e) => {
    if (e.code === "not_found") {
      removed.add(file.fileId); // already gone (another tab removed it): the draft without it is on its way
    } else {
      showKnowledgeError(`${file.name} was not removed: ${e.message}`);
    }
  }).finally(() => {
    removing.delete(file.fileId);
    renderKnowledge();
  });
}

const carriesFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes("Files");

el.choose.addEventListener("click", () => el.input.click());
el.input.addEventListener("change", () => {
  upload([...el.input.files]);
  el.input.value = ""; // the same file chosen again is a new upload
});
$("knowledge-error-dismiss").addEventListener("click", hideKnowledgeError);
// Files dropped on the draft panel are uploaded; dropped anywhere else on the page, they are ignored (rather than
// the browser leaving the page to show the file).
for (const type of ["dragenter", "dragover"]) {
  el.panel.addEventListener(type, (event) => {
    if (carriesFiles(event)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = canUpload() ? "copy" : "none";
      el.panel.classList.toggle("dropping", canUpload());
    }
  });
}
el.panel.addEventListener("dragleave", (event) => {
  if (!el.panel.contains(event.relatedTarget)) {
    el.panel.classList.remove("dropping");
  }
});
el.panel.addEventListener("drop", (event) => {
  if (carriesFiles(event)) {
    event.preventDefault();
    el.panel.classList.remove("dropping");
    upload([...event.dataTransfer.files]);
  }
});
window.addEventListener("dragover", (event) => {
  if (carriesFiles(event)) {
    event.preventDefault();
  }
});
window.addEventListener("drop", (event) => {
  if (carriesFiles(event)) {
    event.preventDefault();
  }
});
