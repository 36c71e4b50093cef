package dev.agentbuilder.chat.postgres;

import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.store.KnowledgeStoreContract;
import java.time.Duration;

class PostgresKnowledgeStoreTest extends KnowledgeStoreContract {

    private String url;

    @Override
    protected ThreadStore openStore() {
        if (url == null) {
            url = PostgresServer.shared().createDatabase();
        }
        return PostgresStore.open(url, null, "node-knowledge", Duration.ofSeconds(30));
    }

    @Override
    protected boolean durable() {
        return true;
    }
}
