package dev.agentbuilder.chat.sqlite;

import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.store.KnowledgeStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteKnowledgeStoreTest extends KnowledgeStoreContract {

    @TempDir
    Path dir;

    @Override
    protected ThreadStore openStore() {
        return SqliteStore.open(dir);
    }

    @Override
    protected boolean durable() {
        return true;
    }

    /** One process, but the same SQL as PostgreSQL's claims, so it holds them as a shared store does. */
    @Override
    protected boolean keepsClaims(ThreadStore store) {
        return true;
    }
}
