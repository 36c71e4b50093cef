package dev.agentbuilder.chat.server.internal.auth;

import dev.agentbuilder.chat.common.Identifiers;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who a verified token speaks for.
 *
 * @param userId  the user the token was issued for (its {@code sub}, or the identity provider's user claim)
 * @param service whether it is a service token (claim {@code role} is {@code "service"}, or {@code roles} holds
 *                it): a backend's, which may act for any user
 * @param threads the token's {@code threads} claim: the only threads it opens; empty Optional = all threads
 */
public record Principal(String userId, boolean service, Optional<Set<String>> threads) {

    public Principal {
        Identifiers.require("userId", userId);
        threads = Objects.requireNonNull(threads, "threads").map(Set::copyOf);
    }

    /** A user's token for all their threads. */
    public static Principal user(String userId) {
        return new Principal(userId, false, Optional.empty());
    }

    /** Whether it may act for {@code userId}: its own user, or any user for a service token. */
    public boolean mayActFor(String userId) {
        return service || this.userId.equals(userId);
    }

    /** Whether it may open {@code threadId}: any thread, unless its {@code threads} claim lists others only. */
    public boolean mayOpen(String threadId) {
        return threads.map(allowed -> allowed.contains(threadId)).orElse(true);
    }
}
