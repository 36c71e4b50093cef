// The reference web chat's thread page: one thread, its two conversations (the builder's, and the preview of the
// agent being built) streaming in, and the agent draft beside them, editable by hand, with its history and
// downloads. All protocol work (reconnects, resume, the outbox) is done by @agent-chat/client's ChatClient (copied into
// assets/client/ by the build); the modules here only turn its status and frames into the page, and the user's
// clicks into its requests. Beside them, the sidebar lists the user's other agents (the home page's list, home.js).
//
// This one starts the page and hands what the service reports to the parts it concerns. The parts, each importing
// only ones listed after it (so no two import each other, and each can be read without those above it):
//   sidebar.js      the user's agents, this one highlighted, to switch between them
//   threads.js      the list (shared with the home page): search, New agent, Load more, the delete confirmation
//   thread-row.js   one thread of it, renamed in place
//   draft.js        the draft panel: fields, starters and capabilities; what every draft control allows
//   editors.js      the name, description and instructions, edited in place
//   knowledge-panel.js  the agent's knowledge files: their status, uploads with progress, Remove
//   history.js      one line per version of the draft, and Restore
//   changes.js      changes to the draft waiting for the server's answer
//   exports.js      the downloads
//   preview.js      the tabs, and the draft's starters as buttons in the Preview tab
//   composer.js     sending what is typed
//   tokens.js       the user's tokens today against the server's daily budget, under the message box
//   transcript.js   the messages' bubbles, stored and streaming, and the "thinking" line
//   turns.js        whose turn it is
//   sources.js      the knowledge passages a preview reply answers from, under it
//   streams.js      a reply streaming in, delta by delta
//   errors.js       what an error means, in words, and where it is said
//   channels.js     the two conversations' elements, which one is shown, following the end of the transcripts
//   agent.js        the draft as this page knows it, shared; asking the panel to redraw
//   status.js       the connection's status, shown in the header and the composer; the notice once deleted
//   indicator.js    the connection's status in the header (shared with the home page)
//   session.js      the thread, from the page's address; the client
//   identity.js     the user and the chat server, from the page's address; links that keep them
import { onChangeAcked, onChangeRefused, onDraftEvent } from "./changes.js";
import { keepingEnd } from "./channels.js";
import { renderDraft, renderDraftControls, resetDraft, setDraft } from "./draft.js";
import { forgetExports } from "./exports.js";
import { recordVersion } from "./history.js";
import { noteAgentFiles, onFileStatus } from "./knowledge-panel.js";
import { linkTo } from "./identity.js";
import { connectionProblem, service, threadId, userId } from "./session.js";
import { startSidebar } from "./sidebar.js";
import { connected, renderStatus } from "./status.js";
import { renderQuota } from "./tokens.js";
import {
  onDelta, onMessageAcked, onMessageError, onReady, onServerStatus, onStoredMessage, renderThinking,
} from "./transcript.js";
import { caughtUp } from "./turns.js";

function showStatus(status) {
  renderStatus(status);
  if (!connected()) {
    forgetExports();
  }
  renderThinking();
  renderDraftControls();
}

function onFrame(frame) {
  switch (frame.type) {
    case "ready":
      onReady(frame);
      if (frame.reset) {
        resetDraft();
      }
      noteAgentFiles(frame.agent);
      setDraft(frame.agent);
      break;
    case "message":
      onStoredMessage(frame.message, frame.seq);
      break;
    case "assistant_delta":
      onDelta(frame);
      break;
    case "agent_updated":
      recordVersion(frame.agent, frame.source ?? "builder");
      noteAgentFiles(frame.agent);
      setDraft(frame.agent);
      onDraftEvent(frame.seq);
      caughtUp(frame.seq);
      break;
    case "status":
      onServerStatus(frame);
      break;
    case "file_status":
      onFileStatus(frame.file);
      break;
    case "ack":
      if (!onChangeAcked(frame)) {
        onMessageAcked(frame);
      }
      break;
    case "error":
      if (frame.code === "thread_deleted") {
        break; // the notice says so, once the close that follows ends the connection
      }
      if (!onChangeRefused(frame)) {
        onMessageError(frame);
      }
      break;
    default:
      break; // pong, agent_export (answered to exports.js), and frame types newer than this page
  }
}

document.getElementById("thread-label").textContent = `thread ${threadId || "(none)"}`;
document.getElementById("user-label").textContent = `you are ${userId}`;
document.title = `${threadId || "No thread"} · Agent builder chat`;
document.getElementById("deleted-home").href = linkTo("/");
startSidebar(threadId);

renderDraft();
service.on("status", (status) => keepingEnd(() => showStatus(status)));
service.on("frame", (frame) => keepingEnd(() => onFrame(frame)));
service.on("quota", (quota) => keepingEnd(() => renderQuota(quota)));
// A request the client gave up by itself (the server found it too big) is refused like the server refuses one.
service.on("requestFailed", (failure) => keepingEnd(() => onFrame({ type: "error", ...failure })));

if (connectionProblem) {
  showStatus({ status: "error", reason: connectionProblem });
} else {
  service.connect();
}
