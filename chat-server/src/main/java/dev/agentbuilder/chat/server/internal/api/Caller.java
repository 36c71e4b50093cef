package dev.agentbuilder.chat.server.internal.api;

import dev.agentbuilder.chat.common.Identifiers;
import java.util.Optional;
import java.util.Set;

/**
 * Who sent a request, as its token says: a user, or a service that may act for any user; and, for a token limited to
 * some threads, which. The API's copy of the coming {@code internal.auth.Principal}, with the same questions, so that
 * the handlers stay as they are when the {@code Authenticator} replaces {@link Callers}' implementation. Immutable.
 *
 * @param userId  the token's subject
 * @param service whether it acts for any user (a token with {@code "role": "service"})
 * @param threads the threads the token opens, when it is limited to some
 */
record Caller(String userId, boolean service, Optional<Set<String>> threads) {

    /**
     * Without authentication (development) the API trusts the request: it acts for the path's user, and serves any
     * thread.
     */
    static final Caller UNAUTHENTICATED = new Caller("anonymous", true, Optional.empty());

    Caller {
        Identifiers.require("userId", userId);
        threads = threads.map(Set::copyOf);
    }

    /** Whether it may read and change this user's threads: its own, or anyone's for a service. */
    boolean mayActFor(String user) {
        return service || userId.equals(user);
    }

    /** Whether the token opens this thread: any, unless it is limited to some. */
    boolean mayOpen(String threadId) {
        return threads.map(ids -> ids.contains(threadId)).orElse(true);
    }

    /** Whether the token is limited to some threads: such a token reads those, and cannot list, rename or delete. */
    boolean limitedToSomeThreads() {
        return threads.isPresent();
    }
}
