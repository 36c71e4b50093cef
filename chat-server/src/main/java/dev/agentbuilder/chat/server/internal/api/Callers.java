package dev.agentbuilder.chat.server.internal.api;

import dev.agentbuilder.chat.server.ServerOptions;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Who may call the API: checks a request's bearer token and says who it is. The seam between the API and the server's
 * authentication: today {@link HmacCallers} (the HS256 tokens of the WebSocket); the coming
 * {@code internal.auth.Authenticator}, with the same shape, replaces it behind {@link #of}.
 *
 * <p>Implementations are thread-safe; {@link #verify} never blocks and its future never completes exceptionally.
 */
interface Callers {

    /** The verdict on a token: who it is, or why it is refused, in words for people. */
    CompletableFuture<Verdict> verify(String token);

    /**
     * The callers of a server with these access settings; null when authentication is off (then the API trusts every
     * request: {@link Caller#UNAUTHENTICATED}).
     */
    static Callers of(ServerOptions.Access access) {
        return access.authSecret() == null ? null : new HmacCallers(access.authSecret(), access.clockSkew());
    }

    /** A token's verdict. */
    sealed interface Verdict {

        record Accepted(Caller caller) implements Verdict {
            public Accepted {
                Objects.requireNonNull(caller, "caller");
            }
        }

        record Refused(String reason) implements Verdict {
            public Refused {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }
}
