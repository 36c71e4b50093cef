// Identifiers and lengths as the server counts them.

/** threadId and userId: 1 to 128 characters of A-Z a-z 0-9 _ . : - (docs/protocol.md, "Connecting"). */
export const ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * Whether `value` is a valid threadId or userId.
 * @param {unknown} value
 * @returns {value is string}
 */
export function isValidId(value) {
  return typeof value === "string" && ID_PATTERN.test(value);
}

/**
 * A fresh idempotency key, a v4 UUID. crypto.randomUUID exists only on secure origins (https, localhost);
 * getRandomValues exists everywhere.
 * @returns {string}
 */
export function newClientMessageId() {
  const crypto = globalThis.crypto;
  if (typeof crypto.randomUUID === "function") {
    try {
      return crypto.randomUUID();
    } catch {
      // not a secure context
    }
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The length of `text` as the server counts it (--max-message-chars): in Unicode code points, so an emoji that takes
 * two UTF-16 units in a JavaScript string is one character.
 * @param {string} text
 * @returns {number}
 */
export function codePointLength(text) {
  let count = 0;
  for (const _ of text) {
    count += 1;
  }
  return count;
}
