package dev.agentbuilder.chat.protocol;

/** The {@code code} values of {@code error} frames. */
public final class ErrorCodes {

    public static final String INVALID_JSON = "invalid_json";
    public static final String INVALID_MESSAGE = "invalid_message";
    public static final String UNKNOWN_TYPE = "unknown_type";
    public static final String MESSAGE_TOO_LONG = "message_too_long";
    public static final String BUSY = "busy";
    public static final String RATE_LIMITED = "rate_limited";
    public static final String AGENT_ERROR = "agent_error";
    public static final String INVALID_REQUEST = "invalid_request";
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String FORBIDDEN = "forbidden";
    public static final String INTERNAL = "internal";
    public static final String VERSION_CONFLICT = "version_conflict";
    public static final String NOT_FOUND = "not_found";
    public static final String THREAD_DELETED = "thread_deleted";
    public static final String QUOTA_EXCEEDED = "quota_exceeded";

    private ErrorCodes() {
    }
}
