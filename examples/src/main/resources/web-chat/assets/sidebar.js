// The thread page's sidebar: the user's agents, this one highlighted, the same list as the home page's on a user
// connection of its own, to switch between them. On a narrow screen it folds away behind the header's Agents button.
import { ThreadList } from "./client/index.js";
import { serverProblem, userId, wsUrl } from "./identity.js";
import { mountThreads } from "./threads.js";

const NARROW = window.matchMedia("(max-width: 1000px)");

/** @param {string} currentThreadId the thread this page shows */
export function startSidebar(currentThreadId) {
  const sidebar = document.getElementById("sidebar");
  const toggle = document.getElementById("sidebar-toggle");
  const setOpen = (open) => {
    toggle.setAttribute("aria-expanded", String(open));
    sidebar.dataset.open = String(open);
  };
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    setOpen(open);
    if (open) {
      sidebar.querySelector(".thread-search")?.focus();
    }
  });
  sidebar.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && NARROW.matches && sidebar.dataset.open === "true"
        && !event.target.closest?.(".rename-form")) {
      setOpen(false);
      toggle.focus();
    }
  });
  setOpen(false);

  const list = new ThreadList(serverProblem === null
    ? { url: wsUrl, userId }
    : { url: "ws://invalid", userId: "invalid" });
  // For the browser console: webChatThreads.getSnapshot().
  globalThis.webChatThreads = list;
  mountThreads(document.getElementById("sidebar-threads"), list, { current: currentThreadId, compact: true,
    idPrefix: "sidebar" });
  if (serverProblem === null) {
    list.connect();
  }
}
