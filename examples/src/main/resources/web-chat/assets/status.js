// The connection's status: as the other parts ask for it (connected, refused), and as the page shows it, in the
// header's indicator, in what the composer allows, and (once the thread was deleted) in the notice that says so.
import { showIndicator } from "./indicator.js";

const $ = (id) => document.getElementById(id);
const el = {
  status: $("status"),
  statusText: $("status-text"),
  composer: $("composer"),
  warning: $("offline-warning"),
  input: $("input"),
  send: $("send"),
  deleted: $("deleted-notice"),
  deletedHome: $("deleted-home"),
};

// Written by renderStatus only.
let currentStatus = "disconnected";

export const connected = () => currentStatus === "connected";

/** The server refused the connection, or the page would not make one (a bad thread id): nothing can be sent. */
export const refused = () => currentStatus === "error";

export function renderStatus({ status, reason, closeCode }) {
  currentStatus = status;
  showIndicator(el.status, el.statusText, { status, reason, closeCode });
  // 4410: deleted, in another tab or anywhere else. The notice says so, instead of the warning about the connection.
  const deleted = status === "error" && closeCode === 4410;
  if (deleted && el.deleted.hidden) {
    el.deleted.hidden = false;
    el.deletedHome.focus(); // nothing else on the page works now: the way out is where the keyboard is
  } else if (!deleted) {
    el.deleted.hidden = true;
  }

  el.send.disabled = !connected();
  // While a reconnect is possible the textarea stays usable, so nothing typed is lost and Enter can queue a
  // message for when the connection is back. After a refusal (error) nothing can be sent at all.
  el.input.disabled = status === "error";
  el.composer.classList.toggle("offline", !connected());
  el.warning.hidden = connected() || deleted;
  if (status === "error") {
    el.warning.textContent = `Cannot connect to the chat server: ${reason}.`;
  } else if (!connected()) {
    el.warning.textContent = "Not connected to the chat server, so sending is off. Press Enter to queue a "
      + "message instead: it is sent as soon as the connection is back.";
  }
}
