// Waiting on events, never on time.

/**
 * Resolves with the first value of `name` events that `predicate` accepts (or the current state, when it already
 * does), and rejects after `timeoutMs` naming what was awaited.
 * @template T
 * @param {(listener: (value: T) => void) => () => void} subscribe
 * @param {(value: T) => boolean} predicate
 * @param {string} what
 * @param {number} [timeoutMs]
 * @returns {Promise<T>}
 */
export function until(subscribe, predicate, what, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const unsubscribe = subscribe((value) => {
      if (predicate(value)) {
        clearTimeout(timer);
        unsubscribe();
        resolve(value);
      }
    });
  });
}

/**
 * The thread's state once `predicate` holds.
 * @param {import("../../src/thread.js").AgentThread} thread
 * @param {(state: import("../../src/state.js").ThreadState) => boolean} predicate
 * @param {string} what
 */
export function state(thread, predicate, what) {
  if (predicate(thread.getSnapshot())) {
    return Promise.resolve(thread.getSnapshot());
  }
  return until((listener) => thread.subscribe(() => listener(thread.getSnapshot())), predicate, what);
}

/**
 * The list's state once `predicate` holds, within `timeoutMs`.
 * @param {import("../../src/thread-list.js").ThreadList} list
 * @param {(state: import("../../src/listing.js").ThreadListState) => boolean} predicate
 * @param {string} what
 * @param {number} [timeoutMs]
 */
export function listState(list, predicate, what, timeoutMs = 30_000) {
  if (predicate(list.getSnapshot())) {
    return Promise.resolve(list.getSnapshot());
  }
  return until((listener) => list.subscribe(() => listener(list.getSnapshot())), predicate, what, timeoutMs);
}
