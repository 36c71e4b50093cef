// What the server stored, read back over a plain connection from seq 1: the audit that ends every fault test.
import WebSocket from "ws";

/**
 * Every stored event of the thread, in the order the server replays them.
 * @param {string} url
 * @param {string} threadId
 * @param {string} userId
 * @param {string} [token]
 * @returns {Promise<any[]>}
 */
export function storedEvents(url, threadId, userId, token) {
  const query = new URLSearchParams({ threadId, userId, lastSeq: "0", ...(token ? { token } : {}) });
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url}/?${query}`);
    /** @type {any[]} */
    const events = [];
    let lastSeq = -1;
    const done = () => {
      socket.close();
      resolve(events);
    };
    socket.on("message", (data) => {
      const frame = JSON.parse(String(data));
      if (frame.type === "ready") {
        lastSeq = frame.lastSeq;
        if (lastSeq === 0) {
          done();
        }
      } else if (frame.type === "message" || frame.type === "agent_updated") {
        events.push(frame);
        if (frame.seq === lastSeq) {
          done();
        }
      }
    });
    socket.on("error", reject);
  });
}
