// The name, description and instructions, each edited in place. A field being edited keeps what the user types
// whatever arrives meanwhile; the others follow the draft. The edit is made on the version shown when it started
// (its base version): if the draft changed since, the server says version_conflict, and the editor moves to the new
// version, keeping the text, for the user to save again once the page shows what changed.
import { charCount, draft, quote, redrawControls, textLimit } from "./agent.js";
import { requestChange } from "./changes.js";
import { DRAFT_ERROR_LABELS, describeError } from "./errors.js";
import { service } from "./session.js";
import { connected } from "./status.js";

const FIELD_LABELS = { name: "name", description: "description", instructions: "instructions" };

// How long a version that a conflict named may take to reach the page before Save is given back anyway. It comes
// on the same connection as the conflict, a moment later; it never comes only when the write that made it failed,
// and then the version shown is the current one again (a Save on a version the page has not shown is refused as a
// conflict once more, so nothing unseen is overwritten).
const AWAIT_VERSION_MS = 5000;

// Each editor's state, confined to the page's event loop: `baseVersion`, the version its text is to be applied to
// (always one the page has shown); `seenValue`, the field at that version; `requestId`, the save waiting for an
// answer; `refusal`, why the last save was refused (kept in the note until the next save); `awaitedVersion`, the
// version a conflict named that the page has not shown yet (Save waits for it), with its fallback `awaitTimer`.
const editors = new Map(Object.keys(FIELD_LABELS).map((field) => {
  const panel = document.getElementById(`editor-${field}`);
  const display = document.getElementById(`draft-${field}`);
  const editor = {
    field, panel, display, displayBox: display.closest("dd"),
    input: panel.querySelector(".editor-input"),
    note: panel.querySelector(".editor-note"),
    save: panel.querySelector(".save"),
    cancel: panel.querySelector(".cancel"),
    edit: document.querySelector(`.field[data-field="${field}"] .edit`),
    open: false, baseVersion: 0, seenValue: "", requestId: null, refusal: null, awaitedVersion: null,
    awaitTimer: null,
  };
  return [field, editor];
}));

/** `online`: a change can go out now; `refused`: nothing can be sent to this thread at all. */
export function renderEditorControls(online, refused) {
  for (const editor of editors.values()) {
    editor.edit.disabled = refused || draft.agent === null;
    editor.save.disabled = !online || editor.requestId !== null || editor.awaitedVersion !== null;
    // A save on its way goes out whatever the editor does; closing it now would lose the text if it is refused.
    editor.cancel.disabled = editor.requestId !== null;
    editor.input.disabled = refused;
  }
}

// An agent_updated while editing: say so (the save will be refused as a conflict), without touching the text; or,
// after a conflict, the version it named has arrived: show what changed, and let Save go out on it.
export function noteChangesWhileEditing() {
  for (const editor of editors.values()) {
    if (editor.open && editor.requestId === null) {
      noteChanges(editor);
    }
  }
}

function noteChanges(editor) {
  if (!draft.agent) {
    return;
  }
  if (editor.awaitedVersion !== null) {
    if (draft.agent.version >= editor.awaitedVersion) {
      moveToShownVersion(editor, editor.awaitedVersion);
    }
    return;
  }
  if (draft.agent.version <= editor.baseVersion) {
    return;
  }
  const stale = `The draft has changed since you started editing (it is now version ${draft.agent.version}).`
    + changeOfField(editor);
  // Why the last save was refused stays in front: a redraw must not take it away.
  setEditorNote(editor, editor.refusal ? "failed" : "stale", editor.refusal ? `${editor.refusal} ${stale}` : stale);
}

/** A ready with reset: the versions the editors wait for belong to the thread as it was; the next draft will do. */
export function forgetAwaitedVersions() {
  for (const editor of editors.values()) {
    if (editor.awaitedVersion !== null) {
      editor.awaitedVersion = 0;
    }
  }
}

// " The name is now “X”." when the field differs from what the editor last showed the user, else "".
function changeOfField(editor) {
  const current = draft.agent?.[editor.field] ?? "";
  return current !== editor.seenValue ? ` The ${FIELD_LABELS[editor.field]} is now ${quote(current)}.` : "";
}

