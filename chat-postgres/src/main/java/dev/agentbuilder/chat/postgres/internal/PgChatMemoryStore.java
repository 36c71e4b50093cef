package dev.agentbuilder.chat.postgres.internal;

import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * langchain4j's chat memory in the {@code chat_memory} table, one row per memory holding the whole window as
 * langchain4j's JSON. langchain4j hands over the whole memory several times a turn; the latest state is held in
 * {@link #dirty} and written in the same transaction as the thread's next write (a thread has two memories, the
 * builder's under the thread id and the preview's under {@link ThreadStore#previewMemoryId}), so the memory in the
 * database always matches the event log beside it. Reads see the dirty state first.
 *
 * <p>Thread-safe: {@link #dirty} is a concurrent map; writes run on the thread's writer strand.
 */
final class PgChatMemoryStore implements ChatMemoryStore {

    private final PgWriter writer;
    private final PgReads reads;
    private final ConcurrentHashMap<String, List<ChatMessage>> dirty = new ConcurrentHashMap<>();

    PgChatMemoryStore(PgWriter writer, PgReads reads) {
        this.writer = writer;
        this.reads = reads;
    }

    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        String id = memoryId.toString();
        List<ChatMessage> pending = dirty.get(id);
        if (pending != null) {
            return new ArrayList<>(pending);
        }
        return reads.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT messages FROM chat_memory WHERE memory_id = ?")) {
                s.setString(1, id);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? new ArrayList<>(ChatMessageDeserializer.messagesFromJson(r.getString(1)))
                            : new ArrayList<>();
                }
            }
        });
    }

    @Override
    public void updateMessages(Object memoryId, List<ChatMessage> messages) {
        // A fresh object per update: what was written is recognised by identity.
        dirty.put(memoryId.toString(), Collections.unmodifiableList(new ArrayList<>(messages)));
    }

    @Override
    public void deleteMessages(Object memoryId) {
        dirty.put(memoryId.toString(), List.of());
    }

    /** Forgets the thread's unwritten memories: this node lost the thread's turn lease, and they are stale. */
    void discard(String threadId) {
        ThreadStore.memoryIds(threadId).forEach(dirty::remove);
    }

    /** Writes the thread's dirty memories (the builder's and the preview's), in the current transaction. */
    void writeThread(Connection c, PgWriter.Hooks hooks, String threadId) throws SQLException {
        for (String id : ThreadStore.memoryIds(threadId)) {
            write(c, hooks, id);
        }
    }

    /** Writes the thread's dirty memory, if any, in the current transaction of its strand. */
    void write(Connection c, PgWriter.Hooks hooks, String id) throws SQLException {
        List<ChatMessage> wanted = dirty.get(id);
        if (wanted == null) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO chat_memory (memory_id, messages) VALUES (?, ?) "
                + "ON CONFLICT (memory_id) DO UPDATE SET messages = excluded.messages, updated_at = now()")) {
            s.setString(1, id);
            s.setString(2, ChatMessageSerializer.messagesToJson(wanted));
            s.executeUpdate();
        }
        hooks.afterCommit(() -> dirty.remove(id, wanted));
    }

    /** Writes every dirty memory and waits for the commits: before the store closes. */
    void flushAll() {
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (String id : List.copyOf(dirty.keySet())) {
            // On the strand of the memory's thread, in order with the thread's own writes.
            String threadId = id.endsWith(ThreadStore.previewMemoryId("")) ? id.substring(0,
                    id.length() - ThreadStore.previewMemoryId("").length()) : id;
            writes.add(writer.submit(threadId, (c, hooks) -> {
                write(c, hooks, id);
                return null;
            }));
        }
        writes.forEach(w -> w.exceptionally(e -> null).join());
    }
}
