// Where the page connects: the chat server started with the README's command (its WebSocket, and its HTTP API for
// knowledge files). A ?ws=ws://host:port and an ?api=http://host:port in the page's URL override them. The web chat
// launcher serves its own copy of this file (from its --ws-url and --api-url options).
export const config = Object.freeze({ wsUrl: "ws://localhost:3004", apiUrl: "http://localhost:3006" });
