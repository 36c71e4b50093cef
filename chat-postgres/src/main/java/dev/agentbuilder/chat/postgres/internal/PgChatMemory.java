package dev.agentbuilder.chat.postgres.internal;

import dev.agentbuilder.chat.core.spi.ChatMemories;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * langchain4j's chat memory in the {@code chat_memory} table, one row per memory holding the whole window as
 * langchain4j's JSON. A turn hands over the windows it changed with each of its writes, and they are written in that
 * write's transaction, after its fence: the memory in the database always matches the event log beside it, and a node
 * that lost its lease can never write its stale memory. Stateless; thread-safe.
 */
final class PgChatMemory {

    private final PgReads reads;

    PgChatMemory(PgReads reads) {
        this.reads = reads;
    }

    /** The memory as the last committed write left it. */
    List<ChatMessage> read(String memoryId) {
        return reads.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT messages FROM chat_memory WHERE memory_id = ?")) {
                s.setString(1, memoryId);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? List.copyOf(ChatMessageDeserializer.messagesFromJson(r.getString(1))) : List.of();
                }
            }
        });
    }

    /** Writes the memories in the current transaction. */
    void write(Connection c, ChatMemories memories) throws SQLException {
        if (memories.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO chat_memory (memory_id, messages) VALUES (?, ?) "
                + "ON CONFLICT (memory_id) DO UPDATE SET messages = excluded.messages, updated_at = now()")) {
            for (Map.Entry<String, List<ChatMessage>> memory : memories.windows().entrySet()) {
                s.setString(1, memory.getKey());
                s.setString(2, ChatMessageSerializer.messagesToJson(memory.getValue()));
                s.addBatch();
            }
            s.executeBatch();
        }
    }
}
