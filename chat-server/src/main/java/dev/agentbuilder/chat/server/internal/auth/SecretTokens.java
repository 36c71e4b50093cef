package dev.agentbuilder.chat.server.internal.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

/**
 * The server's own tokens: HS256 JWTs signed with its secret, whose {@code sub} is the userId, with an {@code exp},
 * and optionally a {@code threads} array and a service role. Nimbus does the JOSE work: it refuses every algorithm
 * but HS256, checks the signature, and checks {@code exp} and {@code nbf} with the allowed clock skew.
 *
 * <p>Thread-safe: the processor is configured once and only read afterwards. Verifying never waits.
 */
final class SecretTokens {

    private final DefaultJWTProcessor<SecurityContext> processor;
    private final String wrongKind;

    /** {@code wrongKind}: the refusal of a token this secret cannot have signed, naming what is accepted. */
    SecretTokens(String secret, Duration clockSkew, String wrongKind) {
        this.processor = TokenRules.processor(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256,
                new ImmutableSecret<>(secret.getBytes(StandardCharsets.UTF_8))), Set.of("sub", "exp"), clockSkew,
                false);
        this.wrongKind = wrongKind;
    }

    Verdict verify(SignedJWT jwt) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(jwt, null);
        } catch (BadJWTException e) {
            return TokenRules.refusal(e);
        } catch (BadJOSEException e) {
            return new Verdict.Refused(e.getMessage().contains("signature")
                    ? "The token's signature is not valid."
                    : wrongKind);
        } catch (JOSEException e) {
            return new Verdict.Refused("The token could not be verified.");
        }
        return TokenRules.grant(claims, "sub");
    }
}
