package dev.agentbuilder.chat.sqlite.internal;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * langchain4j's chat memory in the {@code chat_memory_messages} table: one row per message, as langchain4j's own
 * JSON, numbered by position.
 *
 * <p>langchain4j hands over the whole memory on every change, several times a turn, though a change almost always
 * appends a few messages and drops a few from the front. So the latest state is held in {@link #dirty} and written
 * as a difference (delete what left the window, insert what is new) in the same transaction as the thread's next
 * write (the builder's memory has the thread id, the preview's {@link ThreadStore#previewMemoryId}). Every change of
 * a turn is followed by one: a draft change, the reply, or
 * the mark of a failed turn; what is left when the store closes is written then. The memory on disk thus always
 * matches the event log beside it. Reads see the dirty state first.
 *
 * <p>Thread-safe: {@link #dirty} is a concurrent map; {@link #persisted} is confined to the writer.
 */
final class SqliteChatMemoryStore implements ChatMemoryStore {

    private static final String LOAD =
            "SELECT position, message_json FROM chat_memory_messages WHERE memory_id = ? ORDER BY position";

    /** Two memories per thread: the builder's and the preview's. */
    private static final int PERSISTED_CACHE = 20_000;

    private final SqliteWriter writer;
    private final ReaderPool readers;
    private final ConcurrentHashMap<String, List<ChatMessage>> dirty = new ConcurrentHashMap<>();

    /** What the database holds (in the current transaction) for recently written memories, most recent last. */
    private final Map<String, Persisted> persisted = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Persisted> eldest) {
            return size() > PERSISTED_CACHE;
        }
    };

    /** The rows of one memory: positions {@code first} to {@code first + messages.size() - 1}. */
    private record Persisted(long first, List<ChatMessage> messages) {
    }

    SqliteChatMemoryStore(SqliteWriter writer, ReaderPool readers) {
        this.writer = writer;
        this.readers = readers;
    }

    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        String id = memoryId.toString();
        List<ChatMessage> pending = dirty.get(id);
        if (pending != null) {
            return new ArrayList<>(pending);
        }
        return readers.read(c -> new ArrayList<>(load(readers.prepare(c, LOAD), id).messages()));
    }

    @Override
    public void updateMessages(Object memoryId, List<ChatMessage> messages) {
        // A fresh object per update: what was written is recognised by identity.
        markDirty(memoryId.toString(), Collections.unmodifiableList(new ArrayList<>(messages)));
    }

    @Override
    public void deleteMessages(Object memoryId) {
        markDirty(memoryId.toString(), Collections.unmodifiableList(new ArrayList<>()));
    }

    private void markDirty(String id, List<ChatMessage> messages) {
        dirty.put(id, messages);
    }

    /**
     * Writes the thread's dirty chat memories (the builder's and the preview's), if any, in the writer's current
     * transaction. Runs on the writer.
     */
    void writeThread(Connection c, String threadId) throws SQLException {
        for (String id : ThreadStore.memoryIds(threadId)) {
            write(c, id);
        }
    }

    /** Writes one dirty memory, if it is, in the writer's current transaction. Runs on the writer. */
    void write(Connection c, String id) throws SQLException {
        List<ChatMessage> wanted = dirty.get(id);
        if (wanted == null) {
            return;
        }
        Persisted before = persisted.get(id);
        if (before == null) {
            before = load(writer.prepare(LOAD), id);
        }
        List<ChatMessage> old = before.messages();
        int dropped = overlap(old, wanted);
        long next = before.first() + old.size();
        Persisted after;
        if (dropped >= 0) {
            if (dropped > 0) {
                delete(id, before.first() + dropped);
            }
            insert(id, next, wanted.subList(old.size() - dropped, wanted.size()));
            after = new Persisted(before.first() + dropped, wanted);
        } else {
            delete(id, next);
            insert(id, next, wanted);
            after = new Persisted(next, wanted);
        }
        persisted.put(id, after);
        writer.afterRollback(() -> persisted.remove(id));
        writer.afterCommit(() -> dirty.remove(id, wanted));
    }

    /**
     * How many messages were dropped from the front of {@code old} when {@code wanted} is the rest of {@code old}
     * followed by new messages; -1 when it is not (the memory was replaced).
     */
    private static int overlap(List<ChatMessage> old, List<ChatMessage> wanted) {
        for (int dropped = 0; dropped <= old.size(); dropped++) {
            int kept = old.size() - dropped;
            if (kept <= wanted.size() && old.subList(dropped, old.size()).equals(wanted.subList(0, kept))) {
                return dropped;
            }
        }
        return -1;
    }

    private void delete(String id, long below) throws SQLException {
        PreparedStatement s = writer.prepare("DELETE FROM chat_memory_messages WHERE memory_id = ? AND position < ?");
        s.setString(1, id);
        s.setLong(2, below);
        s.executeUpdate();
    }

    private void insert(String id, long from, List<ChatMessage> messages) throws SQLException {
        if (messages.isEmpty()) {
            return;
        }
        PreparedStatement s = writer.prepare(
                "INSERT INTO chat_memory_messages (memory_id, position, message_json) VALUES (?, ?, ?)");
        for (int i = 0; i < messages.size(); i++) {
            s.setString(1, id);
            s.setLong(2, from + i);
            s.setString(3, ChatMessageSerializer.messageToJson(messages.get(i)));
            s.addBatch();
        }
        s.executeBatch();
    }

    private static Persisted load(PreparedStatement s, String id) throws SQLException {
        s.setString(1, id);
        List<ChatMessage> messages = new ArrayList<>();
        long first = 0;
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                if (messages.isEmpty()) {
                    first = r.getLong(1);
                }
                messages.add(ChatMessageDeserializer.messageFromJson(r.getString(2)));
            }
        }
        return new Persisted(first, messages);
    }

    /** Writes every dirty memory and waits for the commit: before the store closes. */
    void flushAll() {
        for (String id : List.copyOf(dirty.keySet())) {
            writer.execute(c -> {
                write(c, id);
                return null;
            });
        }
    }
}
