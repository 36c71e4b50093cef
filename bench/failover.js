// Failover after kill -9, timed from a client on another node. usage:
//   node failover.js SENDER_URL WATCHER_URL PID_OF_SENDERS_NODE THREAD
// The watcher joins THREAD on another node, the sender sends a message to its node, and at the reply's first delta
// the sender's node (which runs the turn: it took the lease) is killed with SIGKILL. Prints one JSON line: seconds
// from the kill until the watcher sees the first delta of the new answer (another node's turn), and until the answer
// is stored. Needs `ws` (NODE_PATH to the reference's node_modules).
const WebSocket = require('ws');
const [senderUrl, watcherUrl, pid, thread] = process.argv.slice(2);
const query = `threadId=${thread}&userId=bench`;
const now = () => Number(process.hrtime.bigint()) / 1e9;
let killedAt = null, firstReply = null, resumedAt = null;
const watcher = new WebSocket(`${watcherUrl}/?${query}`, { perMessageDeflate: false });
const timeout = setTimeout(() => { console.log(JSON.stringify({ error: 'no answer within 120 s' })); process.exit(1); }, 120000);
watcher.on('message', d => {
  const f = JSON.parse(d);
  if (f.type === 'ready') {
    const sender = new WebSocket(`${senderUrl}/?${query}&lastSeq=${f.lastSeq}`, { perMessageDeflate: false });
    sender.on('message', s => {
      const g = JSON.parse(s);
      if (g.type === 'ready') sender.send(JSON.stringify({ type: 'user_message', content: 'I want an agent that helps me plan trips', clientMessageId: 'failover-' + Date.now() }));
      if (g.type === 'assistant_delta' && killedAt === null) { firstReply = g.messageId; killedAt = now(); process.kill(+pid, 'SIGKILL'); }
    });
    sender.on('error', () => {});
  } else if (f.type === 'assistant_delta' && killedAt !== null && f.messageId !== firstReply && resumedAt === null) {
    resumedAt = now();
  } else if (f.type === 'message' && f.message.role === 'assistant' && killedAt !== null) {
    clearTimeout(timeout);
    const storedAt = now();
    console.log(JSON.stringify({ resumedSecs: resumedAt === null ? null : +(resumedAt - killedAt).toFixed(2), storedSecs: +(storedAt - killedAt).toFixed(2) }));
    process.exit(0);
  }
});
watcher.on('error', e => { console.log(JSON.stringify({ error: String(e) })); process.exit(1); });
