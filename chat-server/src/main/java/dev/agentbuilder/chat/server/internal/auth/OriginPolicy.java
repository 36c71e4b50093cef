package dev.agentbuilder.chat.server.internal.auth;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser origins may open connections. Browsers always send {@code Origin} on a WebSocket handshake, and a
 * page of another site would send the user's cookies along, so only listed origins get in; clients that send no
 * Origin are not browsers and are allowed. Immutable.
 */
public final class OriginPolicy {

    private static final String ANY = "*";

    private final boolean any;
    private final Set<String> allowed;

    public OriginPolicy(List<String> allowedOrigins) {
        this.any = allowedOrigins.contains(ANY);
        this.allowed = allowedOrigins.stream().map(OriginPolicy::normalize).collect(Collectors.toUnmodifiableSet());
    }

    public boolean allows(String origin) {
        return origin == null || any || allowed.contains(normalize(origin));
    }

    /** Scheme and host are case-insensitive; a trailing slash is not part of an origin. */
    private static String normalize(String origin) {
        String trimmed = origin.trim().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
