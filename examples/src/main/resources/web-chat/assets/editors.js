// The name, description and instructions, each edited in place. A field being edited keeps what the user types
// whatever arrives meanwhile; the others follow the draft. The edit is made on the version shown when it started
// (its base version): if the draft changed since, the server says version_conflict, and the editor moves to the new
// version, keeping the text, for the user to save again.
import { draft, quote, redrawControls } from "./agent.js";
import { requestChange } from "./changes.js";
import { DRAFT_ERROR_LABELS, describeError } from "./errors.js";
import { service } from "./session.js";
import { connected } from "./status.js";

const FIELD_LABELS = { name: "name", description: "description", instructions: "instructions" };

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
    open: false, baseVersion: 0, seenValue: "", requestId: null, conflict: false,
  };
  return [field, editor];
}));

/** `online`: a change can go out now; `refused`: nothing can be sent to this thread at all. */
export function renderEditorControls(online, refused) {
  for (const editor of editors.values()) {
    editor.edit.disabled = refused || draft.agent === null;
    editor.save.disabled = !online || editor.requestId !== null;
    editor.input.disabled = refused;
  }
}

// An agent_updated while editing: say so (the save will be refused as a conflict), without touching the text.
export function noteChangesWhileEditing() {
  for (const editor of editors.values()) {
    if (!editor.open || editor.requestId !== null || !draft.agent || draft.agent.version <= editor.baseVersion) {
      continue;
    }
    const current = draft.agent[editor.field] ?? "";
    const changed = current !== editor.seenValue ? ` The ${FIELD_LABELS[editor.field]} is now ${quote(current)}.` : "";
    setEditorNote(editor, "stale", `The draft has changed since you started editing (it is now version `
      + `${draft.agent.version}).${changed}`);
  }
}

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
  redrawControls();
}

function closeEditor(editor) {
  editor.open = false;
  editor.requestId = null;
  editor.panel.hidden = true;
  editor.displayBox.hidden = false;
  editor.edit.hidden = false;
  redrawControls();
}

function saveEditor(editor) {
  if (!editor.open || editor.requestId !== null || !connected()) {
    return;
  }
  const changes = { [editor.field]: editor.input.value };
  // The answer concerns the editor only while it still waits for this save (not after a Cancel).
  editor.requestId = requestChange({
    done: (clientMessageId) => {
      if (editor.requestId === clientMessageId) {
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
