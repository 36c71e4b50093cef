package dev.agentbuilder.chat.server.internal.api;

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
import dev.agentbuilder.chat.common.Identifiers;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The API's callers by the WebSocket's tokens: HS256 JWTs signed with the server's secret, with {@code sub} (the user)
 * and {@code exp}; {@code "role": "service"} acts for any user; a {@code threads} array limits the threads the token
 * opens. Nimbus refuses every other algorithm ({@code none} included) and checks {@code exp} and {@code nbf} with the
 * allowed clock skew. A stand-in until {@code internal.auth.Authenticator} lands: then {@link Callers#of} adapts that
 * instead, and this class goes.
 *
 * <p>Thread-safe: the processor is configured once and only read afterwards. Verifying is computing only, so the
 * verdict is complete when returned.
 */
final class HmacCallers implements Callers {

    static final String ROLE_CLAIM = "role";
    static final String SERVICE_ROLE = "service";
    static final String THREADS_CLAIM = "threads";

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    HmacCallers(String secret, Duration clockSkew) {
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256,
                new ImmutableSecret<>(secret.getBytes(StandardCharsets.UTF_8))));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(null, Set.of("sub", "exp"));
        claims.setMaxClockSkew((int) Math.min(Integer.MAX_VALUE, clockSkew.toSeconds()));
        processor.setJWTClaimsSetVerifier(claims);
    }

    @Override
    public CompletableFuture<Verdict> verify(String token) {
        return CompletableFuture.completedFuture(check(token));
    }

    private Verdict check(String token) {
        if (token == null || token.isBlank()) {
            return new Verdict.Refused("A token is required: send it as an Authorization: Bearer header.");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            return new Verdict.Refused("The token is not a valid JWT.");
        } catch (BadJWTException e) {
            return new Verdict.Refused(e.getMessage().contains("Expired") ? "The token has expired."
                    : "The token was refused: " + e.getMessage() + ".");
        } catch (BadJOSEException e) {
            return new Verdict.Refused(e.getMessage().contains("signature") ? "The token's signature is not valid."
                    : "The token was refused: it must be an HS256 JWT signed with the server's secret.");
        } catch (JOSEException e) {
            return new Verdict.Refused("The token could not be verified.");
        }
        if (!Identifiers.isValid(claims.getSubject())) {
            return new Verdict.Refused("The token's sub is not a valid userId.");
        }
        Optional<Set<String>> threads = Optional.empty();
        if (claims.getClaim(THREADS_CLAIM) != null) {
            List<String> ids;
            try {
                ids = claims.getStringListClaim(THREADS_CLAIM);
            } catch (ParseException e) {
                ids = null;
            }
            if (ids == null || ids.stream().anyMatch(Objects::isNull)) {
                return new Verdict.Refused("The token's threads claim is not a list of thread ids.");
            }
            threads = Optional.of(Set.copyOf(ids));
        }
        boolean service = SERVICE_ROLE.equals(claims.getClaim(ROLE_CLAIM));
        return new Verdict.Accepted(new Caller(claims.getSubject(), service, threads));
    }
}
