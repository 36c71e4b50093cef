package dev.agentbuilder.chat.server.internal.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Checks the tokens of protocol v1: HS256 JWTs signed with the server's secret, whose {@code sub} is the connecting
 * userId, with an {@code exp}, and optionally a {@code threads} array that limits which threads they open. Nimbus
 * does the JOSE work: it refuses every algorithm but HS256 ({@code none} included), checks the signature, and checks
 * {@code exp} and {@code nbf} with the allowed clock skew.
 *
 * <p>Thread-safe: the processor is configured once and only read afterwards.
 */
public final class TokenVerifier {

    private static final String THREADS_CLAIM = "threads";

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public TokenVerifier(String secret, Duration clockSkew) {
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256,
                new ImmutableSecret<>(secret.getBytes(StandardCharsets.UTF_8))));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(null, Set.of("sub", "exp"));
        claims.setMaxClockSkew((int) Math.min(Integer.MAX_VALUE, clockSkew.toSeconds()));
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** Null when {@code token} opens {@code threadId} for {@code userId}; otherwise why not, in words for people. */
    public String refusal(String token, String userId, String threadId) {
        if (token == null || token.isBlank()) {
            return "A token is required: send it as the token query parameter or as an Authorization: Bearer header.";
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            return "The token is not a valid JWT.";
        } catch (BadJWTException e) {
            return e.getMessage().contains("Expired") ? "The token has expired." : "The token was refused: "
                    + e.getMessage() + ".";
        } catch (BadJOSEException e) {
            return e.getMessage().contains("signature")
                    ? "The token's signature is not valid."
                    : "The token was refused: it must be an HS256 JWT signed with the server's secret.";
        } catch (JOSEException e) {
            return "The token could not be verified.";
        }
        if (!userId.equals(claims.getSubject())) {
            return "The token was issued for another user.";
        }
        if (claims.getClaim(THREADS_CLAIM) != null) {
            List<String> threads;
            try {
                threads = claims.getStringListClaim(THREADS_CLAIM);
            } catch (ParseException e) {
                return "The token's threads claim is not a list of thread ids.";
            }
            if (!threads.contains(threadId)) {
                return "The token does not open thread " + threadId + ".";
            }
        }
        return null;
    }
}
