package dev.agentbuilder.chat.client.internal;

import dev.agentbuilder.chat.protocol.CloseCodes;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Short, human words for what went wrong with a connection: the reasons of the client's statuses. Stateless. */
final class Failures {

    /** What a 1001 means to a client: it will be back. */
    static final String RESTARTING = "the server is restarting";

    private Failures() {
    }

    /** Why a connection could not be opened or broke, in a few words and without a stack trace. */
    static String describe(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof WebSocketHandshakeException handshake) {
            return "the server refused the WebSocket handshake (HTTP " + handshake.getResponse().statusCode() + ")";
        }
        if (e instanceof HttpTimeoutException) {
            return "timed out";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return t.getMessage() == null ? "connection refused" : lowerFirst(t.getMessage());
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return lowerFirst(t.getMessage());
            }
        }
        return e.getClass().getSimpleName();
    }

    /** The failure itself, without the wrappers of futures. */
    static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /**
     * A close code in words, with the code and the server's words: {@code forbidden (4403): forbidden: This thread
     * belongs to another user.} A 1001 reads as {@value #RESTARTING}, whatever the server said.
     *
     * @param detail the server's words: the {@code error} frame before the close, else the close reason; may be null
     */
    static String describeClose(int code, String detail) {
        String words = switch (code) {
            case CloseCodes.NORMAL -> "closed by the server";
            case CloseCodes.GOING_AWAY -> "server going away";
            case CloseCodes.UNSUPPORTED_DATA -> "unsupported data";
            case CloseCodes.POLICY_VIOLATION -> "policy violation";
            case CloseCodes.TOO_BIG -> "message too big";
            case CloseCodes.INTERNAL_ERROR -> "server error";
            case CloseCodes.INVALID_REQUEST -> "invalid request";
            case CloseCodes.UNAUTHORIZED -> "unauthorized";
            case CloseCodes.FORBIDDEN -> "forbidden";
            case CloseCodes.THREAD_DELETED -> "thread deleted";
            case CloseCodes.TOO_MANY -> "too many connections";
            default -> "closed";
        };
        String text = words + " (" + code + ")";
        if (code == CloseCodes.GOING_AWAY) {
            return text + ": " + RESTARTING;
        }
        return detail == null || detail.isBlank() ? text : text + ": " + detail;
    }

    private static String lowerFirst(String s) {
        if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && !Character.isUpperCase(s.charAt(1))) {
            return Character.toLowerCase(s.charAt(0)) + s.substring(1);
        }
        return s;
    }
}
