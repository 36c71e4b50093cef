package dev.agentbuilder.chat.client;

import java.util.Objects;

/**
 * Why a request to the server's HTTP API failed: the server answered with an error status, and {@link #code()} and
 * the message are those of its {@code {"error":{"code","message"}}} body ({@code not_found}, {@code too_many_files},
 * {@code storage_full}, {@code payload_too_large}, {@code unreadable_file}, {@code unauthorized}, ...;
 * {@link #UNEXPECTED_RESPONSE} when the answer was not one the API gives, such as a proxy's page). Unchecked, and never
 * thrown at the caller: it arrives as the cause of a failed {@code CompletableFuture}. A request that got no answer
 * (the server unreachable, the connection lost, no answer within the timeout) fails with the {@code IOException}
 * instead.
 */
public final class ApiRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The answer was not the API's: an error without the API's error body, or a success that could not be read. */
    public static final String UNEXPECTED_RESPONSE = "unexpected_response";

    private final int status;
    private final String code;

    /**
     * @param status  the HTTP status of the answer
     * @param code    the API's error code, or {@link #UNEXPECTED_RESPONSE}
     * @param message for people: the server's, as it sent it
     */
    public ApiRequestException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The HTTP status of the server's answer: 401, 404, 409, 413, 415, 422, 500, 503, ... */
    public int status() {
        return status;
    }

    /** The API's error code ({@code not_found}, {@code too_many_files}, ...) or {@link #UNEXPECTED_RESPONSE}. */
    public String code() {
        return code;
    }

    /** Whether the same request may succeed later: the server failed or could not answer then (5xx, 429). */
    public boolean retriable() {
        return status >= 500 || status == 429;
    }

    @Override
    public String toString() {
        return "ApiRequestException[" + status + " " + code + "]: " + getMessage();
    }
}
