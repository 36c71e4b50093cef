// useAgentThread and useThreadList: the React binding. Thin layers over AgentThread and ThreadList: each hook owns
// one, connects it while the component is mounted, and renders its state through useSyncExternalStore.

import { useEffect, useMemo, useRef, useSyncExternalStore } from "react";
import { AgentThread } from "./thread.js";
import { ThreadList } from "./thread-list.js";

/** @typedef {import("./client.js").ChatClientOptions} ChatClientOptions */
/** @typedef {import("./state.js").ThreadState} ThreadState */
/** @typedef {import("./protocol.js").AgentChanges} AgentChanges */
/** @typedef {import("./protocol.js").AgentExportFrame} AgentExportFrame */
/** @typedef {import("./protocol.js").Thread} Thread */
/** @typedef {import("./thread-list.js").ThreadListOptions} ThreadListOptions */
/** @typedef {import("./listing.js").ThreadListState} ThreadListState */

/**
 * The thread's state and what the user can do in it.
 * @typedef {ThreadState & {
 *   send: (content: string) => string,
 *   preview: (content: string) => string,
 *   cancel: () => boolean,
 *   updateAgent: (changes: AgentChanges, baseVersion?: number) => string,
 *   revertAgent: (version: number) => string,
 *   exportAgent: (format: "json" | "openai" | "markdown") => Promise<AgentExportFrame>,
 *   dismissError: () => void,
 *   thread: AgentThread,
 * }} AgentThreadHandle
 */

/**
 * One thread of the chat server, connected while the component is mounted. A new `url`, `threadId` or `userId`
 * opens another thread; the other options are read when it is opened (`getToken` is always the latest one given).
 * @param {ChatClientOptions} options
 * @returns {AgentThreadHandle}
 */
export function useAgentThread(options) {
  const { url, threadId, userId } = options;
  const latest = useRef(options);
  latest.current = options;
  const thread = useMemo(() => {
    const { getToken, ...rest } = latest.current;
    // The getToken of the latest render, not of the first: it may close over fresh state.
    return new AgentThread(getToken ? { ...rest, getToken: () => latest.current.getToken?.() } : rest);
  }, [url, threadId, userId]);
  useEffect(() => {
    thread.connect();
    return thread.close;
  }, [thread]);
  const state = useSyncExternalStore(thread.subscribe, thread.getSnapshot, thread.getSnapshot);
  return useMemo(() => ({
    ...state,
    send: thread.send,
    preview: thread.preview,
    cancel: thread.cancel,
    updateAgent: thread.updateAgent,
    revertAgent: thread.revertAgent,
    exportAgent: thread.exportAgent,
    dismissError: thread.dismissError,
    thread,
  }), [state, thread]);
}

/**
 * The user's threads and what the user can do with them.
 * @typedef {ThreadListState & {
 *   search: (query: string) => void,
 *   loadMore: () => boolean,
 *   rename: (threadId: string, title: string) => Promise<Thread>,
 *   delete: (threadId: string) => Promise<string>,
 *   dismissError: () => void,
 *   list: ThreadList,
 * }} ThreadListHandle
 */

/**
 * The user's list of threads, connected while the component is mounted and kept up to date by the server. A new
 * `url` or `userId` opens another list; `query` is the search shown (a new value searches again); the other options
 * are read when the list is opened (`getToken` is always the latest one given).
 * @param {ThreadListOptions} options
 * @returns {ThreadListHandle}
 */
export function useThreadList(options) {
  const { url, userId, query = "" } = options;
  const latest = useRef(options);
  latest.current = options;
  const list = useMemo(() => {
    const { getToken, ...rest } = latest.current;
    return new ThreadList(getToken ? { ...rest, getToken: () => latest.current.getToken?.() } : rest);
  }, [url, userId]);
  useEffect(() => {
    list.connect();
    return list.close;
  }, [list]);
  useEffect(() => {
    list.search(query);
  }, [list, query]);
  const state = useSyncExternalStore(list.subscribe, list.getSnapshot, list.getSnapshot);
  return useMemo(() => ({
    ...state,
    search: list.search,
    loadMore: list.loadMore,
    rename: list.rename,
    delete: list.delete,
    dismissError: list.dismissError,
    list,
  }), [state, list]);
}
