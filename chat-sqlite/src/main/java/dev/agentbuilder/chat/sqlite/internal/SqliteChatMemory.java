package dev.agentbuilder.chat.sqlite.internal;

import dev.agentbuilder.chat.core.spi.ChatMemories;
import dev.agentbuilder.chat.jdbc.ChatMemoryTable;
import dev.agentbuilder.chat.jdbc.Reads;
import dev.agentbuilder.chat.jdbc.Statements;
import dev.agentbuilder.chat.jdbc.Transaction;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * langchain4j's chat memory in the {@code chat_memory_messages} table: one row per message, as langchain4j's own
 * JSON, numbered by position.
 *
 * <p>A turn hands over a whole memory window with each of its writes ({@link #write}), though a change almost always
 * appends a few messages and drops a few from the front. So the window is written as a difference (delete what left
 * the window, insert what is new) from what the table holds, which is remembered for recently written memories, in
 * the same transaction as the turn's write: the memory on disk always matches the event log beside it.
 *
 * <p>Thread-safe: {@link #persisted} is confined to the writer; reads go through the reader pool.
 */
final class SqliteChatMemory implements ChatMemoryTable {

    private static final String LOAD =
            "SELECT position, message_json FROM chat_memory_messages WHERE memory_id = ? ORDER BY position";

    /** Two memories per thread: the builder's and the preview's. */
    private static final int PERSISTED_CACHE = 20_000;

    private final Reads readers;

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

    SqliteChatMemory(Reads readers) {
        this.readers = readers;
    }

    @Override
    public List<ChatMessage> read(String memoryId) {
        return readers.read(s -> List.copyOf(load(s, memoryId).messages()));
    }

    @Override
    public void write(Transaction tx, ChatMemories memories) throws SQLException {
        for (Map.Entry<String, List<ChatMessage>> memory : memories.windows().entrySet()) {
            write(tx, memory.getKey(), memory.getValue());
        }
    }

    private void write(Transaction tx, String id, List<ChatMessage> wanted) throws SQLException {
        Persisted before = persisted.get(id);
        if (before == null) {
            before = load(tx, id);
        }
        List<ChatMessage> old = before.messages();
        int dropped = overlap(old, wanted);
        long next = before.first() + old.size();
        Persisted after;
        if (dropped >= 0) {
            if (dropped > 0) {
                deleteBelow(tx, id, before.first() + dropped);
            }
            insert(tx, id, next, wanted.subList(old.size() - dropped, wanted.size()));
            after = new Persisted(before.first() + dropped, wanted);
        } else {
            deleteBelow(tx, id, next);
            insert(tx, id, next, wanted);
            after = new Persisted(next, wanted);
        }
        persisted.put(id, after);
        tx.afterRollback(() -> persisted.remove(id));
    }

    /** The rows go, and what was remembered of them: the next write of the id starts from an empty memory. */
    @Override
    public void delete(Transaction tx, List<String> memoryIds) throws SQLException {
        PreparedStatement s = tx.prepare("DELETE FROM chat_memory_messages WHERE memory_id = ?");
        for (String id : memoryIds) {
            s.setString(1, id);
            s.executeUpdate();
            persisted.remove(id);
        }
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

    private static void deleteBelow(Transaction tx, String id, long below) throws SQLException {
        PreparedStatement s = tx.prepare("DELETE FROM chat_memory_messages WHERE memory_id = ? AND position < ?");
        s.setString(1, id);
        s.setLong(2, below);
        s.executeUpdate();
    }

    private static void insert(Transaction tx, String id, long from, List<ChatMessage> messages)
            throws SQLException {
        if (messages.isEmpty()) {
            return;
        }
        PreparedStatement s = tx.prepare(
                "INSERT INTO chat_memory_messages (memory_id, position, message_json) VALUES (?, ?, ?)");
        for (int i = 0; i < messages.size(); i++) {
            s.setString(1, id);
            s.setLong(2, from + i);
            s.setString(3, ChatMessageSerializer.messageToJson(messages.get(i)));
            s.addBatch();
        }
        s.executeBatch();
    }

    private static Persisted load(Statements statements, String id) throws SQLException {
        PreparedStatement s = statements.prepare(LOAD);
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
}
