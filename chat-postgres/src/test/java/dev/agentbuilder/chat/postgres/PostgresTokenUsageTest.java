package dev.agentbuilder.chat.postgres;

import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.store.TokenUsageContract;
import java.time.Duration;

class PostgresTokenUsageTest extends TokenUsageContract {

    private String url;

    @Override
    protected ThreadStore openStore() {
        if (url == null) {
            url = PostgresServer.shared().createDatabase();
        }
        return PostgresStore.open(url, null, "node-tokens", Duration.ofSeconds(30));
    }

    @Override
    protected boolean durable() {
        return true;
    }
}
