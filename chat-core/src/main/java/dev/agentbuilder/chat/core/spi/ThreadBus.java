package dev.agentbuilder.chat.core.spi;

import dev.agentbuilder.chat.core.ThreadEvent;
import java.util.function.Consumer;

/**
 * The fan-out of thread events to everyone following a thread. In one process, a direct call; across nodes, a
 * broker (for example Redis pub/sub) so that members connected to any node see every event.
 *
 * <p>Per thread, subscribers receive events in the order they were published. Subscribers must not block: the
 * in-process bus ({@link dev.agentbuilder.chat.core.ThreadBuses#inProcess()}) calls them on the publishing thread.
 */
public interface ThreadBus {

    Subscription subscribe(String threadId, Consumer<ThreadEvent> subscriber);

    void publish(String threadId, ThreadEvent event);

    /** Ends a subscription; no events arrive after {@link #close()} returns. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
