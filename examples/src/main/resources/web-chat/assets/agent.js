// The agent draft as this page knows it, shared by the panel, its editors, the history, the preview and the
// downloads; and how a part that changed it (or what can be done to it) has the panel drawn again.
import { service } from "./session.js";

/** The capabilities the page has a switch for, as the panel and the history name them. */
export const CAPABILITY_LABELS = {
  web_search: "Web search",
  code_interpreter: "Code interpreter",
  image_generation: "Image generation",
  file_search: "File search",
};

/**
 * What the server accepts (docs/protocol.md, "The limits object"), as its `ready` said: the client's
 * `DEFAULT_LIMITS` only until then, or from a server too old to say. Read when needed, never kept: a reconnect may
 * reach a server started with others. Lengths are in characters, Unicode code points as the server counts them, so
 * that an emoji is one character, not JavaScript's two UTF-16 units.
 */
export const limits = () => service.limits;

/** The server's limit on a text field of the draft: "name", "description" or "instructions". */
export const textLimit = (field) => limits()[`${field}Chars`];

/** The number of characters in `text` as the server counts them (code points), after trimming as it does. */
export const charCount = (text) => [...text.trim()].length;

export const EMPTY_AGENT = Object.freeze({ name: "", description: "", instructions: "", conversationStarters: [],
  capabilities: [], version: 0 });

// The draft as it is now (the highest version received) and every version the thread's agent_updated events
// carried: the history. A page always joins with lastSeq 0 (and resumes from where it was), so it has them all.
// `agent` is written by draft.js and `versions` by history.js; the other modules only read them.
export const draft = { agent: null, versions: new Map() };

// draft.js says what a redraw is. The parts it draws ask for one here rather than import it, so that no module
// imports one that imports it back.
const redraws = { draft: () => {}, controls: () => {} };

/** Called once, by draft.js. */
export function setRedraws(drawDraft, drawControls) {
  redraws.draft = drawDraft;
  redraws.controls = drawControls;
}

/** Shows the draft as it is now: the panel, the history's marks, the preview's starters, and the controls. */
export function redrawDraft() {
  redraws.draft();
}

/** Shows again only what the controls allow (a change went out, an editor opened, a download was asked for). */
export function redrawControls() {
  redraws.controls();
}

/** A field's value inside a sentence: quoted, and shortened when long. */
export function quote(text) {
  const chars = [...text];
  const shown = chars.length > 80 ? `${chars.slice(0, 79).join("")}…` : text;
  return shown ? `“${shown}”` : "empty";
}
