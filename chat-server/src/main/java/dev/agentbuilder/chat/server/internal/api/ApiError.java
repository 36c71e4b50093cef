package dev.agentbuilder.chat.server.internal.api;

import dev.agentbuilder.chat.protocol.ErrorCodes;

/**
 * An answer other than success, as the API writes it: an HTTP status and the body {@code {"error":{"code",
 * "message"}}}, with the protocol's codes where one applies ({@link ErrorCodes}). Thrown by the handlers (or
 * completing their futures) and written, in one place, by {@link ErrorAnswers}. Immutable.
 */
final class ApiError extends RuntimeException {

    /** Codes of the HTTP API that the WebSocket has no use for. */
    static final String METHOD_NOT_ALLOWED = "method_not_allowed";
    static final String PAYLOAD_TOO_LARGE = "payload_too_large";

    private final int status;
    private final String code;

    ApiError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static ApiError invalidRequest(String message) {
        return new ApiError(400, ErrorCodes.INVALID_REQUEST, message);
    }

    static ApiError unauthorized(String message) {
        return new ApiError(401, ErrorCodes.UNAUTHORIZED, message);
    }

    static ApiError forbidden(String message) {
        return new ApiError(403, ErrorCodes.FORBIDDEN, message);
    }

    /**
     * The one answer for a thread that does not exist, belongs to someone else, or is outside the token's threads:
     * the same status and body in every case, so that ids cannot be probed.
     */
    static ApiError noSuchThread(String threadId) {
        return new ApiError(404, ErrorCodes.NOT_FOUND, "There is no thread " + threadId + ".");
    }

    /** A user's list that the caller may not read: answered as if there were nothing there to find. */
    static ApiError noSuchList(String userId) {
        return new ApiError(404, ErrorCodes.NOT_FOUND, "There is no list of threads of user " + userId + ".");
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
