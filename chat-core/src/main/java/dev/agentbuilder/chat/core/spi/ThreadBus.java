package dev.agentbuilder.chat.core.spi;

import dev.agentbuilder.chat.core.ThreadChange;
import dev.agentbuilder.chat.core.ThreadEvent;
import java.util.function.Consumer;

/**
 * The fan-out of thread events to everyone following a thread. In one process, a direct call; across nodes, a
 * broker (for example Redis pub/sub) so that members connected to any node see every event.
 *
 * <p>A bus across nodes is a hint, not the truth: it may lose events (pub/sub is at most once), and the engine fills
 * what a subscriber missed from the store, by seq. Per thread, a subscriber receives the events one publisher
 * published in the order it published them. Subscribers must not block: the in-process bus
 * ({@link dev.agentbuilder.chat.core.ThreadBuses#inProcess()}) calls them on the publishing thread, a broker's bus on
 * its own I/O thread.
 */
public interface ThreadBus extends AutoCloseable {

    /**
     * Subscribes to the thread's events. Returns once the subscription is in place (a broker has confirmed it), so
     * that a caller who reads the thread's history after this returns misses nothing published after that read,
     * unless the bus loses it. May block for the broker's round trip. While the broker is away, the subscription is
     * registered and made when it is back, and {@link #onResubscribed} listeners are told then: a thread stays usable
     * while its bus is down.
     *
     * @throws dev.agentbuilder.chat.core.ChatException when the broker refused the subscription
     */
    Subscription subscribe(String threadId, Consumer<ThreadEvent> subscriber);

    /** Publishes to every subscriber of the thread, on every node. Never blocks; a bus that cannot deliver drops. */
    void publish(String threadId, ThreadEvent event);

    /**
     * Publishes a change of a thread's listing to the {@link #subscribeChanges} subscribers of every node, this
     * node's included. Never blocks; like {@link #publish}, a bus that cannot deliver drops: changes are hints, and
     * whoever shows a listing reads the thread again from the store.
     */
    void publishChange(ThreadChange change);

    /**
     * Subscribes to the listing changes of every thread, published on any node. Returns once the subscription is in
     * place; the subscriber is called as {@link #subscribe}'s are, and must not block.
     */
    Subscription subscribeChanges(Consumer<ThreadChange> subscriber);

    /**
     * Registers {@code listener}, called (on a thread of the bus; it must not block) whenever the bus may have lost
     * events it was carrying: after its connection to the broker came back and its subscriptions were renewed.
     * Subscribers should then catch up from the store. The in-process bus never loses events and never calls it.
     */
    default void onResubscribed(Runnable listener) {
    }

    /** Whether the bus is connected to its broker now, for readiness probes. Never blocks. */
    default boolean connected() {
        return true;
    }

    /** Whether events published here reach other processes. */
    default boolean crossesNodes() {
        return false;
    }

    /** Releases the broker's connections; the bus takes no more subscriptions. */
    @Override
    default void close() {
    }

    /** Ends a subscription; no events arrive after {@link #close()} returns. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
