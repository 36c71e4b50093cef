package dev.agentbuilder.chat.redis.internal;

import dev.agentbuilder.chat.core.ThreadChange;
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
 * The bus's Redis channels; this node's local subscribers, by channel, and which channels Redis has confirmed.
 * Changes to the map and the renewal under way are guarded by {@code this}; the map is concurrent and each channel's
 * subscriber list copy-on-write, so that the I/O thread delivers without the lock. The listing's subscribers are one
 * more copy-on-write list, changed under {@code this} too.
 *
 * <p>Each chat thread has a channel of its own, subscribed while this node has subscribers for it. Listing changes
 * all go on one channel, {@link #LISTING}, which the bus subscribes as it connects and keeps until it closes, with or
 * without subscribers: every node has one (its catalog), and a channel never left needs no counting.
 *
 * <p>Confirmations come from the subscribing connection's {@code subscribed} notifications, one per channel, rather
 * than from the SUBSCRIBE command's future: Lettuce completes a SUBSCRIBE of several channels on the first
 * channel's reply, and may then complete a later SUBSCRIBE with the rest.
 */
final class RedisChannels {

    /** The channel of every thread's listing changes: never a thread's, whose names go on {@code chat:thread:}. */
    static final String LISTING = "chat:threads";
    private static final String THREAD_PREFIX = "chat:thread:";

    /** The channel of a thread's events. */
    static String ofThread(String threadId) {
        return THREAD_PREFIX + threadId;
    }

    /** A local subscriber; {@code closed} stops deliveries that race with its close. */
    static final class Subscriber<T> {
        final Consumer<T> consumer;
        volatile boolean closed;

        Subscriber(Consumer<T> consumer) {
            this.consumer = consumer;
        }
    }

    /**
     * One channel's subscribers and its SUBSCRIBE's confirmation; the position of this node's live events on it
     * ({@code epoch}, distinct for every channel state this bus makes, and the last index), and what was received.
     */
    static final class Channel {
        final List<Subscriber<ThreadEvent>> subscribers = new CopyOnWriteArrayList<>();
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
    private final List<Subscriber<ThreadChange>> listing = new CopyOnWriteArrayList<>();
    /** The channels a renewal after a reconnect still waits for; null when none is under way. */
    private Set<String> renewing;
    /** The epoch of the last channel state made. Guarded by {@code this}. */
    private long epochs;

    /** Adds the subscriber to the channel, creating the channel when it is new. Call under {@code this}. */
    Joined join(String name, Subscriber<ThreadEvent> subscriber) {
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
    boolean leave(String name, Subscriber<ThreadEvent> subscriber) {
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

    /** The subscribers of a thread's channel, or an empty list. Lock-free. */
    List<Subscriber<ThreadEvent>> subscribers(String name) {
        Channel channel = channels.get(name);
        return channel == null ? List.of() : channel.subscribers;
    }

    /** The channel's state, or null when this node has no subscriber on it. Lock-free. */
    Channel channel(String name) {
        return channels.get(name);
    }

    /** Adds a subscriber of the listing. Call under {@code this}. */
    void joinListing(Subscriber<ThreadChange> subscriber) {
        assert Thread.holdsLock(this);
        listing.add(subscriber);
    }

    /** Removes a subscriber of the listing; the channel stays subscribed. */
    synchronized void leaveListing(Subscriber<ThreadChange> subscriber) {
        subscriber.closed = true;
        listing.remove(subscriber);
    }

    /** The listing's subscribers. Lock-free. */
    List<Subscriber<ThreadChange>> listingSubscribers() {
        return listing;
    }

    /**
     * Starts a renewal after a reconnect: the channels it waits for, all of them, the listing's included. Call under
     * {@code this}, and send their SUBSCRIBE before letting go of it.
     */
    Set<String> startRenewal() {
        assert Thread.holdsLock(this);
        renewing = new HashSet<>(channels.keySet());
        renewing.add(LISTING);
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
        listing.forEach(s -> s.closed = true);
        listing.clear();
        renewing = null;
    }
}
