package dev.agentbuilder.chat.server.internal.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An identity provider's JWKS endpoint on 127.0.0.1 and a free port (the JDK's HTTP server), whose answer a test
 * changes as it goes: a key set, an outage (503), garbage, or no answer until released. It counts the requests. Also
 * mints keys and tokens the way a provider does. Any thread may change the answer; requests are served on the HTTP
 * server's dispatcher thread.
 */
public final class FakeIdentityProvider implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private volatile Answer answer = new Answer(200, new JWKSet().toString());
    private volatile CountDownLatch hold = new CountDownLatch(0);

    private record Answer(int status, String body) {
    }

    private FakeIdentityProvider(HttpServer server) {
        this.server = server;
    }

    /** Serving an empty key set until told otherwise. */
    public static FakeIdentityProvider start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            FakeIdentityProvider provider = new FakeIdentityProvider(server);
            server.createContext("/jwks.json", provider::answer);
            server.start();
            return provider;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI jwksUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
    }

    /** Requests served (or being served) so far. */
    public int fetches() {
        return fetches.get();
    }

    /** Requests answered so far (the answer written, or the client gone). */
    public int answered() {
        return answered.get();
    }

    /** From now on, the public halves of {@code keys}. */
    public void publish(JWK... keys) {
        answer = new Answer(200, new JWKSet(List.of(keys)).toPublicJWKSet().toString());
    }

    /** From now on, 503 Service Unavailable. */
    public void down() {
        answer = new Answer(503, "unavailable");
    }

    /** From now on, 200 with {@code text}, which is no key set. */
    public void answerGarbage(String text) {
        answer = new Answer(200, text);
    }

    /** From now on, requests wait for {@link #release()} before they are answered. */
    public void hold() {
        hold = new CountDownLatch(1);
    }

    public void release() {
        hold.countDown();
    }

    private void answer(HttpExchange exchange) throws IOException {
        fetches.incrementAndGet();
        try {
            hold.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Answer now = answer;
        byte[] bytes = now.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(now.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException e) {
            // The client gave up waiting (its read timeout): nothing to tell it.
        } finally {
            answered.incrementAndGet();
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }

    public static RSAKey rsaKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ECKey ecKey(String keyId) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims for {@code subject}, issued now, expiring in {@code secondsToLive} (negative: in the past). */
    public static JWTClaimsSet.Builder claims(String subject, long secondsToLive) {
        return new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(secondsToLive)));
    }

    /** Signed with {@code key}: RS256 for an RSA key, ES256 for an EC key, its key id in the header. */
    public static String sign(JWK key, JWTClaimsSet claims) {
        try {
            boolean rsa = key instanceof RSAKey;
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(rsa ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256)
                    .keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(rsa ? new RSASSASigner((RSAKey) key) : new ECDSASigner((ECKey) key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link #sign} for {@code subject}, valid for a minute. */
    public static String token(JWK key, String subject) {
        return sign(key, claims(subject, 60).build());
    }
}
