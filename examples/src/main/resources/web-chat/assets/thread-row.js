// One thread of the list: its title (a link to its page), its agent, when it last changed and its last message, with
// Rename (in place) and Delete. A row is made once per thread and updated as the thread changes, so that a title being
// typed is never redrawn under the typist.
import { threadLink } from "./identity.js";

/** Builds an element: `h("p", { class: "x" }, "text", child)`. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== false && value !== null && value !== undefined) {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
  element.append(...children);
  return element;
}

/** What a thread is called in the list. */
export function titleOf(thread) {
  return thread.title || "Untitled agent";
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** When, for people: "just now", "5 min ago", "3 h ago", "yesterday", or the date. */
export function whenText(iso, now = Date.now()) {
  const at = Date.parse(iso);
  const ago = now - at;
  if (Number.isNaN(at)) return "";
  if (ago < MINUTE) return "just now";
  if (ago < HOUR) return `${Math.floor(ago / MINUTE)} min ago`;
  if (ago < DAY) return `${Math.floor(ago / HOUR)} h ago`;
  if (ago < 2 * DAY) return "yesterday";
  return new Date(at).toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" });
}

/**
 * A row, and what the list does with it.
 * @param {object} thread as the list shows it
 * @param {{ compact: boolean, current: boolean, onRename: (row: Row, title: string) => void,
 *   onDelete: (row: Row) => void }} options
 */
export class Row {
  constructor(thread, { compact, current, onRename, onDelete }) {
    this.thread = thread;
    this.editing = false;
    this.saving = false;
    this.onRename = onRename;
    this.el = {
      title: h("span", { class: "thread-title" }),
      time: h("time", { class: "thread-time" }),
      agent: h("span", { class: "thread-agent" }),
      count: h("span", { class: "thread-count" }),
      preview: h("p", { class: "thread-preview" }),
      rename: h("button", { class: "rename-button", type: "button" }, "Rename"),
      remove: h("button", { class: "delete-button", type: "button" }, "Delete"),
      input: h("input", { class: "rename-input", type: "text", maxlength: 120, autocomplete: "off" }),
      save: h("button", { class: "rename-save", type: "submit" }, "Save"),
      cancel: h("button", { class: "rename-cancel", type: "button" }, "Cancel"),
      note: h("p", { class: "thread-note", role: "status" }),
    };
    const link = h("a", { class: "thread-link", href: threadLink(thread.threadId), "aria-current": current && "page" },
      this.el.title);
    this.el.form = h("form", { class: "rename-form", hidden: true }, this.el.input,
      h("span", { class: "rename-actions" }, this.el.save, this.el.cancel));
    this.li = h("li", { class: current ? "thread-item current" : "thread-item", "data-thread-id": thread.threadId },
      h("div", { class: "thread-main" }, link, this.el.time),
      ...(compact ? [] : [h("p", { class: "thread-meta" }, this.el.agent, " · ", this.el.count), this.el.preview]),
      h("div", { class: "thread-actions" }, this.el.rename, this.el.remove),
      this.el.form,
      this.el.note);

    this.el.rename.addEventListener("click", () => this.#openEditor());
    this.el.remove.addEventListener("click", () => onDelete(this));
    this.el.cancel.addEventListener("click", () => this.#closeEditor());
    this.el.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.#save();
    });
    this.el.input.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && !this.saving) {
        event.preventDefault();
        this.#closeEditor();
      }
    });
  }

  /**
   * Shows `thread` as it is now.
   * @param {object} thread
   * @param {{ connected: boolean, pending: "rename" | "delete" | null, now: number }} context
   */
  update(thread, { connected, pending, now }) {
    this.thread = thread;
    const title = titleOf(thread);
    this.el.title.textContent = title;
    this.el.title.classList.toggle("untitled", !thread.title);
    this.el.time.dateTime = thread.updatedAt;
    this.el.time.title = new Date(thread.updatedAt).toLocaleString();
    this.el.time.textContent = whenText(thread.updatedAt, now);
    this.el.agent.textContent = thread.agent.name
      ? `${thread.agent.name}, v${thread.agent.version}`
      : "Agent not named yet";
    this.el.count.textContent = thread.messageCount === 1 ? "1 message" : `${thread.messageCount} messages`;
    // The replies' only markdown is **bold** (transcript.js): a one-line preview shows the words without the marks.
    this.el.preview.textContent = thread.lastMessage?.replace(/\*\*([^*]+)\*\*/g, "$1") ?? "No messages yet";
    this.el.preview.classList.toggle("empty", thread.lastMessage === undefined);
    this.el.rename.setAttribute("aria-label", `Rename “${title}”`);
    this.el.remove.setAttribute("aria-label", `Delete “${title}”`);
    this.el.input.setAttribute("aria-label", `New title for “${title}”`);
    this.li.dataset.state = pending === "delete" ? "deleting" : pending === "rename" ? "renaming" : "";
    const busy = pending !== null || this.saving;
    this.el.rename.disabled = !connected || busy || this.editing;
    this.el.remove.disabled = !connected || busy;
    this.el.save.disabled = !connected || this.saving;
    if (pending === "delete") {
      this.el.note.textContent = "Deleting…";
    } else if (this.el.note.dataset.kind !== "error") {
      this.el.note.textContent = "";
    }
  }

  /** Shows a problem with this thread (a refused rename or delete) under it. */
  problem(text) {
    this.el.note.textContent = text;
    this.el.note.dataset.kind = "error";
  }

  refreshTime(now) {
    this.el.time.textContent = whenText(this.thread.updatedAt, now);
  }

  #clearProblem() {
    this.el.note.textContent = "";
    delete this.el.note.dataset.kind;
  }

  #openEditor() {
    this.editing = true;
    this.#clearProblem();
    this.el.input.value = this.thread.title;
    this.el.form.hidden = false;
    this.el.rename.disabled = true;
    this.el.input.focus();
    this.el.input.select();
  }

  #closeEditor() {
    this.editing = false;
    this.saving = false;
    this.el.form.hidden = true;
    this.el.input.disabled = false;
    this.el.rename.disabled = false;
    this.el.rename.focus();
  }

  #save() {
    const title = this.el.input.value.trim();
    // Unchanged: nothing to send. A blank one is sent on, to be refused with the reason (an untitled thread's title
    // is blank too, and closing the box would say nothing).
    if (title !== "" && title === this.thread.title) {
      this.#closeEditor();
      return;
    }
    this.saving = true;
    this.el.input.disabled = true;
    this.el.save.disabled = true;
    this.#clearProblem();
    this.onRename(this, title);
  }

  /** The rename was answered: done, or refused with `text` (the editor stays open with what was typed). */
  renamed(text = null) {
    if (text === null) {
      this.#closeEditor();
      return;
    }
    this.saving = false;
    this.el.input.disabled = false;
    this.el.save.disabled = false;
    this.problem(text);
    this.el.input.focus();
  }
}
