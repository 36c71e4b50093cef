// The state a UI shows for a user's list of threads, derived from a ThreadList's events once, here: the order
// (newest updatedAt first, then threadId descending), what a live change means for a list read a page at a time, and
// which renames and deletes still wait for the server. Framework-free: `reduceThreadList` returns a new state object
// for every change, and the same object when nothing changed.

/** @typedef {import("./protocol.js").Thread} Thread */
/** @typedef {import("./protocol.js").ThreadsFrame} ThreadsFrame */
/** @typedef {import("./protocol.js").ThreadChangedFrame} ThreadChangedFrame */
/** @typedef {import("./socket.js").ConnectionStatus} ConnectionStatus */

/**
 * A rename or a delete sent (or to be sent again after a reconnect) and not yet answered.
 * @typedef {object} PendingListRequest
 * @property {string} clientMessageId
 * @property {"rename" | "delete"} kind
 * @property {string} threadId
 * @property {string} [title] the new title, for a rename
 */

/**
 * The last error to show: the server's (`error` frames about the list, or a refused rename or delete).
 * @typedef {object} ListError
 * @property {string} code
 * @property {string} message for people
 * @property {string} [clientMessageId] the rename or delete it concerns
 */

/**
 * @typedef {object} ThreadListState
 * @property {string} userId
 * @property {ConnectionStatus} connection
 * @property {readonly Thread[]} threads the threads loaded so far, newest `updatedAt` first, then `threadId`
 *     descending; kept up to date by the server's changes
 * @property {string} query the search these threads match ("" for all of them)
 * @property {boolean} loaded the first page of `query` has arrived; false while a new search waits for its first
 *     page (`threads` are still those of the search before), and before the first answer
 * @property {boolean} loadingMore a next page was asked for (`loadMore`) and has not arrived
 * @property {boolean} hasMore more threads follow the ones loaded: `loadMore` reads the next page
 * @property {readonly PendingListRequest[]} pending renames and deletes waiting for the server's answer
 * @property {ListError | null} lastError
 */

/**
 * What changes the state.
 * @typedef {{ type: "status", status: ConnectionStatus }
 *   | { type: "search", query: string }
 *   | { type: "page", frame: ThreadsFrame, first: boolean }
 *   | { type: "loadingMore", loading: boolean }
 *   | { type: "change", frame: ThreadChangedFrame }
 *   | { type: "renamed", thread: Thread }
 *   | { type: "deleted", threadId: string }
 *   | { type: "pending", pending: readonly PendingListRequest[] }
 *   | { type: "error", error: ListError }
 *   | { type: "dismissError" }} ThreadListEvent
 */

/**
 * @param {string} userId
 * @param {string} [query] the search to start with ("" for every thread)
 * @returns {ThreadListState}
 */
export function initialThreadListState(userId, query = "") {
  return {
    userId,
    connection: { status: "disconnected", reason: "not connected yet", attempt: 0 },
    threads: [],
    query,
    loaded: false,
    loadingMore: false,
    hasMore: false,
    pending: [],
    lastError: null,
  };
}

/**
 * The list's order: newest `updatedAt` first, then `threadId` descending (the server's order, docs/protocol.md).
 * Times are ISO-8601 in UTC with milliseconds, so their text sorts as they do.
 * @param {Thread} a
 * @param {Thread} b
 * @returns {number}
 */
export function compareThreads(a, b) {
  if (a.updatedAt !== b.updatedAt) {
    return a.updatedAt < b.updatedAt ? 1 : -1;
  }
  if (a.threadId !== b.threadId) {
    return a.threadId < b.threadId ? 1 : -1;
  }
  return 0;
}

/**
 * The state after `event`.
 * @param {ThreadListState} state
 * @param {ThreadListEvent} event
 * @returns {ThreadListState}
 */
export function reduceThreadList(state, event) {
  switch (event.type) {
    case "status":
      return {
        ...state,
        connection: event.status,
        // A page asked for on a connection that is gone will not come; the next connection lists again.
        loadingMore: event.status.status === "connected" ? state.loadingMore : false,
      };
    case "search":
      return event.query === state.query
        ? state
        : { ...state, query: event.query, loaded: false, loadingMore: false, hasMore: false };
    case "page":
      return event.first ? firstPage(state, event.frame) : nextPage(state, event.frame);
    case "loadingMore":
      return state.loadingMore === event.loading ? state : { ...state, loadingMore: event.loading };
    case "change":
      return event.frame.thread === undefined
        ? without(state, event.frame.threadId)
        : upsert(state, event.frame.thread);
    case "renamed":
      return upsert(state, event.thread);
    case "deleted":
      return without(state, event.threadId);
    case "pending":
      return { ...state, pending: event.pending };
    case "error":
      return { ...state, lastError: event.error };
    case "dismissError":
      return state.lastError === null ? state : { ...state, lastError: null };
    default:
      return state;
  }
}

/**
 * A first page replaces the list: it is the truth in the store now, and the changes after it follow.
 * @param {ThreadListState} state
 * @param {ThreadsFrame} frame
 * @returns {ThreadListState}
 */
function firstPage(state, frame) {
  return {
    ...state,
    threads: sorted(dedupe(frame.threads)),
    loaded: true,
    loadingMore: false,
    hasMore: frame.nextCursor !== undefined,
  };
}

/**
 * A next page adds the threads after the ones loaded. A thread already in the list (a change moved it, or brought it
 * in) keeps the newer of the two versions.
 * @param {ThreadListState} state
 * @param {ThreadsFrame} frame
 * @returns {ThreadListState}
 */
function nextPage(state, frame) {
  /** @type {Map<string, Thread>} */
  const byId = new Map(state.threads.map((t) => [t.threadId, t]));
  for (const thread of frame.threads) {
    const known = byId.get(thread.threadId);
    if (known === undefined || known.updatedAt < thread.updatedAt) {
      byId.set(thread.threadId, thread);
    }
  }
  return {
    ...state,
    threads: sorted([...byId.values()]),
    loadingMore: false,
    hasMore: frame.nextCursor !== undefined,
  };
}

/**
 * Inserts or replaces `thread`. While more pages follow, a thread not in the list that sorts after the last one
 * loaded is left for its page: shown now, it would stand after a gap of threads not loaded yet.
 * @param {ThreadListState} state
 * @param {Thread} thread
 * @returns {ThreadListState}
 */
function upsert(state, thread) {
  const index = state.threads.findIndex((t) => t.threadId === thread.threadId);
  if (index === -1) {
    const last = state.threads[state.threads.length - 1];
    if (state.hasMore && (last === undefined || compareThreads(thread, last) > 0)) {
      return state;
    }
    return { ...state, threads: sorted([...state.threads, thread]) };
  }
  const threads = [...state.threads];
  threads[index] = thread;
  return { ...state, threads: sorted(threads) };
}

/**
 * @param {ThreadListState} state
 * @param {string} threadId
 * @returns {ThreadListState}
 */
function without(state, threadId) {
  return state.threads.some((t) => t.threadId === threadId)
    ? { ...state, threads: state.threads.filter((t) => t.threadId !== threadId) }
    : state;
}

/**
 * @param {readonly Thread[]} threads
 * @returns {Thread[]}
 */
function sorted(threads) {
  return [...threads].sort(compareThreads);
}

/**
 * The first of each threadId: a page never repeats one, but a client must not show a thread twice if it did.
 * @param {readonly Thread[]} threads
 * @returns {Thread[]}
 */
function dedupe(threads) {
  const seen = new Set();
  return threads.filter((t) => !seen.has(t.threadId) && seen.add(t.threadId));
}
