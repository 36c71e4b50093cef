// The connection's status: as the other parts ask for it (connected, refused), and as the page shows it, in the
// header's indicator and in what the composer allows.
// The four statuses of @agent-chat/client, as the original frontend showed them.
const STATUS_LABELS = {
  connected: "Connected",
  connecting: "Connecting…",
  disconnected: "Disconnected",
  error: "Error",
};

const $ = (id) => document.getElementById(id);
const el = {
  status: $("status"),
  statusText: $("status-text"),
  composer: $("composer"),
  warning: $("offline-warning"),
  input: $("input"),
  send: $("send"),
};

// Written by renderStatus only.
let currentStatus = "disconnected";

export const connected = () => currentStatus === "connected";

/** The server refused the connection, or the page would not make one (a bad thread id): nothing can be sent. */
export const refused = () => currentStatus === "error";

export function renderStatus({ status, reason }) {
  currentStatus = status;
  el.status.dataset.status = status;
  el.status.className = `status status-${status}`;
  const label = STATUS_LABELS[status];
  el.statusText.textContent = status === "connected" || !reason ? label : `${label}: ${reason}`;

  el.send.disabled = !connected();
  // While a reconnect is possible the textarea stays usable, so nothing typed is lost and Enter can queue a
  // message for when the connection is back. After a refusal (error) nothing can be sent at all.
  el.input.disabled = status === "error";
  el.composer.classList.toggle("offline", !connected());
  el.warning.hidden = connected();
  if (status === "error") {
    el.warning.textContent = `Cannot connect to the chat server: ${reason}.`;
  } else if (!connected()) {
    el.warning.textContent = "Not connected to the chat server, so sending is off. Press Enter to queue a "
      + "message instead: it is sent as soon as the connection is back.";
  }
}
