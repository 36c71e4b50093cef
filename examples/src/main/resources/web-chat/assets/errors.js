// What went wrong, in words: what the server's error codes mean (the page's own refusals use the same codes), and
// the two places that say it: the banner above the transcripts (messages, the connection) and the draft panel's
// error line (changes to the draft, downloads).
import { keepingEnd } from "./channels.js";

export const ERROR_LABELS = {
  invalid_json: "The server could not read what this page sent",
  invalid_message: "The server refused that message",
  unknown_type: "The server did not understand a request from this page",
  message_too_long: "That message is too long",
  outbox_full: "Too many messages are waiting for the connection",
  busy: "The builder has too many messages waiting; send yours again in a moment",
  rate_limited: "Too many messages too fast; wait a moment",
  agent_error: "The builder could not answer",
  invalid_request: "The connection request was refused",
  unauthorized: "You need to sign in to open this thread",
  forbidden: "You may not open this thread",
  internal: "The server had a problem; try again",
  version_conflict: "The draft changed meanwhile",
  not_found: "That version of the draft does not exist",
  quota_exceeded: "Your tokens for today are used up, so that message was not sent",
};

/** The same codes, said of a change to the draft (update_agent, revert_agent) rather than of a message. */
export const DRAFT_ERROR_LABELS = {
  invalid_message: "The server refused that change",
  message_too_long: "That change is too large for the server",
  outbox_full: "Too many changes are waiting for the connection",
  busy: "The builder is working on the draft right now; try again once it has answered",
  rate_limited: "Too many changes too fast; wait a moment",
  not_found: "That version is not in the draft's history",
  version_conflict: "The draft changed meanwhile, so that change was not made; try again",
};

export function describeError(frame, labels = ERROR_LABELS) {
  const label = labels[frame.code] ?? ERROR_LABELS[frame.code] ?? "The server reported an error";
  return frame.message ? `${label}: ${frame.message}` : `${label}.`;
}

const $ = (id) => document.getElementById(id);
const el = {
  errorBanner: $("error-banner"),
  errorText: $("error-text"),
  draftError: $("draft-error"),
  draftErrorText: $("draft-error-text"),
};

export function showError(text, code) {
  // The banner takes room above the transcript: a reader at its end stays there.
  keepingEnd(() => {
    el.errorText.textContent = text;
    el.errorBanner.dataset.code = code ?? "";
    el.errorBanner.hidden = false;
  });
}

export function showDraftError(text, code) {
  el.draftErrorText.textContent = text;
  el.draftError.dataset.code = code ?? "";
  el.draftError.hidden = false;
}

export function hideDraftError() {
  el.draftError.hidden = true;
}

$("error-dismiss").addEventListener("click", () => {
  el.errorBanner.hidden = true;
});
$("draft-error-dismiss").addEventListener("click", hideDraftError);
