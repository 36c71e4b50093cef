// The thread page of the original frontend (Thread.tsx), on useAgentThread: the hook connects, reconnects, resumes,
// keeps what is sent while offline and derives the state; this component only draws it.
import { useAgentThread, type AgentThreadHandle } from "@agent-chat/client/react";
import type { ConnectionState } from "@agent-chat/client";
import { useState, type FormEvent } from "react";
import { useParams } from "react-router";
import { config, currentUserId } from "./config";

const STATUS: Record<ConnectionState, string> = {
  connected: "🟢 Connected",
  connecting: "🟡 Connecting",
  error: "🔴 Error",
  disconnected: "⚫ Disconnected",
};

export function Thread() {
  const { threadId = "demo" } = useParams();
  const [userId] = useState(currentUserId);
  const thread = useAgentThread({ url: config.chatWebSocketUrl, threadId, userId });
  const online = thread.connection.status === "connected";

  return (
    <div className="page">
      <header>
        <h1>Agent builder · {threadId}</h1>
        <span className="status" data-status={thread.connection.status} title={thread.connection.reason}>
          {STATUS[thread.connection.status]}
        </span>
      </header>
      <main>
        <section className="chat">
          <Conversation thread={thread} />
          {thread.lastError && (
            <p className="error" role="alert" onClick={thread.dismissError}>{thread.lastError.message}</p>
          )}
          {!online && (
            <p className="warning" role="alert">
              The chat server is unavailable ({thread.connection.reason}); sending is off until it is back.
            </p>
          )}
          <Composer online={online} thinking={thread.turn === "thinking"} send={thread.send} cancel={thread.cancel} />
          {thread.quota && <TokensToday quota={thread.quota} />}
        </section>
        <Draft agent={thread.agent} />
      </main>
    </div>
  );
}

function Conversation({ thread }: { thread: AgentThreadHandle }) {
  const streaming = thread.streaming.builder;
  return (
    <ol className="messages">
      {thread.messages.map((m) => (
        <li key={m.id} className={m.role} data-seq={m.seq}>{m.content}</li>
      ))}
      {thread.pending.map((p) => p.frame.type === "user_message" && (
        <li key={p.clientMessageId} className="user pending">{p.frame.content}</li>
      ))}
      {streaming && <li className="assistant streaming">{streaming.text}</li>}
      {thread.turn === "thinking" && !streaming && <li className="thinking">The builder is thinking…</li>}
    </ol>
  );
}

function Composer(props: { online: boolean, thinking: boolean, send: (text: string) => string, cancel: () => boolean }) {
  const [text, setText] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim()) {
      props.send(text.trim());
      setText("");
    }
  };
  return (
    <form className="composer" onSubmit={submit}>
      <textarea value={text} onChange={(e) => setText(e.target.value)} disabled={!props.online}
        aria-label="Message" placeholder="Describe the agent you want…" />
      <button type="submit" disabled={!props.online || !text.trim()}>Send</button>
      {props.thinking && <button type="button" onClick={props.cancel} disabled={!props.online}>Stop</button>}
    </form>
  );
}

// Only from a server with a daily token budget; a message sent once it is spent shows as lastError, in its words.
function TokensToday({ quota }: { quota: NonNullable<AgentThreadHandle["quota"]> }) {
  const renews = new Date(quota.renewsAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  return <p className="tokens">Tokens today: {quota.used} / {quota.limit} · renews at {renews}</p>;
}

function Draft({ agent }: { agent: AgentThreadHandle["agent"] }) {
  return (
    <aside className="draft" aria-label="Agent draft">
      <h2>Agent draft <small>v{agent.version}</small></h2>
      <dl>
        <dt>Name</dt><dd className="name">{agent.name || "not named yet"}</dd>
        <dt>Description</dt><dd>{agent.description || "none yet"}</dd>
        <dt>Instructions</dt><dd><pre>{agent.instructions || "none yet"}</pre></dd>
        <dt>Conversation starters</dt>
        <dd><ul>{agent.conversationStarters.map((s) => <li key={s}>{s}</li>)}</ul></dd>
        <dt>Capabilities</dt><dd>{agent.capabilities.join(", ") || "none"}</dd>
      </dl>
    </aside>
  );
}
