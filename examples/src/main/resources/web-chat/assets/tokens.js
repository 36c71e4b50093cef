// The user's tokens today against the chat server's daily budget, under the message box; shown only when the server
// has a budget (its ready carries a quota). The count is the client's (service.quota): the ready's, with every reply
// seen since added, or what the server said when it refused a message because the budget was spent.
const line = document.getElementById("tokens-today");
const count = new Intl.NumberFormat("en");

/** @param {{ used: number, limit: number, renewsAt: string } | null} quota */
export function renderQuota(quota) {
  line.hidden = quota === null;
  if (quota === null) {
    return;
  }
  const renewsAt = new Date(quota.renewsAt);
  const time = renewsAt.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  line.textContent = `Tokens today: ${count.format(quota.used)} / ${count.format(quota.limit)} · renews at ${time}`;
  line.title = `Your daily token budget renews at ${renewsAt.toLocaleString()} (midnight UTC)`;
  line.classList.toggle("spent", quota.used >= quota.limit);
}
