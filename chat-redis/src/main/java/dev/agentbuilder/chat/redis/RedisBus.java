package dev.agentbuilder.chat.redis;

import dev.agentbuilder.chat.core.spi.ThreadBus;
import dev.agentbuilder.chat.redis.internal.RedisThreadBus;

/**
 * The {@link ThreadBus} across nodes on Redis pub/sub: every node that connects to the same Redis sees the events
 * every other node publishes. One channel per chat thread ({@code chat:thread:<threadId>}), one for the listing
 * changes of every thread ({@code chat:threads}), one connection that publishes and one that subscribes per bus.
 *
 * <p>Like Redis pub/sub it delivers at most once: an event published while Redis is unreachable is dropped, never
 * sent later out of order. After the subscribing connection comes back and its channels are subscribed again, the
 * bus calls its {@link ThreadBus#onResubscribed} listeners so that subscribers catch up from the store. A node's own
 * events go to its own subscribers at once, on the publishing thread, without the round trip through Redis; other
 * nodes' arrive on the bus's I/O thread. Either way in the order each publisher published; subscribers must not block.
 * Listing changes are delivered the same ways.
 *
 * <pre>{@code
 * ThreadBus bus = RedisBus.connect("redis://redis:6379");
 * }</pre>
 */
public final class RedisBus {

    private RedisBus() {
    }

    /**
     * Connects both connections. Blocks until they are up.
     *
     * @param redisUrl {@code redis://HOST:PORT}, or {@code redis://:PASSWORD@HOST:PORT}; the password is never logged
     * @throws dev.agentbuilder.chat.core.ChatException in one line naming HOST:PORT when Redis cannot be reached
     * @throws IllegalArgumentException                  when {@code redisUrl} is not a Redis URL
     */
    public static ThreadBus connect(String redisUrl) {
        return RedisThreadBus.connect(redisUrl);
    }
}
