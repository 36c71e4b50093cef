// The connection's status in the header's indicator, as both pages show it: the four statuses of @agent-chat/client
// as the original frontend showed them, with the reason unless connected.
const LABELS = {
  connected: "Connected",
  connecting: "Connecting…",
  disconnected: "Disconnected",
  error: "Error",
};

/** Closed with 4410: the thread was deleted. */
const THREAD_DELETED = 4410;

/**
 * @param {HTMLElement} indicator the element with the dot (`#status`)
 * @param {HTMLElement} text where the words go (`#status-text`)
 * @param {{ status: string, reason?: string, closeCode?: number }} status
 */
export function showIndicator(indicator, text, { status, reason, closeCode }) {
  indicator.dataset.status = status;
  indicator.className = `status status-${status}`;
  if (status === "error" && closeCode === THREAD_DELETED) {
    text.textContent = "Deleted";
  } else {
    text.textContent = status === "connected" || !reason ? LABELS[status] : `${LABELS[status]}: ${reason}`;
  }
}
