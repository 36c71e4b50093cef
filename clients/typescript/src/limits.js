// What the chat server accepts (docs/protocol.md, "The limits object"). The server says it in every `ready`; these
// defaults stand until it has, and for a server that predates `limits`.

/** @typedef {import("./protocol.js").Limits} Limits */

/**
 * The server's defaults: `messageChars` is its `--max-message-chars` unless started with another. Lengths count
 * Unicode code points (`codePointLength`).
 * @type {Readonly<Limits>}
 */
export const DEFAULT_LIMITS = Object.freeze({
  messageChars: 8000,
  nameChars: 80,
  descriptionChars: 500,
  instructionsChars: 8000,
  conversationStarters: 8,
  conversationStarterChars: 200,
});
