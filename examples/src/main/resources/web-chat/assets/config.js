// Where the page connects: the chat server started with the README's command. A ?ws=ws://host:port in the page's
// URL overrides it. The web chat launcher serves its own copy of this file (from its --ws-url option).
export const config = Object.freeze({ wsUrl: "ws://localhost:3004" });
