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
 * Checks the tokens of connections and requests: the server's own HS256 tokens, signed with {@code --auth-secret}.
 * docs/security.md says which claims are checked and what a service token may do.
 *
 * <p>Thread-safe. {@link #verify} never waits; its verdicts complete at once.
 */
public final class Authenticator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);
    /** The refusal of a token of another kind, naming the kind accepted. */
    private static final String WRONG_KIND =
            "The token was refused: it must be an HS256 JWT signed with the server's secret.";
    static final String TOKEN_REQUIRED =
            "A token is required: send it as the token query parameter or as an Authorization: Bearer header.";

    private final SecretTokens secret;
    private final String wrongKind;

    private Authenticator(ServerOptions.Access access) {
        this.wrongKind = WRONG_KIND;
        this.secret = new SecretTokens(access.authSecret(), access.clockSkew(), wrongKind);
    }

    /** The authenticator {@code access} asks for; null when authentication is off (no secret). */
    public static Authenticator create(ServerOptions.Access access) {
        return access.authSecret() != null ? new Authenticator(access) : null;
    }

    /**
     * The verdict on {@code token} (null or blank: refused). Never blocks: completes at once when the token can be
     * checked with keys at hand, as every HS256 token can. Never completes exceptionally.
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
        if (JWSAlgorithm.HS256.equals(algorithm)) {
            return CompletableFuture.completedFuture(secret.verify(signed));
        }
        return refused(wrongKind);
    }

    private static CompletableFuture<Verdict> refused(String reason) {
        return CompletableFuture.completedFuture(new Verdict.Refused(reason));
    }

    /** Releases what it holds: nothing yet, as HS256 needs no thread. Idempotent. */
    @Override
    public void close() {
    }
}
