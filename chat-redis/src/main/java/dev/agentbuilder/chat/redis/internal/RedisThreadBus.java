package dev.agentbuilder.chat.redis.internal;

import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.ThreadChange;
import dev.agentbuilder.chat.core.ThreadEvent;
import dev.agentbuilder.chat.core.spi.ThreadBus;
import dev.agentbuilder.chat.core.spi.ThreadEventJson;
import dev.agentbuilder.chat.redis.internal.RedisChannels.Joined;
import dev.agentbuilder.chat.redis.internal.RedisChannels.Subscriber;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.net.SocketAddress;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis bus: one connection publishes, one subscribes, one channel per chat thread and one for every thread's
 * listing changes ({@link RedisChannels}).
 *
 * <p>Threads: the connections and the client are fixed at construction; subscriptions are guarded by the
 * {@link RedisChannels} lock, which is also held while a SUBSCRIBE or UNSUBSCRIBE is sent, so that Redis sees them
 * in the order the map changed. Other nodes' messages, confirmations and reconnects arrive on the subscribing
 * connection's Lettuce I/O thread, and subscribers are called right there: they never block (the {@link ThreadBus}
 * contract), and one thread keeps each channel's events in the order Redis sent them. This node's own events are
 * delivered on the publishing thread, in the order it published them. Listing changes go the same ways: this
 * node's to its subscribers at once, on the publishing thread, other nodes' on the I/O thread.
 */
public final class RedisThreadBus implements ThreadBus {

    private static final Logger log = LoggerFactory.getLogger(RedisThreadBus.class);
    private static final long CONFIRM_SECONDS = 10;

    private final String where;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> publisher;
    private final StatefulRedisPubSubConnection<String, String> subscriber;
    private final RedisChannels channels = new RedisChannels();
    private final List<Runnable> resubscribedListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong failedPublishes = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Names this bus in what it publishes ({@link Envelope}), so that it skips its own messages coming back. */
    private final String origin = UUID.randomUUID().toString();
    private final AtomicLong liveGaps = new AtomicLong();

    RedisThreadBus(String where, ClientResources resources, RedisClient client,
            StatefulRedisConnection<String, String> publisher, StatefulRedisPubSubConnection<String, String> subscriber) {
        this.where = where;
        this.resources = resources;
        this.client = client;
        this.publisher = publisher;
        this.subscriber = subscriber;
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                deliver(channel, message);
            }

