// The one retry policy of the project (docs/protocol.md, "Reconnecting"; chat-common's Backoff in Java): exponential
// growth with "equal jitter". Before retry n (0 for the first retry since the last successful join) the ceiling is
// min(maxDelayMs, initialDelayMs x 2^n), and the wait is a random time between half the ceiling and all of it: never
// zero, so a client never hammers a restarting server, and spread, so the clients one restart dropped do not all
// come back in the same instant.

/** How clients reconnect to the chat server: 0.5 s doubling up to 10 s. */
export const RECONNECT_BACKOFF = Object.freeze({ initialDelayMs: 500, maxDelayMs: 10_000 });

/**
 * @typedef {object} BackoffPolicy
 * @property {number} initialDelayMs the ceiling of the first retry's wait
 * @property {number} maxDelayMs no wait is longer than this
 */

/**
 * The longest wait before retry `retry`: min(maxDelayMs, initialDelayMs x 2^retry).
 * @param {number} retry 0 for the first retry
 * @param {BackoffPolicy} [policy]
 * @returns {number} milliseconds
 */
export function backoffCeiling(retry, policy = RECONNECT_BACKOFF) {
  if (!Number.isInteger(retry) || retry < 0) {
    throw new RangeError(`retry must be a whole number >= 0: ${retry}`);
  }
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(retry, 30));
}

/**
 * A random wait before retry `retry`, between half of the ceiling and all of it:
 * round(ceiling / 2 + random() x ceiling / 2).
 * @param {number} retry 0 for the first retry
 * @param {() => number} [random] a uniform draw in [0, 1)
 * @param {BackoffPolicy} [policy]
 * @returns {number} milliseconds
 */
export function backoffDelay(retry, random = Math.random, policy = RECONNECT_BACKOFF) {
  const ceiling = backoffCeiling(retry, policy);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
