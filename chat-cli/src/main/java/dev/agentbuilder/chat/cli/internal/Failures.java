package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.cli.ExitCodes;
import dev.agentbuilder.chat.protocol.CloseCodes;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Short, human words for what went wrong with a connection, and the exit status each means. Stateless. */
final class Failures {

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

    static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** A close code in words, with the code and the server's reason: {@code server going away (1001): bye}. */
    static String describeClose(int code, String reason) {
        String words;
        switch (code) {
            case CloseCodes.NORMAL:
                words = "closed by the server";
                break;
            case CloseCodes.GOING_AWAY:
                words = "server going away";
                break;
            case CloseCodes.UNSUPPORTED_DATA:
                words = "unsupported data";
                break;
            case CloseCodes.POLICY_VIOLATION:
                words = "policy violation";
                break;
            case CloseCodes.TOO_BIG:
                words = "message too big";
                break;
            case CloseCodes.INTERNAL_ERROR:
                words = "server error";
                break;
            case CloseCodes.INVALID_REQUEST:
                words = "invalid request";
                break;
            case CloseCodes.UNAUTHORIZED:
                words = "unauthorized";
                break;
            case CloseCodes.FORBIDDEN:
                words = "forbidden";
                break;
            case CloseCodes.TOO_MANY:
                words = "too many connections";
                break;
            default:
                words = "closed";
                break;
        }
        String text = words + " (" + code + ")";
        return reason == null || reason.isBlank() ? text : text + ": " + reason;
    }

    /**
     * Whether a close means the server refused us or what we sent, or failed ({@code 4400/4401/4403/1009/1011}),
     * rather than a lost line.
     */
    static boolean isServerError(int code) {
        return CloseCodes.isFinal(code) || code == CloseCodes.INTERNAL_ERROR || code == CloseCodes.TOO_BIG;
    }

    /** The exit status of a command whose connection closed with {@code code} before it was done. */
    static int exitStatusForClose(int code) {
        return isServerError(code) ? ExitCodes.SERVER_ERROR : ExitCodes.CONNECTION;
    }

    private static String lowerFirst(String s) {
        if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && !Character.isUpperCase(s.charAt(1))) {
            return Character.toLowerCase(s.charAt(0)) + s.substring(1);
        }
        return s;
    }
}
