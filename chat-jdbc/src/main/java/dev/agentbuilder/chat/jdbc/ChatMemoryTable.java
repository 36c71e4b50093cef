package dev.agentbuilder.chat.jdbc;

import dev.agentbuilder.chat.core.spi.ChatMemories;
import dev.langchain4j.data.message.ChatMessage;
import java.sql.SQLException;
import java.util.List;

/**
 * Where a dialect keeps langchain4j's chat memory: its tables are its own (SQLite a row per message, PostgreSQL a row
 * per memory). Thread-safe as its store is.
 */
public interface ChatMemoryTable {

    /** The memory as the last committed write left it; empty when none was written. Blocks for the read. */
    List<ChatMessage> read(String memoryId);

    /** Writes the windows a turn changed, in the transaction of that turn's write. Runs on the writer. */
    void write(Transaction tx, ChatMemories memories) throws SQLException;

    /**
     * Deletes these memories, in the transaction of their thread's deletion, and forgets whatever was remembered of
     * them: a thread opened again under the same id starts with none. Runs on the writer.
     */
    void delete(Transaction tx, List<String> memoryIds) throws SQLException;
}
