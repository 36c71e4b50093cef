// Where the page connects: the chat server of the README (port 3004), or VITE_CHAT_WS_URL at build time, or a
// ?ws=ws://host:port in the page's address (handy when the server runs on another port).
const fromAddress = new URLSearchParams(location.search).get("ws");

export const config = {
  chatWebSocketUrl: fromAddress ?? import.meta.env.VITE_CHAT_WS_URL ?? "ws://localhost:3004",
};

/** The user: ?user= in the address, else an id made once and kept in this browser. */
export function currentUserId(): string {
  const fromUrl = new URLSearchParams(location.search).get("user");
  if (fromUrl) {
    return fromUrl;
  }
  const key = "agent-chat.userId";
  let id = localStorage.getItem(key);
  if (!id) {
    id = `user-${crypto.getRandomValues(new Uint32Array(2)).join("")}`;
    localStorage.setItem(key, id);
  }
  return id;
}
