import { useAgentThread } from "@agent-chat/client/react";
import { useState } from "react";

export function MinimalThread({ threadId, userId }: { threadId: string; userId: string }) {
  const t = useAgentThread({ url: "ws://localhost:3004", threadId, userId });
  const [text, setText] = useState("");
  return (
    <div>
      <p>{t.connection.status}</p>
      {t.messages.map((m) => <p key={m.id}><b>{m.role}:</b> {m.content}</p>)}
      {t.streaming.builder && <p><b>assistant:</b> {t.streaming.builder.text}</p>}
      <form onSubmit={(e) => { e.preventDefault(); if (text.trim()) { t.send(text); setText(""); } }}>
        <input value={text} onChange={(e) => setText(e.target.value)}
          disabled={t.connection.status !== "connected"} />
      </form>
      <aside>
        <h2>{t.agent.name || "Unnamed agent"} (v{t.agent.version})</h2>
        <p>{t.agent.description}</p>
      </aside>
    </div>
  );
}
