package dev.agentbuilder.chat.protocol;

/** WebSocket close codes the chat server uses, and what a client should do about each. */
public final class CloseCodes {

    public static final int NORMAL = 1000;
    /** The server is shutting down; reconnect. */
    public static final int GOING_AWAY = 1001;
    /** A binary frame was received; only text frames are allowed. */
    public static final int UNSUPPORTED_DATA = 1003;
    public static final int POLICY_VIOLATION = 1008;
    /** An inbound frame was larger than the server allows. */
    public static final int TOO_BIG = 1009;
    public static final int INTERNAL_ERROR = 1011;
    /** Missing or invalid connection parameters; do not reconnect. */
    public static final int INVALID_REQUEST = 4400;
    /** Missing or invalid token; do not reconnect. */
    public static final int UNAUTHORIZED = 4401;
    /** The thread belongs to another user; do not reconnect. */
    public static final int FORBIDDEN = 4403;
    /** The thread was deleted while the connection was in it; do not reconnect (the id would start a new thread). */
    public static final int THREAD_DELETED = 4410;
    /** Too many connections or too fast; reconnect later. */
    public static final int TOO_MANY = 4429;

    private CloseCodes() {
    }

    /** Whether a client should stop reconnecting after this close code. */
    public static boolean isFinal(int code) {
        return code == INVALID_REQUEST || code == UNAUTHORIZED || code == FORBIDDEN || code == THREAD_DELETED;
    }
}
