package dev.agentbuilder.chat.postgres.internal;

import dev.agentbuilder.chat.core.spi.ChatMemories;
import dev.agentbuilder.chat.jdbc.ChatMemoryTable;
import dev.agentbuilder.chat.jdbc.Reads;
import dev.agentbuilder.chat.jdbc.Transaction;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.data.message.UserMessage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * langchain4j's chat memory in the {@code chat_memory} table, one row per memory holding the whole window as
 * langchain4j's JSON. A turn hands over the windows it changed with each of its writes, and they are written in that
 * write's transaction, after its fence: the memory in the database always matches the event log beside it, and a node
 * that lost its lease can never write its stale memory. Nothing is remembered of what a row holds: another node may
 * have written it since, under a later lease. Stateless; thread-safe.
 */
final class PgChatMemory implements ChatMemoryTable {

    private final Reads reads;

    PgChatMemory(Reads reads) {
        this.reads = reads;
    }

    /**
     * Loads langchain4j's JSON mapper now, when the store opens. Its first use takes seconds on a cold JVM (2.2 s
     * measured), and a turn's first write makes it between two statements of its transaction (after the fence): the
     * server would end that transaction as idle ({@code idle_in_transaction_session_timeout}, 1 s) and fail the write.
     */
    static void warmUp() {
        ChatMessageDeserializer.messagesFromJson(
                ChatMessageSerializer.messagesToJson(List.of(UserMessage.from("warm-up"))));
    }

    @Override
    public List<ChatMessage> read(String memoryId) {
        return reads.read(s -> {
            PreparedStatement select = s.prepare("SELECT messages FROM chat_memory WHERE memory_id = ?");
            select.setString(1, memoryId);
            try (ResultSet r = select.executeQuery()) {
                return r.next() ? List.copyOf(ChatMessageDeserializer.messagesFromJson(r.getString(1))) : List.of();
            }
        });
    }

    @Override
    public void write(Transaction tx, ChatMemories memories) throws SQLException {
        if (memories.isEmpty()) {
            return;
        }
        PreparedStatement s = tx.prepare("INSERT INTO chat_memory (memory_id, messages) VALUES (?, ?) "
                + "ON CONFLICT (memory_id) DO UPDATE SET messages = excluded.messages, updated_at = now()");
        for (Map.Entry<String, List<ChatMessage>> memory : memories.windows().entrySet()) {
            s.setString(1, memory.getKey());
            s.setString(2, ChatMessageSerializer.messagesToJson(memory.getValue()));
            s.addBatch();
        }
        s.executeBatch();
    }

    /** Nothing is remembered of a row, so there is nothing to forget. */
    @Override
    public void delete(Transaction tx, List<String> memoryIds) throws SQLException {
        PreparedStatement s = tx.prepare("DELETE FROM chat_memory WHERE memory_id = ?");
        for (String id : memoryIds) {
            s.setString(1, id);
            s.addBatch();
        }
        s.executeBatch();
    }
}
