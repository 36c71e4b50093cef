package dev.agentbuilder.chat.server.internal.transport;

import dev.agentbuilder.chat.common.Identifiers;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The connection parameters of protocol v1, read from the request line:
 * {@code ?threadId=T&userId=U[&lastSeq=N][&token=JWT]} on any path; without {@code threadId} (and {@code lastSeq}), a
 * user connection, which works on its user's list of threads only.
 *
 * <p>Immutable.
 *
 * @param threadId the thread to join; null for a user connection
 * @param token    the {@code token} parameter, null when absent
 */
record HandshakeParams(String threadId, String userId, long lastSeq, String token) {

    /** The parameters, or why they are not valid; a request line never makes this throw. */
    /** Whether this is a user connection: no thread, only the user's list of threads. */
    boolean userOnly() {
        return threadId == null;
    }

    sealed interface Parsed {
    }

    record Valid(HandshakeParams params) implements Parsed {
    }

    record Invalid(String reason) implements Parsed {
    }

    static Parsed parse(String resourceDescriptor) {
        Map<String, String> query;
        try {
            query = query(resourceDescriptor == null ? "" : resourceDescriptor);
        } catch (IllegalArgumentException e) {
            return new Invalid(e.getMessage());
        }
        String threadId = query.get("threadId");
        String userId = query.get("userId");
        if (threadId != null && !Identifiers.isValid(threadId)) {
            return new Invalid("threadId must be 1 to 128 characters of A-Z a-z 0-9 _ . : -");
        }
        if (!Identifiers.isValid(userId)) {
            return new Invalid(userId == null
                    ? "the userId parameter is required"
                    : "userId must be 1 to 128 characters of A-Z a-z 0-9 _ . : -");
        }
        String lastSeqText = query.get("lastSeq");
        long lastSeq = 0;
        if (lastSeqText != null && threadId == null) {
            return new Invalid("lastSeq needs a threadId: a connection without one joins no thread");
        }
        if (lastSeqText != null) {
            if (!lastSeqText.matches("[0-9]{1,18}")) {
                return new Invalid("lastSeq must be an integer >= 0");
            }
            lastSeq = Long.parseLong(lastSeqText);
        }
        return new Valid(new HandshakeParams(threadId, userId, lastSeq, query.get("token")));
    }

    private static Map<String, String> query(String resourceDescriptor) {
        int mark = resourceDescriptor.indexOf('?');
        Map<String, String> params = new HashMap<>();
        if (mark < 0) {
            return params;
        }
        int fragment = resourceDescriptor.indexOf('#', mark);
        String query = resourceDescriptor.substring(mark + 1, fragment < 0 ? resourceDescriptor.length() : fragment);
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (params.putIfAbsent(name, value) != null && isProtocolParameter(name)) {
                throw new IllegalArgumentException("the " + name + " parameter is given more than once");
            }
        }
        return params;
    }

    private static boolean isProtocolParameter(String name) {
        return name.equals("threadId") || name.equals("userId") || name.equals("lastSeq") || name.equals("token");
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the query string is not valid URL encoding");
        }
    }
}
