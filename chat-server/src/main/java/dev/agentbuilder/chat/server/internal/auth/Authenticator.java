package dev.agentbuilder.chat.server.internal.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import dev.agentbuilder.chat.server.ServerOptions;
import java.text.ParseException;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the tokens of connections and requests, whichever signed them: the server's own HS256 tokens (signed with
 * {@code --auth-secret}) and an identity provider's RS256 and ES256 tokens (signed with a key of its JWK set). A
 * token's {@code alg} picks which; a token of a kind the server is not set up for is refused. docs/security.md says
 * which claims are checked and what a service token may do.
 *
 * <p>Thread-safe. {@link #verify} never waits: the identity provider's keys are fetched on the authenticator's own
 * daemon thread, {@code chat-auth}, which completes the verdicts that needed them (their callbacks run there, and must
 * not wait either).
 */
public final class Authenticator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);
    static final String TOKEN_REQUIRED =
            "A token is required: send it as the token query parameter or as an Authorization: Bearer header.";

    private final SecretTokens secret;
    private final ProviderTokens provider;
    private final String wrongKind;

    private Authenticator(ServerOptions.Access access) {
        this.wrongKind = wrongKind(access);
        this.secret = access.authSecret() == null
                ? null
                : new SecretTokens(access.authSecret(), access.clockSkew(), wrongKind);
        this.provider = access.identityProvider() == null
                ? null
                : new ProviderTokens(access.identityProvider(), access.clockSkew());
    }

    /**
     * The authenticator {@code access} asks for; null when authentication is off (no secret and no identity
     * provider). With an identity provider, this starts fetching its keys on {@code chat-auth} and returns at once:
     * a provider that is down does not stop the server from starting (it is logged, and its tokens are refused until
     * its keys can be fetched).
     */
    public static Authenticator create(ServerOptions.Access access) {
        return access.authenticates() ? new Authenticator(access) : null;
    }

    /**
     * The verdict on {@code token} (null or blank: refused). Never blocks: completes at once when the token can be
     * checked with keys at hand (always for HS256); otherwise after a fetch of the identity provider's keys, on
     * {@code chat-auth}. Never completes exceptionally; after {@link #close}, tokens that need a fetch are refused.
     */
    public CompletableFuture<Verdict> verify(String token) {
        try {
            return decide(token);
        } catch (RuntimeException e) {
            log.error("failed to check a token", e);
            return refused("The token could not be verified.");
        }
    }

    private CompletableFuture<Verdict> decide(String token) {
        if (token == null || token.isBlank()) {
            return refused(TOKEN_REQUIRED);
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            return refused("The token is not a valid JWT.");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            // Unsigned (alg none) or encrypted.
            return refused(wrongKind);
        }
        JWSAlgorithm algorithm = signed.getHeader().getAlgorithm();
        if (secret != null && JWSAlgorithm.HS256.equals(algorithm)) {
            return CompletableFuture.completedFuture(secret.verify(signed));
        }
        if (provider != null && ProviderTokens.ALGORITHMS.contains(algorithm)) {
            return provider.verify(signed);
        }
        return refused(wrongKind);
    }

    /** The refusal of a token of a kind the server is not set up for, naming the kinds it accepts. */
    private static String wrongKind(ServerOptions.Access access) {
        String own = "an HS256 JWT signed with the server's secret";
        String provider = "an RS256 or ES256 JWT signed by the identity provider";
        String accepted = access.authSecret() == null ? provider
                : access.identityProvider() == null ? own
                : own + ", or " + provider;
        return "The token was refused: it must be " + accepted + ".";
    }

    private static CompletableFuture<Verdict> refused(String reason) {
        return CompletableFuture.completedFuture(new Verdict.Refused(reason));
    }

    /** Stops {@code chat-auth}; tokens still waiting for it are refused. Idempotent. */
    @Override
    public void close() {
        if (provider != null) {
            provider.close();
        }
    }
}
