package dev.agentbuilder.chat.server.internal.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.agentbuilder.chat.common.Identifiers;
import dev.agentbuilder.chat.server.ServerOptions;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What every token must satisfy beyond its signature, and what it grants: the claims shared by the server's own
 * HS256 tokens and the identity provider's. Stateless.
 */
final class TokenRules {

    static final String THREADS_CLAIM = "threads";
    static final String ROLE_CLAIM = "role";
    static final String ROLES_CLAIM = "roles";
    static final String SERVICE_ROLE = "service";

    /**
     * The {@code typ} values accepted on an identity provider's tokens: none, {@code JWT}, and {@code at+jwt}, the
     * access-token type of RFC 9068 that some providers put on every access token.
     */
    private static final DefaultJOSEObjectTypeVerifier<SecurityContext> PROVIDER_TYPES =
            new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null);

    private TokenRules() {
    }

    /**
     * A processor that takes keys from {@code keys}, requires {@code requiredClaims} (with {@code exp} among them),
     * and checks {@code exp} and {@code nbf} with {@code clockSkew}. Thread-safe once built: it is only read.
     */
    static DefaultJWTProcessor<SecurityContext> processor(JWSKeySelector<SecurityContext> keys,
            Set<String> requiredClaims, Duration clockSkew, boolean providerTypes) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(keys);
        if (providerTypes) {
            processor.setJWSTypeVerifier(PROVIDER_TYPES);
        }
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(null, requiredClaims);
        claims.setMaxClockSkew((int) Math.min(Integer.MAX_VALUE, clockSkew.toSeconds()));
        processor.setJWTClaimsSetVerifier(claims);
        return processor;
    }

    /** Why the claims check refused a token whose signature was good. */
    static Verdict refusal(BadJWTException e) {
        return new Verdict.Refused(e.getMessage().contains("Expired")
                ? "The token has expired."
                : "The token was refused: " + e.getMessage() + ".");
    }

    /** An identity provider's verified token: its issuer and audience checked, then what it grants. */
    static Verdict fromProvider(JWTClaimsSet claims, ServerOptions.IdentityProvider provider) {
        if (provider.issuer() != null && !provider.issuer().equals(claims.getIssuer())) {
            return new Verdict.Refused("The token was not issued by this server's identity provider (iss).");
        }
        if (provider.audience() != null
                && (claims.getAudience() == null || !claims.getAudience().contains(provider.audience()))) {
            return new Verdict.Refused("The token is not meant for this server (aud).");
        }
        return grant(claims, provider.userClaim());
    }

    /** Who a verified token speaks for: the user in {@code userClaim}, its role, the threads it opens. */
    static Verdict grant(JWTClaimsSet claims, String userClaim) {
        if (!(claims.getClaim(userClaim) instanceof String userId)) {
            return new Verdict.Refused("The token has no " + userClaim + " claim naming the user.");
        }
        if (!Identifiers.isValid(userId)) {
            return new Verdict.Refused("The token's " + userClaim + " claim is not a valid userId (1 to "
                    + Identifiers.MAX_LENGTH + " characters of A-Z a-z 0-9 _ . : -).");
        }
        Optional<Set<String>> threads = Optional.empty();
        if (claims.getClaim(THREADS_CLAIM) != null) {
            List<String> listed;
            try {
                listed = claims.getStringListClaim(THREADS_CLAIM);
            } catch (ParseException e) {
                listed = null;
            }
            if (listed == null || listed.stream().anyMatch(Objects::isNull)) {
                return new Verdict.Refused("The token's threads claim is not a list of thread ids.");
            }
            threads = Optional.of(Set.copyOf(listed));
        }
        return new Verdict.Accepted(new Principal(userId, isService(claims), threads));
    }

    /** A service token says so in {@code role} ({@code "service"}) or in the array {@code roles}. */
    private static boolean isService(JWTClaimsSet claims) {
        if (SERVICE_ROLE.equals(claims.getClaim(ROLE_CLAIM))) {
            return true;
        }
        return claims.getClaim(ROLES_CLAIM) instanceof List<?> roles && roles.contains(SERVICE_ROLE);
    }
}
