// The user's tokens today against the server's daily token budget (`--tokens-per-user-per-day`), as far as this
// thread's connection can tell: the `quota` of the latest `ready`, plus the usage of every reply stored after it,
// until a `quota_exceeded` refusal says the server's count again. Replies in the user's other threads are not seen
// here, so the count may lag behind the server's until the next join or refusal; the server decides, not this.
// No I/O: the owner passes each delivered frame (once, in order) and the time.

/** @typedef {import("./protocol.js").Quota} Quota */
/** @typedef {import("./protocol.js").ServerFrame} ServerFrame */

const DAY_MS = 24 * 60 * 60 * 1000;

export class QuotaTracker {
  /** @type {Readonly<Quota> | null} null while no `ready` said one: the server has no budget */
  #quota = null;
  /** The thread's last seq at the latest `ready`: the ready's `used` counts every reply up to it already. */
  #countedUpToSeq = 0;

  /** The quota now, or null when the server has no budget (or no `ready` has come yet). */
  get quota() {
    return this.#quota;
  }

  /**
   * Takes one delivered frame into account.
   * @param {ServerFrame} frame a frame the client delivers (stored events once each, in seq order)
   * @param {number} now the time, in milliseconds since the epoch
   * @returns {boolean} whether the quota changed
   */
  frame(frame, now) {
    switch (frame.type) {
      case "ready":
        this.#countedUpToSeq = frame.lastSeq;
        return this.#set(frame.quota === undefined ? null : Object.freeze({ ...frame.quota }));
      case "error":
        return frame.code === "quota_exceeded" && frame.quota !== undefined
          && this.#set(Object.freeze({ ...frame.quota }));
      case "message": {
        const { usage, role } = frame.message;
        if (this.#quota === null || frame.seq <= this.#countedUpToSeq || role !== "assistant" || usage === undefined) {
          return false;
        }
        const tokens = usage.inputTokens + usage.outputTokens;
        return tokens > 0 && this.#set(withTokens(this.#quota, tokens, now));
      }
      default:
        return false;
    }
  }

  /** @param {Readonly<Quota> | null} quota */
  #set(quota) {
    const same = quota === this.#quota || (quota !== null && this.#quota !== null && quota.used === this.#quota.used
      && quota.limit === this.#quota.limit && quota.renewsAt === this.#quota.renewsAt);
    if (same) {
      return false;
    }
    this.#quota = quota;
    return true;
  }
}

/**
 * `quota` with a reply's `tokens` added: past `renewsAt` the count is a new day's, which starts with this reply.
 * @param {Readonly<Quota>} quota
 * @param {number} tokens
 * @param {number} now
 * @returns {Readonly<Quota>}
 */
function withTokens(quota, tokens, now) {
  const renewsAt = Date.parse(quota.renewsAt);
  if (Number.isFinite(renewsAt) && now >= renewsAt) {
    const nextMidnight = (Math.floor(now / DAY_MS) + 1) * DAY_MS;
    return Object.freeze({ used: tokens, limit: quota.limit, renewsAt: new Date(nextMidnight).toISOString() });
  }
  return Object.freeze({ ...quota, used: quota.used + tokens });
}
