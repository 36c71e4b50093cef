package dev.agentbuilder.chat.cli.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Development tokens as protocol v1 servers check them: HS256 JWTs signed with the server's secret, with
 * {@code sub} (the userId), {@code iat}, {@code exp}, optionally {@code threads} (the thread ids they open) and, for a
 * service token, {@code role: "service"}. Nimbus does the JOSE work. Stateless; the secret is never part of a
 * message.
 */
final class DevTokens {

    /** HS256 needs a key of at least 256 bits. */
    static final int MIN_SECRET_BYTES = 32;
    static final String THREADS_CLAIM = "threads";
    static final String ROLE_CLAIM = "role";
    static final String SERVICE_ROLE = "service";

    private DevTokens() {
    }

    /**
     * The key bytes of {@code secret} (UTF-8, as the server reads it).
     *
     * @throws ParameterException for {@code command} when the secret is shorter than {@value #MIN_SECRET_BYTES} bytes;
     *                            the message names the rule, never the secret
     */
    static byte[] key(CommandSpec command, String secret) {
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < MIN_SECRET_BYTES) {
            throw new ParameterException(command.commandLine(), "Invalid value for option '--auth-secret': must be at"
                    + " least " + MIN_SECRET_BYTES + " bytes in UTF-8 (HS256 needs a 256-bit key)");
        }
        return key;
    }

    /** {@link #mint(byte[], String, List, boolean, Instant, Duration)} of a user's token. */
    static String mint(byte[] key, String userId, List<String> threadIds, Instant now, Duration ttl) {
        return mint(key, userId, threadIds, false, now, ttl);
    }

    /**
     * A signed, compact-serialized token for {@code userId}, issued at {@code now} (whole seconds, as JWT times are)
     * and valid for {@code ttl}; limited to {@code threadIds} unless that is empty; a service token, which may act
     * for any user, when {@code service}.
     */
    static String mint(byte[] key, String userId, List<String> threadIds, boolean service, Instant now,
            Duration ttl) {
        Instant issued = now.truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(userId)
                .issueTime(Date.from(issued))
                .expirationTime(Date.from(issued.plus(ttl)));
        if (!threadIds.isEmpty()) {
            claims.claim(THREADS_CLAIM, List.copyOf(threadIds));
        }
        if (service) {
            claims.claim(ROLE_CLAIM, SERVICE_ROLE);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                claims.build());
        try {
            jwt.sign(new MACSigner(key));
        } catch (JOSEException e) {
            // The key length was checked by key(); nothing else can make HS256 signing fail.
            throw new IllegalStateException("could not sign the token: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }
}
