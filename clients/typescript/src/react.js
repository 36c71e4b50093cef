// useAgentThread: the React binding. A thin layer over AgentThread: the hook owns one per thread, connects it while
// the component is mounted, and renders its state through useSyncExternalStore.

import { useEffect, useMemo, useRef, useSyncExternalStore } from "react";
import { AgentThread } from "./thread.js";

/** @typedef {import("./client.js").ChatClientOptions} ChatClientOptions */
/** @typedef {import("./state.js").ThreadState} ThreadState */
/** @typedef {import("./protocol.js").AgentChanges} AgentChanges */
/** @typedef {import("./protocol.js").AgentExportFrame} AgentExportFrame */

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
