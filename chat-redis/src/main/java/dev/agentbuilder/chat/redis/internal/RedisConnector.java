package dev.agentbuilder.chat.redis.internal;

import dev.agentbuilder.chat.core.ChatException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens and shuts down the Lettuce client, its resources and the bus's two connections, and subscribes the listing
 * channel as it connects. Stateless.
 */
final class RedisConnector {

    private static final Logger log = LoggerFactory.getLogger(RedisConnector.class);

    private RedisConnector() {
    }

    static RedisThreadBus connect(String redisUrl) {
        RedisURI uri = parse(redisUrl);
        String where = uri.getHost() + ":" + uri.getPort();
        ClientResources resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(1)
                .reconnectDelay(Delay.equalJitter(Duration.ofMillis(50), Duration.ofSeconds(10), 100,
                        TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(options());
        StatefulRedisConnection<String, String> publisher = null;
        StatefulRedisPubSubConnection<String, String> subscriber = null;
        try {
            publisher = client.connect(StringCodec.UTF8);
            subscriber = client.connectPubSub(StringCodec.UTF8);
            // Before the bus exists, so that its subscribeChanges never waits for Redis: the channel is in place.
            subscriber.sync().subscribe(RedisChannels.LISTING);
        } catch (RuntimeException e) {
            shutdown(client, resources, publisher, subscriber);
            throw new ChatException("cannot reach Redis at " + where + ": " + oneLine(rootCause(e)), e, true);
        }
        log.info("thread bus connected to Redis at {}", where);
        return new RedisThreadBus(where, resources, client, publisher, subscriber);
    }

    /**
     * Auto-reconnect on; commands rejected at once while disconnected, and those in flight when the connection drops
     * failed rather than sent again after the reconnect (REJECT_COMMANDS does both in Lettuce's DefaultEndpoint): a
     * PUBLISH from before a reconnect delivered after it would arrive out of order. Lettuce's replayFilter is not
     * used: it drops a command without completing it, so a publish's failure would go uncounted.
     */
    static ClientOptions options() {
        return ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(10)))
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(5)).keepAlive(true).build())
                .build();
    }

    private static RedisURI parse(String redisUrl) {
        if (redisUrl == null || !redisUrl.startsWith("redis://")) {
            throw new IllegalArgumentException("a Redis URL is redis://HOST:PORT, not "
                    + (redisUrl == null ? "null" : withoutPassword(redisUrl)));
        }
        try {
            return RedisURI.create(redisUrl);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a Redis URL: " + withoutPassword(redisUrl), e);
        }
    }

    /** The URL with anything between {@code //} and {@code @} left out: a user and password, when there is one. */
    static String withoutPassword(String url) {
        int start = url.indexOf("//");
        int at = url.lastIndexOf('@');
        return start >= 0 && at > start ? url.substring(0, start + 2) + "…@" + url.substring(at + 1) : url;
    }

    static void shutdown(RedisClient client, ClientResources resources, StatefulConnection<?, ?>... connections) {
        for (StatefulConnection<?, ?> c : connections) {
            if (c != null) {
                try {
                    c.close();
                } catch (RuntimeException e) {
                    log.debug("closing a Redis connection failed: {}", oneLine(e));
                }
            }
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** The failure in one line: its message (Lettuce's and Netty's name the address, never the password). */
    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }
}
