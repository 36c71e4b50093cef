package dev.agentbuilder.chat.client.internal;

import dev.agentbuilder.chat.common.Identifiers;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where to connect and as whom: the server URL (its path and any extra query parameters are kept) plus the thread and
 * user ids, which {@link #uri} adds as the protocol's query parameters. Without a thread ({@link #user}), it is a user
 * connection, which joins no thread and works on the user's list of threads. The token of an attempt goes in the
 * handshake ({@link #headers}), never in the URL. {@link #toString()} shows no {@code token} parameter of the URL.
 *
 * @param threadId null for a user connection
 */
public record Endpoint(URI server, String threadId, String userId) {

    /** RFC 6750's b64token: what may follow {@code Bearer } in an Authorization header (a JWT always fits). */
    private static final Pattern BEARER_TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]+=*");

    public Endpoint {
        Objects.requireNonNull(server, "server");
        if (!"ws".equals(server.getScheme()) && !"wss".equals(server.getScheme())) {
            throw new IllegalArgumentException("the server URL must start with ws:// or wss://: " + Redact.url(server));
        }
        if (server.getRawAuthority() == null || server.getHost() == null) {
            throw new IllegalArgumentException("the server URL needs a host: " + Redact.url(server));
        }
        if (server.getRawFragment() != null) {
            throw new IllegalArgumentException("the server URL must not have a #fragment: " + Redact.url(server));
        }
        if (threadId != null) {
            Identifiers.require("threadId", threadId);
        }
        Identifiers.require("userId", userId);
    }

    /** A user connection's endpoint: no thread. */
    public static Endpoint user(URI server, String userId) {
        return new Endpoint(server, null, userId);
    }

    /** Whether {@code token} is a value an Authorization header can carry after {@code Bearer }. */
    public static boolean isBearerToken(String token) {
        return token != null && BEARER_TOKEN.matcher(token).matches();
    }

    /** The URL to join the thread at, resuming after {@code lastSeq}. */
    URI uri(long lastSeq) {
        if (threadId == null) {
            throw new IllegalStateException("a user connection has no thread to resume in");
        }
        if (lastSeq < 0) {
            throw new IllegalArgumentException("lastSeq must be >= 0: " + lastSeq);
        }
        return withQuery("threadId=" + encode(threadId) + "&userId=" + encode(userId) + "&lastSeq=" + lastSeq);
    }

    /** The URL of a user connection: the user alone, no thread. */
    URI userUri() {
        return withQuery("userId=" + encode(userId));
    }

    private URI withQuery(String parameters) {
        String path = server.getRawPath() == null || server.getRawPath().isEmpty() ? "/" : server.getRawPath();
        String query = server.getRawQuery() == null || server.getRawQuery().isEmpty() ? parameters
                : server.getRawQuery() + "&" + parameters;
        return URI.create(server.getScheme() + "://" + server.getRawAuthority() + path + "?" + query);
    }

    /** The extra headers of an opening handshake: {@code Authorization: Bearer <token>} when there is a token. */
    static Map<String, String> headers(String token) {
        return token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
    }

    @Override
    public String toString() {
        return "Endpoint[server=" + Redact.url(server) + (threadId == null ? "" : ", threadId=" + threadId)
                + ", userId=" + userId + "]";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
