package dev.agentbuilder.chat.redis.internal;

import dev.agentbuilder.chat.core.ThreadEvent;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * This node's local subscribers, by Redis channel, and which channels Redis has confirmed. Changes to the map and
 * the renewal under way are guarded by {@code this}; the map is concurrent and each channel's subscriber list
 * copy-on-write, so that the I/O thread delivers without the lock.
 *
 * <p>Confirmations come from the subscribing connection's {@code subscribed} notifications, one per channel, rather
 * than from the SUBSCRIBE command's future: Lettuce completes a SUBSCRIBE of several channels on the first
 * channel's reply, and may then complete a later SUBSCRIBE with the rest.
 */
final class RedisChannels {

    /** A local subscriber; {@code closed} stops deliveries that race with its close. */
    static final class Subscriber {
        final Consumer<ThreadEvent> consumer;
        volatile boolean closed;

        Subscriber(Consumer<ThreadEvent> consumer) {
            this.consumer = consumer;
        }
    }

    /**
     * One channel's subscribers and its SUBSCRIBE's confirmation; the position of this node's live events on it
     * ({@code epoch}, distinct for every channel state this bus makes, and the last index), and what was received.
     */
    static final class Channel {
        final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> confirmed = new CompletableFuture<>();
        final long epoch;
        final AtomicLong published = new AtomicLong();
        final LiveOrder received = new LiveOrder();

        Channel(long epoch) {
            this.epoch = epoch;
        }
    }

    /** What {@link #join} did: {@code first} when the caller must send the SUBSCRIBE. */
    record Joined(Channel channel, boolean first) {
    }

    /** Written under {@code this}; read without it by the I/O thread. */
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    /** The channels a renewal after a reconnect still waits for; null when none is under way. */
    private Set<String> renewing;
    /** The epoch of the last channel state made. Guarded by {@code this}. */
    private long epochs;

    /** Adds the subscriber to the channel, creating the channel when it is new. Call under {@code this}. */
    Joined join(String name, Subscriber subscriber) {
        assert Thread.holdsLock(this);
        Channel channel = channels.get(name);
        boolean first = channel == null;
        if (first) {
            channel = new Channel(++epochs);
            channels.put(name, channel);
        }
        channel.subscribers.add(subscriber);
        return new Joined(channel, first);
    }

    /**
     * Removes the subscriber; true when it was the channel's last, so the caller must send the UNSUBSCRIBE. Call
     * under {@code this}.
     */
    boolean leave(String name, Subscriber subscriber) {
        assert Thread.holdsLock(this);
        subscriber.closed = true;
        Channel channel = channels.get(name);
        if (channel == null || !channel.subscribers.remove(subscriber) || !channel.subscribers.isEmpty()) {
            return false;
        }
        // A renewal under way still counts on it: its SUBSCRIBE went out before this UNSUBSCRIBE, so Redis confirms it.
        channels.remove(name);
        return true;
    }

    /** The subscribers of a channel, or an empty list. Lock-free. */
    List<Subscriber> subscribers(String name) {
        Channel channel = channels.get(name);
        return channel == null ? List.of() : channel.subscribers;
    }

    /** The channel's state, or null when this node has no subscriber on it. Lock-free. */
    Channel channel(String name) {
        return channels.get(name);
    }

    /**
     * Starts a renewal after a reconnect: the channels it waits for, all of them. Call under {@code this}, and send
     * their SUBSCRIBE before letting go of it.
     */
    Set<String> startRenewal() {
        assert Thread.holdsLock(this);
        renewing = new HashSet<>(channels.keySet());
        return Set.copyOf(renewing);
    }

    /** Redis confirmed a SUBSCRIBE of the channel; true when that finished the renewal under way. */
    synchronized boolean confirmed(String name) {
        Channel channel = channels.get(name);
        if (channel != null) {
            channel.confirmed.complete(null);
        }
        return renewing != null && renewing.remove(name) && finishRenewal();
    }

    /** Ends the renewal if it waits for nothing more; true when it did. Call under {@code this}. */
    boolean finishRenewal() {
        assert Thread.holdsLock(this);
        if (renewing == null || !renewing.isEmpty()) {
            return false;
        }
        renewing = null;
        return true;
    }

    /** Forgets every channel, for the bus's close. */
    synchronized void clear() {
        channels.values().forEach(c -> c.subscribers.forEach(s -> s.closed = true));
        channels.clear();
        renewing = null;
    }
}
