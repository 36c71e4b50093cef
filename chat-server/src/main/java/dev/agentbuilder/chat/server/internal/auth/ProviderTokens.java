package dev.agentbuilder.chat.server.internal.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.agentbuilder.chat.server.ServerOptions;
import java.io.Closeable;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An identity provider's tokens: RS256 and ES256 JWTs signed with a key of the JWK set at its JWKS URL. Nimbus's
 * key source fetches that set, caches it for {@link #CACHE_LIFETIME}, fetches it again when a token names a key it
 * does not hold (a rotation), and limits fetches to two per {@link #MIN_REFETCH_INTERVAL}, so that a flood of tokens
 * with made-up key ids cannot make the server hammer the provider. A fetch gives up after {@link #HTTP_TIMEOUT}.
 *
 * <p>Threads: {@link #verify} runs on the caller's thread and never waits. A token whose key is in the set fetched
 * last, while that set is within its lifetime, is verified there and then. Any other goes to the single daemon
 * thread {@code chat-auth}, which alone uses the Nimbus key source (it may fetch, and so wait) and {@link #failing}.
 * {@link #keys} is written on {@code chat-auth} and read by every caller.
 */
final class ProviderTokens implements Closeable {

    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    /** After a fetch, at most one more within this time: the spare is for a rotation right after a routine fetch. */
    static final Duration MIN_REFETCH_INTERVAL = Duration.ofSeconds(10);
    /** How long a fetched set is used before it is fetched again: how soon a withdrawn key stops working. */
    static final Duration CACHE_LIFETIME = Duration.ofMinutes(5);
    /** To connect, and then to read the answer: a provider that hangs holds up only the tokens waiting for keys. */
    static final Duration HTTP_TIMEOUT = Duration.ofSeconds(2);
    private static final int MAX_JWKS_BYTES = 256 * 1024;
    /** Tokens waiting for chat-auth beyond this are refused at once rather than queued without bound. */
    private static final int MAX_WAITING = 10_000;

    static final String KEYS_UNAVAILABLE =
            "The identity provider's keys could not be fetched, so the token could not be checked; try again later.";
    static final String KEY_NOT_PUBLISHED = "The token was signed with a key the identity provider does not publish.";
    private static final String SIGNATURE = "The token's signature is not valid.";
    private static final String BUSY = "The server is busy checking tokens; try again later.";
    private static final String CLOSED = "The server is shutting down.";
    private static final String FAILED = "The token could not be verified.";

    private static final Logger log = LoggerFactory.getLogger(ProviderTokens.class);

    private final ServerOptions.IdentityProvider provider;
    private final Duration clockSkew;
    private final JWKSource<SecurityContext> source;
    private final DefaultJWTProcessor<SecurityContext> remote;
    private final ThreadPoolExecutor thread;
    /** The set fetched last, with its processor; null before the first fetch succeeded. */
    private volatile Keys keys;
    /** Whether the last fetch failed, so that an outage is logged once. Confined to chat-auth. */
    private boolean failing;

    /** The set fetched last, until {@code expiresAtMillis} (the time Nimbus's cache drops it too). */
    private record Keys(JWKSet set, long expiresAtMillis, DefaultJWTProcessor<SecurityContext> processor) {

        boolean fresh() {
            return System.currentTimeMillis() < expiresAtMillis;
        }

        boolean holdsKeyFor(JWSHeader header) {
            JWKMatcher matcher = JWKMatcher.forJWSHeader(header);
            return matcher != null && !new JWKSelector(matcher).select(set).isEmpty();
        }
    }

    /** Starts chat-auth, which fetches the keys at once: the first tokens then need no fetch. */
    ProviderTokens(ServerOptions.IdentityProvider provider, Duration clockSkew) {
        this.provider = provider;
        this.clockSkew = clockSkew;
        URL url;
        try {
            url = provider.jwksUrl().toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the JWKS URL is not a URL: " + provider.jwksUrl(), e);
        }
        int timeout = (int) HTTP_TIMEOUT.toMillis();
        this.source = JWKSourceBuilder.create(new Fetches(new URLBasedJWKSetSource<>(url,
                        new DefaultResourceRetriever(timeout, timeout, MAX_JWKS_BYTES))))
                .cache(CACHE_LIFETIME.toMillis(), 3L * timeout)
                .refreshAheadCache(false)
                .rateLimited(MIN_REFETCH_INTERVAL.toMillis())
                .retrying(false)
                .build();
        this.remote = processor(source);
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(MAX_WAITING),
                r -> {
                    Thread t = new Thread(r, "chat-auth");
                    t.setDaemon(true);
                    return t;
                });
        thread.execute(this::warmUp);
    }

    /** The verdict on {@code jwt}, signed with one of {@link #ALGORITHMS}. Never waits; never fails. */
    CompletableFuture<Verdict> verify(SignedJWT jwt) {
        Keys atHand = keys;
        if (atHand != null && atHand.fresh() && atHand.holdsKeyFor(jwt.getHeader())) {
            return CompletableFuture.completedFuture(check(jwt, atHand.processor()));
        }
        CompletableFuture<Verdict> verdict = new CompletableFuture<>();
        try {
            thread.execute(new Check(verdict, () -> check(jwt, remote)));
        } catch (RejectedExecutionException e) {
            verdict.complete(new Verdict.Refused(thread.isShutdown() ? CLOSED : BUSY));
        }
        return verdict;
    }

    private Verdict check(SignedJWT jwt, DefaultJWTProcessor<SecurityContext> processor) {
        try {
            return TokenRules.fromProvider(processor.process(jwt, null), provider);
        } catch (BadJWTException e) {
            return TokenRules.refusal(e);
        } catch (BadJOSEException e) {
            if (e.getMessage().contains("typ")) {
                return new Verdict.Refused(
                        "The token's type (its typ header) is not accepted: it must be JWT or at+jwt.");
            }
            // Nimbus says "no matching key(s)" or "Invalid signature"; the keys at hand tell the two apart.
            Keys atHand = keys;
            return new Verdict.Refused(atHand != null && atHand.holdsKeyFor(jwt.getHeader())
                    ? SIGNATURE
                    : KEY_NOT_PUBLISHED);
        } catch (KeySourceException e) {
            // Only on chat-auth, where failing lives. Rate limited while the provider answers: its keys were
            // fetched moments ago, and the token's is not among them.
            Keys atHand = keys;
            return new Verdict.Refused(atHand != null && atHand.fresh() && !failing
                    ? KEY_NOT_PUBLISHED
                    : KEYS_UNAVAILABLE);
        } catch (JOSEException e) {
            return new Verdict.Refused(FAILED);
        }
    }

    private DefaultJWTProcessor<SecurityContext> processor(JWKSource<SecurityContext> keySource) {
        return TokenRules.processor(new JWSVerificationKeySelector<>(ALGORITHMS, keySource), Set.of("exp"),
                clockSkew, true);
    }

    private void warmUp() {
        try {
            source.get(new JWKSelector(new JWKMatcher.Builder().build()), null);
        } catch (KeySourceException e) {
            // Logged by Fetches; the first token that needs the keys tries again.
        }
    }

    /** Refuses the tokens still waiting for chat-auth, and stops it. */
    @Override
    public void close() {
        for (Runnable waiting : thread.shutdownNow()) {
            if (waiting instanceof Check check) {
                check.verdict.complete(new Verdict.Refused(CLOSED));
            }
        }
        try {
            if (source instanceof Closeable closeable) {
                closeable.close();
            }
        } catch (IOException e) {
            log.debug("closing the JWKS source failed", e);
        }
    }

    /** One token's check on chat-auth; its verdict completes there, or at {@link #close}. */
    private static final class Check implements Runnable {
        final CompletableFuture<Verdict> verdict;
        private final Supplier<Verdict> work;

        Check(CompletableFuture<Verdict> verdict, Supplier<Verdict> work) {
            this.verdict = verdict;
            this.work = work;
        }

        @Override
        public void run() {
            Verdict result;
            try {
                result = work.get();
            } catch (RuntimeException e) {
                log.error("failed to check a token", e);
                result = new Verdict.Refused(FAILED);
            }
            verdict.complete(result);
        }
    }

    /**
     * Every fetch of the JWKS URL passes here, on chat-auth (below Nimbus's cache and rate limit, so only real
     * fetches do): a fetched set becomes the keys at hand, and an outage is logged when it starts and when it ends.
     */
    private final class Fetches implements JWKSetSource<SecurityContext> {
        private final URLBasedJWKSetSource<SecurityContext> url;

        Fetches(URLBasedJWKSetSource<SecurityContext> url) {
            this.url = url;
        }

        @Override
        public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refresh, long currentTime, SecurityContext context)
                throws KeySourceException {
            JWKSet set;
            try {
                set = url.getJWKSet(refresh, currentTime, context);
            } catch (KeySourceException e) {
                if (!failing) {
                    log.warn("could not fetch the identity provider's keys from {}: {}; its tokens are refused "
                            + "until they can be fetched", provider.jwksUrl(), e.getMessage());
                }
                failing = true;
                throw e;
            }
            if (failing) {
                log.info("fetched the identity provider's keys from {} again", provider.jwksUrl());
            }
            failing = false;
            // Nimbus's cache keeps the set from currentTime on, as long as the keys at hand.
            keys = new Keys(set, currentTime + CACHE_LIFETIME.toMillis(), processor(new ImmutableJWKSet<>(set)));
            log.debug("fetched {} keys from {}", set.size(), provider.jwksUrl());
            return set;
        }

        @Override
        public void close() throws IOException {
            url.close();
        }
    }
}