            @Override
            public void subscribed(String channel, long count) {
                if (channels.confirmed(channel)) {
                    resubscribed();
                }
            }
        });
        // Registered after both connections are up, so it hears reconnects only (a drop in the instant between the
        // connect and this goes unreported). Lettuce calls it on the I/O thread once the connection is active again
        // and has itself sent the SUBSCRIBE of the channels it had confirmed.
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                if (connection == subscriber && !closed.get()) {
                    renew();
                }
            }
        });
    }

    /** See {@link dev.agentbuilder.chat.redis.RedisBus#connect}. */
    public static RedisThreadBus connect(String redisUrl) {
        return RedisConnector.connect(redisUrl);
    }

    @Override
    public Subscription subscribe(String threadId, Consumer<ThreadEvent> consumer) {
        String channel = RedisChannels.ofThread(threadId);
        Subscriber<ThreadEvent> s = new Subscriber<>(consumer);
        Joined joined;
        synchronized (channels) {
            if (closed.get()) {
                throw new IllegalStateException("the Redis bus is closed");
            }
            joined = channels.join(channel, s);
            if (joined.first()) {
                try {
                    subscriber.async().subscribe(channel).whenComplete((ok, e) -> {
                        if (e != null) {
                            joined.channel().confirmed.completeExceptionally(e);
                        }
                    });
                } catch (RuntimeException e) {
                    joined.channel().confirmed.completeExceptionally(e);
                }
            }
        }
        try {
            joined.channel().confirmed.get(CONFIRM_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            } else if (!subscriber.isOpen()) {
                // Redis is away: the subscriber stays in the map, the renewal after the reconnect subscribes its
                // channel with the others, and onResubscribed then tells the engine to catch up from the store.
                // A thread stays usable while Redis is down.
                log.debug("Redis at {} is away; {} is subscribed when it is back", where, channel);
                return () -> unsubscribe(channel, s);
            }
            unsubscribe(channel, s);
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new ChatException("could not subscribe to thread " + threadId + " on Redis at " + where + ": "
                    + RedisConnector.oneLine(cause), cause, true);
        }
        return () -> unsubscribe(channel, s);
    }

    /** Whether both connections are up. */
    @Override
    public boolean connected() {
        return subscriber.isOpen() && publisher.isOpen();
    }

    private void unsubscribe(String channel, Subscriber<ThreadEvent> s) {
        synchronized (channels) {
            if (channels.leave(channel, s) && !closed.get()) {
                try {
                    subscriber.async().unsubscribe(channel);
                } catch (RuntimeException e) {
                    // Disconnected: the channel is gone from the map, so a renewal will not subscribe it again.
                    log.debug("could not unsubscribe {}: {}", channel, RedisConnector.oneLine(e));
                }
            }
        }
    }

    /**
     * Delivers to this node's subscribers at once, on the caller's thread, and publishes for the other nodes. A node's
     * own events thus never make the round trip through Redis (which cost as much CPU as the rest of a turn's fan-out:
     * every delta encoded, sent, received and decoded again), and reach its clients even while Redis is away.
     */
    @Override
    public void publish(String threadId, ThreadEvent event) {
        String channel = RedisChannels.ofThread(threadId);
        deliverLocally(channel, event);
        // Live events are numbered on the channel, in the order this node publishes them (a thread's events are
        // published by its one session, in order). Without local subscribers there is no channel state: unnumbered.
        RedisChannels.Channel state = event instanceof StoredEvent ? null : channels.channel(channel);
        String message = Envelope.write(origin, state == null ? 0 : state.epoch,
                state == null ? 0 : state.published.incrementAndGet(), ThreadEventJson.write(event));
        try {
            // Never blocks: while disconnected Lettuce rejects the command at once (REJECT_COMMANDS).
            publisher.async().publish(channel, message).whenComplete((receivers, e) -> {
                if (e != null) {
                    publishFailed("an event", threadId, e);
                }
            });
        } catch (RuntimeException e) {
            publishFailed("an event", threadId, e);
        }
    }

    private void publishFailed(String what, String threadId, Throwable e) {
        long count = failedPublishes.incrementAndGet();
        log.debug("dropped {} of thread {} ({} dropped so far): {}", what, threadId, count, RedisConnector.oneLine(e));
    }

    /** How many events and listing changes could not be published, since the bus connected. */
    public long failedPublishes() {
        return failedPublishes.get();
    }

    @Override
    public void onResubscribed(Runnable listener) {
        resubscribedListeners.add(listener);
    }

    /**
     * Delivers to this node's listing subscribers at once, on the caller's thread, as {@link #publish} does, and
     * publishes on the listing channel for the other nodes; this bus skips it when it comes back.
     *
     * @throws IllegalArgumentException when an id is not one ({@link dev.agentbuilder.chat.common.Identifiers}), before
     *                                  anyone is told: other nodes could not read it back
     */
    @Override
    public void publishChange(ThreadChange change) {
        String message = ListingMessage.write(origin, change);
        deliverChange(change);
        try {
            publisher.async().publish(RedisChannels.LISTING, message).whenComplete((receivers, e) -> {
                if (e != null) {
                    publishFailed("a listing change", change.threadId(), e);
                }
            });
        } catch (RuntimeException e) {
            publishFailed("a listing change", change.threadId(), e);
        }
    }

    /**
     * Never waits for Redis: the listing channel was subscribed when the bus connected, and is subscribed again with
     * the others after a reconnect.
     */
    @Override
    public Subscription subscribeChanges(Consumer<ThreadChange> consumer) {
        Subscriber<ThreadChange> s = new Subscriber<>(consumer);
        synchronized (channels) {
            if (closed.get()) {
                throw new IllegalStateException("the Redis bus is closed");
            }
            channels.joinListing(s);
        }
        return () -> channels.leaveListing(s);
    }

    @Override
    public boolean crossesNodes() {
        return true;
    }

    /** How many gaps in other nodes' live events were seen (each a live event Redis lost), since the bus connected. */
    public long liveGaps() {
        return liveGaps.get();
    }

    /**
     * A message from Redis: another node's event (this bus's own were delivered when published). A live event that
     * comes twice or after a later one is dropped: subscribers get each node's live events once, in order.
     */
    private void deliver(String channel, String message) {
        if (channel.equals(RedisChannels.LISTING)) {
            heardChange(message);
            return;
        }
        RedisChannels.Channel state = channels.channel(channel);
        // Every event this node publishes comes back on its own subscription: skipped before anything is copied.
        if (Envelope.isFrom(message, origin) || state == null || state.subscribers.isEmpty()) {
            return;
        }
        Envelope envelope = Envelope.read(message);
        if (envelope == null) {
            log.warn("dropped a message on {} that is not a thread event envelope", channel);
            return;
        }
        ThreadEvent event;
        try {
            event = ThreadEventJson.read(envelope.event());
        } catch (IllegalArgumentException e) {
            log.warn("dropped a message on {} that is not a thread event: {}", channel, e.getMessage());
            return;
        }
        if (envelope.positioned() && !state.received.accept(envelope, liveGaps::incrementAndGet)) {
            log.debug("dropped a live event on {} that came twice or late", channel);
            return;
        }
        deliverLocally(channel, event);
    }

    private void deliverLocally(String channel, ThreadEvent event) {
        for (Subscriber<ThreadEvent> s : channels.subscribers(channel)) {
            if (s.closed) {
                continue;
            }
            try {
                s.consumer.accept(event);
            } catch (RuntimeException e) {
                log.error("thread bus subscriber failed for {}", channel, e);
            }
        }
    }

    /** A message on the listing channel: another node's change (this bus's own were delivered when published). */
    private void heardChange(String message) {
        // A listing message starts with its origin and a bar, as an envelope does.
        if (Envelope.isFrom(message, origin) || channels.listingSubscribers().isEmpty()) {
            return;
        }
        ListingMessage read = ListingMessage.read(message);
        if (read == null) {
            log.warn("dropped a message on {} that is not a listing change", RedisChannels.LISTING);
            return;
        }
        deliverChange(read.change());
    }

    private void deliverChange(ThreadChange change) {
        for (Subscriber<ThreadChange> s : channels.listingSubscribers()) {
            if (s.closed) {
                continue;
            }
            try {
                s.consumer.accept(change);
            } catch (RuntimeException e) {
                log.error("listing change subscriber failed for thread {}", change.threadId(), e);
            }
        }
    }

    /**
     * After a reconnect: subscribes every channel this node has subscribers for, and the listing's (Lettuce
     * resubscribes only those it had confirmed, and a second SUBSCRIBE of a channel changes nothing), and waits for
     * Redis to confirm them all.
     */
    private void renew() {
        Set<String> renewing;
        boolean done;
        synchronized (channels) {
            renewing = channels.startRenewal();
            if (!renewing.isEmpty()) {
                subscriber.async().subscribe(renewing.toArray(String[]::new)).whenComplete((ok, e) -> {
                    if (e != null) {
                        // The connection went again; its next reconnect starts another renewal.
                        log.debug("renewing {} Redis subscriptions failed: {}", renewing.size(),
                                RedisConnector.oneLine(e));
                    }
                });
            }
            done = channels.finishRenewal();
        }
        log.info("reconnected to Redis at {}; renewing {} subscriptions", where, renewing.size());
        if (done) {
            resubscribed();
        }
    }

    private void resubscribed() {
        for (Runnable listener : resubscribedListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.error("onResubscribed listener failed", e);
            }
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        channels.clear();
        RedisConnector.shutdown(client, resources, publisher, subscriber);
    }
}
