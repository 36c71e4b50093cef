package dev.agentbuilder.chat.client;

import dev.agentbuilder.chat.protocol.ErrorCodes;
import java.util.Objects;
import java.util.Set;

/**
 * Why a request's future failed: the server answered it with an {@code error} ({@link #code()} is the protocol's code,
 * such as {@code not_found} or {@code invalid_message}, and the message the server's), or the client gave up on it
 * ({@link #STOPPED}, {@link #MESSAGE_TOO_LONG}). Unchecked, and never thrown at the caller: it arrives as the cause of
 * a failed {@code CompletableFuture} ({@code get()} wraps it in an {@code ExecutionException}, {@code join()} in a
 * {@code CompletionException}).
 */
public final class RequestFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * The client stopped before the server answered: refused for good, stopped or closed by the app, or, without
     * reconnecting, its connection ended. Its status says why.
     */
    public static final String STOPPED = "stopped";
    /** The server closed the connection with 1009 after this request: it is larger than the server accepts. */
    public static final String MESSAGE_TOO_LONG = ErrorCodes.MESSAGE_TOO_LONG;

    private static final Set<String> RETRIABLE = Set.of(ErrorCodes.INTERNAL, ErrorCodes.RATE_LIMITED,
            ErrorCodes.BUSY, STOPPED);

    private final String code;

    /**
     * @param code    the protocol's error code, or one of the client's own above
     * @param message for people
     */
    public RequestFailedException(String code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The protocol's error code ({@code not_found}, {@code invalid_message}, {@code forbidden}, ...) or the client's. */
    public String code() {
        return code;
    }

    /**
     * Whether the same request may succeed later: the server failed or was busy ({@code internal},
     * {@code rate_limited}, {@code busy}), or the client stopped before the answer. False for a request the server
     * will refuse again ({@code not_found}, {@code invalid_message}, {@code forbidden}, ...).
     */
    public boolean retriable() {
        return RETRIABLE.contains(code);
    }

    @Override
    public String toString() {
        return "RequestFailedException[" + code + "]: " + getMessage();
    }
}
