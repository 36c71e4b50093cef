package dev.agentbuilder.chat.core.store;

import dev.agentbuilder.chat.core.FencingStore;
import dev.agentbuilder.chat.core.SharedLease;
import dev.agentbuilder.chat.core.ThreadStores;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import java.time.Duration;

/** The cluster store of chat-core's own tests (one heap store, a lease shared by its nodes) keeps the contract. */
class SharedLeaseStoreTest extends ClusterStoreContract {

    private final ThreadStore shared = ThreadStores.inMemory();
    private final SharedLease lease = new SharedLease(shared, Duration.ofSeconds(30));

    @Override
    protected ThreadStore openNode(String nodeId) {
        return new FencingStore(shared, lease, nodeId);
    }

    @Override
    protected void expireLease(String threadId) {
        lease.expire(threadId);
    }
}
