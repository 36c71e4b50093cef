package dev.agentbuilder.chat.core;

/** A thread event that is part of the thread's durable log, numbered by a gap-free {@code seq} from 1. */
public sealed interface StoredEvent extends ThreadEvent permits ThreadEvent.MessageAdded, ThreadEvent.AgentUpdated {

    long seq();

    static void requirePositive(long seq) {
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be >= 1: " + seq);
        }
    }
}
