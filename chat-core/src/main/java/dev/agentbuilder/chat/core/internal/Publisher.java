package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.ThreadEvent;

/**
 * Publishes a live thread's events on the bus, from which the members on every node get them (this node's through
 * its own subscription, on the thread's executor). Does not wait.
 */
interface Publisher {

    void publish(ThreadEvent event);
}
