package dev.agentbuilder.chat.sqlite;

import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.store.TokenUsageContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteTokenUsageTest extends TokenUsageContract {

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
}