function openEditor(editor) {
  if (!editor.open) {
    editor.open = true;
    editor.baseVersion = draft.agent.version;
    editor.seenValue = draft.agent[editor.field] ?? "";
    editor.input.value = editor.seenValue;
    editor.requestId = null;
    editor.refusal = null;
    stopAwaiting(editor);
    setEditorNote(editor, "", "");
    editor.panel.hidden = false;
    editor.displayBox.hidden = true;
    editor.edit.hidden = true;
  }
  editor.input.focus();
  redrawControls();
}

function closeEditor(editor) {
  if (editor.requestId !== null) {
    return; // see renderEditorControls
  }
  editor.open = false;
  stopAwaiting(editor);
  editor.panel.hidden = true;
  editor.displayBox.hidden = false;
  editor.edit.hidden = false;
  redrawControls();
}

function saveEditor(editor) {
  if (!editor.open || editor.requestId !== null || editor.awaitedVersion !== null || !connected()) {
    return;
  }
  const value = editor.input.value;
  const limit = textLimit(editor.field);
  const chars = charCount(value);
  if (chars > limit) {
    editor.refusal = `Not saved: the ${FIELD_LABELS[editor.field]} can be at most ${limit} characters, and this `
      + `one has ${chars}. Shorten it and save again.`;
    setEditorNote(editor, "failed", editor.refusal);
    noteChanges(editor);
    return;
  }
  const changes = { [editor.field]: value };
  editor.refusal = null;
  editor.requestId = requestChange({
    done: (clientMessageId) => {
      if (editor.requestId === clientMessageId) {
        editor.requestId = null;
        closeEditor(editor);
      }
    },
    refused: (clientMessageId, frame) => {
      if (editor.requestId !== clientMessageId) {
        return false;
      }
      editorRefused(editor, frame);
      return true;
    },
  }, () => service.updateAgent(editor.baseVersion, changes));
  if (editor.requestId !== null) {
    setEditorNote(editor, "saving", "Saving…");
  }
  redrawControls();
}

function setEditorNote(editor, state, text) {
  editor.panel.dataset.state = state;
  editor.note.textContent = text;
  editor.note.hidden = !text;
}

// Called once the page shows the draft as it is after the refusal (changes.js redraws first).
function editorRefused(editor, frame) {
  editor.requestId = null;
  if (frame.code !== "version_conflict") {
    editor.refusal = describeError(frame, DRAFT_ERROR_LABELS);
    setEditorNote(editor, "failed", editor.refusal);
    noteChanges(editor);
    return;
  }
  // The server may say so before the event with the version it names reaches this page (it is computed against a
  // draft still being written, or on another server). The base stays at the version shown until that one is
  // shown too, so that the user sees what changed before saving on top of it.
  const named = Number(frame.currentVersion ?? 0);
  const shown = draft.agent?.version ?? 0;
  if (named <= shown) {
    moveToShownVersion(editor, named);
    return;
  }
  editor.awaitedVersion = named;
  setEditorNote(editor, "conflict", `Not saved: the draft changed while you were editing (it is now version `
    + `${named}). Your text is kept here. Waiting for version ${named}, to show you what changed before you save `
    + "again…");
  editor.awaitTimer = setTimeout(() => {
    editor.awaitTimer = null;
    if (editor.open && editor.awaitedVersion !== null) {
      moveToShownVersion(editor, named);
      redrawControls();
    }
  }, AWAIT_VERSION_MS);
}

// After a conflict that named version `named`: the editor moves to the version shown (that one, once it arrived),
// and says what changed in its field since the user last saw it.
function moveToShownVersion(editor, named) {
  stopAwaiting(editor);
  const now = draft.agent?.version ?? 0;
  const changed = changeOfField(editor);
  editor.baseVersion = now;
  editor.seenValue = draft.agent?.[editor.field] ?? "";
  const which = named > now ? `the server named version ${named}, which has not reached this page`
    : `it is now version ${now}`;
  setEditorNote(editor, "conflict", `Not saved: the draft changed while you were editing (${which}).${changed}`
    + ` Your text is kept here: save again to apply it to version ${now}.`);
}

function stopAwaiting(editor) {
  editor.awaitedVersion = null;
  if (editor.awaitTimer !== null) {
    clearTimeout(editor.awaitTimer);
    editor.awaitTimer = null;
  }
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
