package dev.agentbuilder.chat.postgres;

import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.store.ThreadStoreContract;
import java.time.Duration;

class PostgresThreadStoreTest extends ThreadStoreContract {

    private String url;

    @Override
    protected ThreadStore openStore() {
        if (url == null) {
            url = PostgresServer.shared().createDatabase();
        }
        return PostgresStore.open(url, null, "node-contract", Duration.ofSeconds(30));
    }

    @Override
    protected boolean durable() {
        return true;
    }
}
