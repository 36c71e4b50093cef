package dev.agentbuilder.chat.server;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How the WebSocket server listens and whom it lets in. Immutable; start from {@link #defaults()} and change what
 * you need.
 *
 * @param host                  the address to bind, for example {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port                  the port, 0 for any free one
 * @param maxFrameBytes         the largest inbound frame; a larger one closes the connection with 1009
 * @param backlog               the listen backlog, sized for bursts of connects
 * @param connectionLostTimeout a connection that answers no ping within this time is closed; zero disables it
 * @param shutdownDrain         on stop, how long running turns may take to finish before they are stopped
 * @param access                who may connect
 * @param limits                how much one client may ask of the server
 */
public record ServerOptions(
        String host,
        int port,
        int maxFrameBytes,
        int backlog,
        Duration connectionLostTimeout,
        Duration shutdownDrain,
        Access access,
        Limits limits) {

    public ServerOptions {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 to 65535: " + port);
        }
        if (maxFrameBytes < 1_024) {
            throw new IllegalArgumentException("maxFrameBytes must be >= 1024: " + maxFrameBytes);
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be >= 1: " + backlog);
        }
        requireNotNegative(connectionLostTimeout, "connectionLostTimeout");
        requireNotNegative(shutdownDrain, "shutdownDrain");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(limits, "limits");
    }

    /**
     * The {@link ServerDefaults}: port 3004 on every interface, 64 KiB frames, backlog 1024, 30 s connection-lost
     * timeout, 10 s drain, no authentication, browsers only from the reference web chat on port 3002, and the default
     * {@link Limits}.
     */
    public static ServerOptions defaults() {
        return new ServerOptions(ServerDefaults.HOST, ServerDefaults.PORT, ServerDefaults.MAX_FRAME_BYTES,
                ServerDefaults.BACKLOG, Duration.ofSeconds(ServerDefaults.CONNECTION_LOST_TIMEOUT_SECONDS),
                Duration.ofSeconds(ServerDefaults.SHUTDOWN_DRAIN_SECONDS), Access.defaults(), Limits.defaults());
    }

    public ServerOptions withHost(String newHost) {
        return new ServerOptions(newHost, port, maxFrameBytes, backlog, connectionLostTimeout, shutdownDrain, access,
                limits);
    }

    public ServerOptions withPort(int newPort) {
        return new ServerOptions(host, newPort, maxFrameBytes, backlog, connectionLostTimeout, shutdownDrain, access,
                limits);
    }

    public ServerOptions withMaxFrameBytes(int newMaxFrameBytes) {
        return new ServerOptions(host, port, newMaxFrameBytes, backlog, connectionLostTimeout, shutdownDrain, access,
                limits);
    }

    public ServerOptions withBacklog(int newBacklog) {
        return new ServerOptions(host, port, maxFrameBytes, newBacklog, connectionLostTimeout, shutdownDrain, access,
                limits);
    }

    public ServerOptions withConnectionLostTimeout(Duration timeout) {
        return new ServerOptions(host, port, maxFrameBytes, backlog, timeout, shutdownDrain, access, limits);
    }

    public ServerOptions withShutdownDrain(Duration drain) {
        return new ServerOptions(host, port, maxFrameBytes, backlog, connectionLostTimeout, drain, access, limits);
    }

    public ServerOptions withAccess(Access newAccess) {
        return new ServerOptions(host, port, maxFrameBytes, backlog, connectionLostTimeout, shutdownDrain, newAccess,
                limits);
    }

    public ServerOptions withLimits(Limits newLimits) {
        return new ServerOptions(host, port, maxFrameBytes, backlog, connectionLostTimeout, shutdownDrain, access,
                newLimits);
    }

    /**
     * Who may connect. With neither a secret nor an identity provider, anyone gets in under the userId they name.
     *
     * @param authSecret       the HS256 key that signs the server's own tokens (at least 32 bytes), or null. Never
     *                         printed: {@link #toString()} masks it.
     * @param allowedOrigins   the {@code Origin}s browsers may connect from, like {@code http://localhost:3002};
     *                         {@code *} allows any. Clients that send no Origin (not browsers) are always allowed.
     * @param clockSkew        how far a token's {@code exp} may lie in the past and still be accepted
     * @param identityProvider whose RS256 and ES256 tokens are accepted too, or null for none
     */
    public record Access(String authSecret, List<String> allowedOrigins, Duration clockSkew,
            IdentityProvider identityProvider) {

        /** HS256 needs a key of at least 256 bits. */
        public static final int MIN_SECRET_BYTES = 32;

        public Access {
            if (authSecret != null && authSecret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException(
                        "the auth secret must be at least " + MIN_SECRET_BYTES + " bytes long");
            }
            allowedOrigins = List.copyOf(allowedOrigins);
            requireNotNegative(clockSkew, "clockSkew");
        }

        /**
         * No authentication; browsers from {@code http://localhost:3002} and {@code http://127.0.0.1:3002}.
         */
        public static Access defaults() {
            return new Access(null, List.of(ServerDefaults.ALLOWED_ORIGINS.split(",")),
                    Duration.ofSeconds(ServerDefaults.CLOCK_SKEW_SECONDS), null);
        }

        /** Whether connections need a token: a secret or an identity provider is set. */
        public boolean authenticates() {
            return authSecret != null || identityProvider != null;
        }

        public Access withAuthSecret(String secret) {
            return new Access(secret, allowedOrigins, clockSkew, identityProvider);
        }

        public Access withAllowedOrigins(List<String> origins) {
            return new Access(authSecret, origins, clockSkew, identityProvider);
        }

        public Access withIdentityProvider(IdentityProvider provider) {
            return new Access(authSecret, allowedOrigins, clockSkew, provider);
        }

        @Override
        public String toString() {
            return "Access[authSecret=" + (authSecret == null ? "none" : "***") + ", allowedOrigins=" + allowedOrigins
                    + ", clockSkew=" + clockSkew + ", identityProvider=" + identityProvider + "]";
        }
    }

    /**
     * An identity provider (an OpenID Connect or OAuth 2 server) whose tokens are accepted beside the server's own:
     * RS256 or ES256 JWTs signed with a key of the JWK set it publishes. docs/security.md says how the keys are
     * cached and fetched again.
     *
     * @param jwksUrl   where it publishes its public keys (its {@code jwks_uri}): an http or https URL
     * @param issuer    the {@code iss} its tokens must carry; null checks none
     * @param audience  a value the tokens' {@code aud} must hold; null checks none
     * @param userClaim the claim that holds the userId, {@code sub} by default; it must be a string
     */
    public record IdentityProvider(URI jwksUrl, String issuer, String audience, String userClaim) {

        public IdentityProvider {
            Objects.requireNonNull(jwksUrl, "jwksUrl");
            String scheme = jwksUrl.getScheme() == null ? "" : jwksUrl.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || jwksUrl.getHost() == null) {
                throw new IllegalArgumentException("the JWKS URL must be an http or https URL: " + jwksUrl);
            }
            requireNotBlank(issuer, "issuer");
            requireNotBlank(audience, "audience");
            Objects.requireNonNull(userClaim, "userClaim");
            requireNotBlank(userClaim, "userClaim");
        }

        /** Its tokens checked against the keys at {@code jwksUrl}, with no issuer or audience check, userId in sub. */
        public static IdentityProvider of(URI jwksUrl) {
            return new IdentityProvider(jwksUrl, null, null, ServerDefaults.AUTH_USER_CLAIM);
        }

        public IdentityProvider withIssuer(String newIssuer) {
            return new IdentityProvider(jwksUrl, newIssuer, audience, userClaim);
        }

        public IdentityProvider withAudience(String newAudience) {
            return new IdentityProvider(jwksUrl, issuer, newAudience, userClaim);
        }

        public IdentityProvider withUserClaim(String newUserClaim) {
            return new IdentityProvider(jwksUrl, issuer, audience, newUserClaim);
        }

        private static void requireNotBlank(String value, String name) {
            if (value != null && value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank: '" + value + "'");
            }
        }
    }

    /**
     * How much one client may ask of the server. Past each limit the server answers as docs/protocol.md says.
     *
     * @param maxConnections        open connections in total; more are closed with 4429
     * @param maxConnectionsPerUser open connections of one userId; more are closed with 4429
     * @param messagesPerSecond     sustained {@code user_message} rate per connection; faster ones get
     *                              {@code rate_limited} and are not stored
     * @param messageBurst          how many messages a connection may send at once before the rate applies
     * @param framesPerSecond       sustained rate of all inbound frames (pings included) per connection, with a
     *                              burst of twice that; a connection over it is closed with 4429
     * @param maxPendingBytes       outbound bytes that may wait for a client that does not read; past this the
     *                              connection is closed (1008) and its queue dropped
     */
    public record Limits(
            int maxConnections,
            int maxConnectionsPerUser,
            double messagesPerSecond,
            int messageBurst,
            double framesPerSecond,
            long maxPendingBytes) {

        public Limits {
            requirePositive(maxConnections, "maxConnections");
            requirePositive(maxConnectionsPerUser, "maxConnectionsPerUser");
            requirePositive(messagesPerSecond, "messagesPerSecond");
            requirePositive(messageBurst, "messageBurst");
            requirePositive(framesPerSecond, "framesPerSecond");
            if (maxPendingBytes < 64 * 1024) {
                throw new IllegalArgumentException("maxPendingBytes must be >= 65536: " + maxPendingBytes);
            }
        }

        /**
         * 10,000 connections, 20 per user, 5 messages per second with bursts of 20, 50 frames per second, 8 MiB of
         * pending outbound bytes per connection (room for replaying a long thread to a slow client).
         */
        public static Limits defaults() {
            return new Limits(ServerDefaults.MAX_CONNECTIONS, ServerDefaults.MAX_CONNECTIONS_PER_USER,
                    ServerDefaults.MESSAGES_PER_SECOND, ServerDefaults.MESSAGE_BURST, ServerDefaults.FRAMES_PER_SECOND,
                    ServerDefaults.MAX_PENDING_BYTES);
        }

        public Limits withMaxConnections(int max) {
            return new Limits(max, maxConnectionsPerUser, messagesPerSecond, messageBurst, framesPerSecond,
                    maxPendingBytes);
        }

        public Limits withMaxConnectionsPerUser(int max) {
            return new Limits(maxConnections, max, messagesPerSecond, messageBurst, framesPerSecond, maxPendingBytes);
        }

        public Limits withMessageRate(double perSecond, int burst) {
            return new Limits(maxConnections, maxConnectionsPerUser, perSecond, burst, framesPerSecond,
                    maxPendingBytes);
        }

        public Limits withFramesPerSecond(double perSecond) {
            return new Limits(maxConnections, maxConnectionsPerUser, messagesPerSecond, messageBurst, perSecond,
                    maxPendingBytes);
        }

        public Limits withMaxPendingBytes(long max) {
            return new Limits(maxConnections, maxConnectionsPerUser, messagesPerSecond, messageBurst, framesPerSecond,
                    max);
        }

        private static void requirePositive(double value, String name) {
            if (!(value > 0)) {
                throw new IllegalArgumentException(name + " must be > 0: " + value);
            }
        }
    }

    private static void requireNotNegative(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " must be >= 0: " + duration);
        }
    }
}
