import { useThreadList } from "@agent-chat/client/react";
import { useState } from "react";

export function MinimalThreadList({ userId }: { userId: string }) {
  const [query, setQuery] = useState("");
  const list = useThreadList({ url: "ws://localhost:3004", userId, query });
  return (
    <nav>
      <p>{list.connection.status}</p>
      <input value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Search your agents" />
      <ul>
        {list.threads.map((t) => (
          <li key={t.threadId}>
            <a href={`/thread/${t.threadId}`}>{t.title || "Untitled agent"}</a> {t.lastMessage}
            <button onClick={() => {
              const title = prompt("New title", t.title);
              if (title) list.rename(t.threadId, title).catch((e) => alert(e.message));
            }}>Rename</button>
            <button onClick={() => {
              if (confirm(`Delete “${t.title}”?`)) list.delete(t.threadId).catch((e) => alert(e.message));
            }}>Delete</button>
          </li>
        ))}
      </ul>
      {list.hasMore && <button onClick={list.loadMore} disabled={list.loadingMore}>Load more</button>}
    </nav>
  );
}
