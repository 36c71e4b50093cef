// A user's list of threads as both pages show it: in full on the home page, compact in a thread page's sidebar. The
// search box, New agent, the threads newest first, Rename in place, Delete after a confirmation, and Load more; all
// drawn from a ThreadList's state (@agent-chat/client), which the server keeps up to date in every tab at once.
import { linkTo, newThreadId, threadLink } from "./identity.js";
import { Row, h, titleOf } from "./thread-row.js";

const SEARCH_DELAY_MS = 250;
const TIME_REFRESH_MS = 30_000;

/** The words for a refused rename or delete. */
function refusal(error) {
  switch (error.code) {
    case "not_connected":
    case "connection_lost":
      return "Not connected to the chat server; try again once it is back.";
    case "not_found":
      return "That agent is not there any more.";
    case "rate_limited":
      return "Too many changes too fast; wait a moment and try again.";
    default:
      return error.message;
  }
}

// ---- the confirmation before deleting: one dialog per page ----

let dialog = null;

function confirmDialog() {
  if (dialog) return dialog;
  const name = h("strong", { class: "confirm-name" });
  const cancel = h("button", { class: "confirm-cancel", type: "button" }, "Cancel");
  const confirm = h("button", { class: "confirm-delete danger", type: "button" }, "Delete");
  const element = h("dialog", { class: "confirm-dialog", "aria-labelledby": "confirm-title",
    "aria-describedby": "confirm-text" },
  h("h2", { id: "confirm-title" }, "Delete this agent?"),
  h("p", { id: "confirm-text" }, name, " will be deleted for good: its conversations, its draft and the draft's "
      + "history. Tabs that have it open will say so."),
  h("div", { class: "dialog-actions" }, cancel, confirm));
  document.body.append(element);
  let onConfirm = null;
  cancel.addEventListener("click", () => element.close());
  confirm.addEventListener("click", () => {
    const act = onConfirm;
    element.close();
    act?.();
  });
  element.addEventListener("close", () => {
    onConfirm = null;
  });
  dialog = {
    /** Asks whether to delete `title`; calls `then` if so. */
    ask(title, then) {
      name.textContent = `“${title}”`;
      onConfirm = then;
      element.showModal();
      cancel.focus(); // the safe choice first
    },
  };
  return dialog;
}

/**
 * Draws `list` into `root` and keeps it drawn.
 * @param {HTMLElement} root an empty element
 * @param {import("./client/index.js").ThreadList} list
 * @param {{ current?: string | null, compact?: boolean, idPrefix: string }} options `current`: the thread this page
 *     shows (highlighted); `compact`: a sidebar's rows (title and time only)
 */
export function mountThreads(root, list, { current = null, compact = false, idPrefix }) {
  const heading = compact
    ? h("h2", { class: "threads-title", id: `${idPrefix}-title` }, h("a", { href: linkTo("/") }, "Your agents"))
    : h("h2", { class: "threads-title", id: `${idPrefix}-title` }, "Your agents");
  const newAgent = h("button", { class: "new-agent", type: "button" }, "New agent");
  const search = h("input", { class: "thread-search", id: `${idPrefix}-search`, type: "search", maxlength: 120,
    placeholder: compact ? "Search your agents" : "Search by title or agent name", autocomplete: "off" });
  const errorText = h("span");
  const dismiss = h("button", { type: "button", "aria-label": "Dismiss" }, "×");
  const error = h("div", { class: "threads-error", role: "alert", hidden: true }, errorText, dismiss);
  const note = h("p", { class: "threads-note", role: "status" });
  const items = h("ul", { class: "thread-list", "aria-labelledby": `${idPrefix}-title` });
  const more = h("button", { class: "load-more", type: "button", hidden: true }, "Load more");
  root.classList.add("threads", compact ? "threads-compact" : "threads-full");
  root.setAttribute("aria-labelledby", `${idPrefix}-title`);
  root.replaceChildren(
    h("div", { class: "threads-head" }, heading, newAgent),
    h("form", { class: "threads-search", role: "search" },
      h("label", { class: "visually-hidden", for: search.id }, "Search your agents"), search),
    error, note, items, more);

  /** @type {Map<string, Row>} */
  const rows = new Map();

  const rowFor = (thread) => {
    let row = rows.get(thread.threadId);
    if (!row) {
      row = new Row(thread, {
        compact,
        current: thread.threadId === current,
        onRename: (r, title) => {
          list.rename(r.thread.threadId, title).then(() => r.renamed(), (e) => r.renamed(`Not renamed: ${refusal(e)}`));
        },
        onDelete: (r) => confirmDialog().ask(titleOf(r.thread), () => {
          list.delete(r.thread.threadId)
            .catch((e) => rows.get(r.thread.threadId)?.problem(`Not deleted: ${refusal(e)}`));
        }),
      });
      rows.set(thread.threadId, row);
    }
    return row;
  };

  function render() {
    const state = list.getSnapshot();
    const connected = state.connection.status === "connected";
    const now = Date.now();
    /** @type {Map<string, "rename" | "delete">} */
    const pending = new Map(state.pending.map((p) => [p.threadId, p.kind]));
    const shown = new Set();
    state.threads.forEach((thread, index) => {
      const row = rowFor(thread);
      row.update(thread, { connected, pending: pending.get(thread.threadId) ?? null, now });
      shown.add(thread.threadId);
      // Moved only when out of place: moving a row would take the focus from a title being typed.
      if (items.children[index] !== row.li) {
        items.insertBefore(row.li, items.children[index] ?? null);
      }
    });
    for (const [threadId, row] of rows) {
      if (!shown.has(threadId)) {
        row.li.remove();
        rows.delete(threadId);
      }
    }
    note.textContent = noteFor(state);
    note.hidden = note.textContent === "";
    more.hidden = !state.hasMore || !state.loaded;
    more.disabled = !connected || state.loadingMore;
    more.textContent = state.loadingMore ? "Loading…" : "Load more";
    error.hidden = state.lastError === null;
    errorText.textContent = state.lastError ? state.lastError.message : "";
    root.dataset.loaded = String(state.loaded);
  }

  let searchTimer = null;
  const searchNow = () => {
    clearTimeout(searchTimer);
    list.search(search.value);
  };
  search.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(searchNow, SEARCH_DELAY_MS);
  });
  search.form.addEventListener("submit", (event) => {
    event.preventDefault();
    searchNow();
  });
  search.value = list.getSnapshot().query;
  newAgent.addEventListener("click", () => location.assign(threadLink(newThreadId())));
  more.addEventListener("click", () => list.loadMore());
  dismiss.addEventListener("click", () => list.dismissError());
  setInterval(() => rows.forEach((row) => row.refreshTime(Date.now())), TIME_REFRESH_MS);

  list.subscribe(render);
  render();
}

function noteFor(state) {
  if (!state.loaded) {
    if (state.connection.status === "error") {
      return `Cannot load your agents: ${state.connection.reason}.`;
    }
    return state.threads.length === 0 ? "Loading your agents…" : "Searching…";
  }
  if (state.threads.length === 0) {
    return state.query ? `No agents match “${state.query}”.` : "No agents yet: start one with New agent.";
  }
  return "";
}
