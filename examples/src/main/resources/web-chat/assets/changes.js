// Changes to the draft (update_agent, revert_agent) waiting for the server's answer, and what is done with the
// answer: the change shown once stored, or the reason it was refused.
import { draft, redrawControls, redrawDraft } from "./agent.js";
import { DRAFT_ERROR_LABELS, describeError, hideDraftError, showDraftError } from "./errors.js";
import { service } from "./session.js";

// Changes waiting, by clientMessageId: what the page does once it is stored (the ack, then the agent_updated with
// the ack's seq) or refused (an error with the same clientMessageId).
const requests = new Map();
// The one change each group of controls has waiting (a clientMessageId), or null.
const pendingGroups = { starters: null, capabilities: null, revert: null };

/** Whether a group of controls (starters, capabilities, revert) has a change waiting: it takes one at a time. */
export const waiting = (group) => pendingGroups[group] !== null;

/**
 * Sends a change of the draft. `request` says what it is for: `group`, the controls that wait for it (if any);
 * `done(clientMessageId)`, called once the page shows the change; `refused(clientMessageId, frame)`, which returns
 * true when it said why itself (else the draft's error line says it). Returns its clientMessageId, or null when it
 * could not be sent (the reason is shown).
 */
export function requestChange(request, send) {
  let clientMessageId;
  try {
    clientMessageId = send();
  } catch (e) {
    showDraftError(describeError({ code: e.code, message: e.message }, DRAFT_ERROR_LABELS), e.code);
    return null;
  }
  hideDraftError();
  requests.set(clientMessageId, request);
  if (request.group) {
    pendingGroups[request.group] = clientMessageId;
  }
  redrawControls();
  return clientMessageId;
}

/** A change made now on the draft as shown: starters and capabilities, one click each. */
export function updateNow(changes, request) {
  return requestChange(request, () => service.updateAgent(draft.agent.version, changes));
}

/** An ack: false when it is not about a change to the draft (it is a message's). */
export function onChangeAcked(frame) {
  const clientMessageId = frame.clientMessageId;
  const request = requests.get(clientMessageId);
  if (!request) {
    return false;
  }
  // Done once the page shows the change: at once for a duplicate (its event came long ago), else with the
  // agent_updated that follows the ack.
  if (frame.duplicate || frame.seq <= service.lastSeq) {
    finishChange(clientMessageId, request);
  } else {
    request.untilSeq = frame.seq;
  }
  return true;
}

/** An agent_updated at `seq` was shown. */
export function onDraftEvent(seq) {
  for (const [clientMessageId, request] of requests) {
    if (request.untilSeq !== undefined && request.untilSeq <= seq) {
      finishChange(clientMessageId, request);
    }
  }
}

/** An error: false when it is not about a change to the draft. */
export function onChangeRefused(frame) {
  const clientMessageId = frame.clientMessageId;
  const request = requests.get(clientMessageId);
  if (!request) {
    return false;
  }
  forget(clientMessageId, request);
  // The draft as it is first (starters and capabilities show it again; a starter being added stays in its box),
  // then why the change was refused: a redraw must not replace the reason.
  redrawDraft();
  if (!request.refused?.(clientMessageId, frame)) {
    showDraftError(describeError(frame, DRAFT_ERROR_LABELS), frame.code);
  }
  redrawControls();
  return true;
}

function finishChange(clientMessageId, request) {
  forget(clientMessageId, request);
  request.done?.(clientMessageId);
  redrawDraft();
}

function forget(clientMessageId, request) {
  requests.delete(clientMessageId);
  if (request.group && pendingGroups[request.group] === clientMessageId) {
    pendingGroups[request.group] = null;
  }
}
