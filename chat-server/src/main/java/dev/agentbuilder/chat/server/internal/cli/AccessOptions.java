package dev.agentbuilder.chat.server.internal.cli;

import dev.agentbuilder.chat.server.ServerDefaults;
import dev.agentbuilder.chat.server.ServerOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * chat-server's options for who may connect: the key that signs the server's own tokens, the identity provider
 * whose tokens are accepted too, and the browser origins let in.
 *
 * <p>Filled by picocli on the main thread before the command runs, and only read afterwards, on that thread.
 */
public final class AccessOptions {

    // The identity provider's options share the secret's order: listed after it, in this order, before the origins.
    @Option(names = "--auth-secret", order = 22, defaultValue = "${env:CHAT_AUTH_SECRET}", paramLabel = "SECRET",
            showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "HS256 key (at least 32 bytes) that signs connection tokens; every connection then needs a "
                    + "token. Prefer the env CHAT_AUTH_SECRET: flags show in the process list.")
    String authSecret;

    @Option(names = "--auth-jwks-url", order = 22, defaultValue = "${env:CHAT_AUTH_JWKS_URL}", paramLabel = "URL",
            description = "An identity provider's JWK set (its jwks_uri, http or https): RS256 and ES256 tokens "
                    + "signed with its keys are accepted, beside HS256 ones when --auth-secret is set too; every "
                    + "connection then needs a token (env CHAT_AUTH_JWKS_URL).")
    String jwksUrl;

    @Option(names = "--auth-issuer", order = 22, defaultValue = "${env:CHAT_AUTH_ISSUER}", paramLabel = "ISSUER",
            description = "With --auth-jwks-url: the iss the provider's tokens must carry; unset, none is checked "
                    + "(env CHAT_AUTH_ISSUER).")
    String issuer;

    @Option(names = "--auth-audience", order = 22, defaultValue = "${env:CHAT_AUTH_AUDIENCE}", paramLabel = "AUD",
            description = "With --auth-jwks-url: a value the provider's tokens' aud must hold; unset, none is "
                    + "checked (env CHAT_AUTH_AUDIENCE).")
    String audience;

    @Option(names = "--auth-user-claim", order = 22, paramLabel = "CLAIM",
            defaultValue = "${env:CHAT_AUTH_USER_CLAIM:-" + ServerDefaults.AUTH_USER_CLAIM + "}",
            description = "With --auth-jwks-url: the claim of the provider's tokens that holds the userId "
                    + "(env CHAT_AUTH_USER_CLAIM).")
    String userClaim;

    @Option(names = "--allowed-origins", order = 23, split = ",", paramLabel = "ORIGIN",
            defaultValue = "${env:CHAT_ALLOWED_ORIGINS:-" + ServerDefaults.ALLOWED_ORIGINS + "}",
            description = "Browser origins that may connect, comma-separated; * allows any. Clients that send no "
                    + "Origin are always allowed (env CHAT_ALLOWED_ORIGINS).")
    List<String> allowedOrigins;

    /**
     * Who may connect; an empty secret or JWKS URL is none.
     *
     * @throws IllegalArgumentException for a secret too short to sign with, a JWKS URL that is not http(s), or
     *                                  identity provider settings without a JWKS URL
     */
    public ServerOptions.Access access() {
        return ServerOptions.Access.defaults()
                .withAuthSecret(blankToNull(authSecret))
                .withIdentityProvider(identityProvider())
                .withAllowedOrigins(allowedOrigins);
    }

    private ServerOptions.IdentityProvider identityProvider() {
        String url = blankToNull(jwksUrl);
        if (url == null) {
            if (blankToNull(issuer) != null || blankToNull(audience) != null
                    || !ServerDefaults.AUTH_USER_CLAIM.equals(userClaim)) {
                throw new IllegalArgumentException("--auth-issuer, --auth-audience and --auth-user-claim apply to an "
                        + "identity provider's tokens: set --auth-jwks-url too");
            }
            return null;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the JWKS URL must be an http or https URL: " + url, e);
        }
        return new ServerOptions.IdentityProvider(uri, blankToNull(issuer), blankToNull(audience), userClaim);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
