package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.core.Identifiers;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where to connect and as whom: the server URL (its path and any extra query parameters are kept) plus the thread and
 * user ids, which {@link #uri} adds as the protocol's query parameters.
 */
record Endpoint(URI server, String threadId, String userId) {

    Endpoint {
        Objects.requireNonNull(server, "server");
        if (!"ws".equals(server.getScheme()) && !"wss".equals(server.getScheme())) {
            throw new IllegalArgumentException("the server URL must start with ws:// or wss://: " + server);
        }
        if (server.getRawAuthority() == null || server.getHost() == null) {
            throw new IllegalArgumentException("the server URL needs a host: " + server);
        }
        Identifiers.require("threadId", threadId);
        Identifiers.require("userId", userId);
    }

    /** The URL to connect to, resuming after {@code lastSeq}. */
    URI uri(long lastSeq) {
        if (lastSeq < 0) {
            throw new IllegalArgumentException("lastSeq must be >= 0: " + lastSeq);
        }
        String path = server.getRawPath() == null || server.getRawPath().isEmpty() ? "/" : server.getRawPath();
        StringBuilder query = new StringBuilder();
        if (server.getRawQuery() != null && !server.getRawQuery().isEmpty()) {
            query.append(server.getRawQuery()).append('&');
        }
        query.append("threadId=").append(encode(threadId))
                .append("&userId=").append(encode(userId))
                .append("&lastSeq=").append(lastSeq);
        return URI.create(server.getScheme() + "://" + server.getRawAuthority() + path + "?" + query);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
