package dev.agentbuilder.chat.core.store;

import dev.agentbuilder.chat.core.ThreadStores;
import dev.agentbuilder.chat.core.spi.ThreadStore;

class InMemoryTokenUsageTest extends TokenUsageContract {

    @Override
    protected ThreadStore openStore() {
        return ThreadStores.inMemory();
    }

    @Override
    protected boolean durable() {
        return false;
    }
}
