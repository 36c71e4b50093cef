package dev.agentbuilder.chat.postgres;

import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.store.ThreadStoreContract;

class PostgresThreadStoreTest extends ThreadStoreContract {

    private String url;

    @Override
    protected ThreadStore openStore() {
        if (url == null) {
            url = PostgresServer.shared().createDatabase();
        }
        return PostgresStore.open(url, null);
    }

    @Override
    protected boolean durable() {
        return true;
    }
}
