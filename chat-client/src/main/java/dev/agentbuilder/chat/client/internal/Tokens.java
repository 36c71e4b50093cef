package dev.agentbuilder.chat.client.internal;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The app's token source, asked before every connection attempt (tokens expire). After a 4401 it is asked at once:
 * a token other than the refused one is kept for the retry, the same one (or none) means retrying cannot help.
 * Tokens are never logged, and never part of an exception's message.
 *
 * <p>Confined to the client's thread.
 */
final class Tokens {

    /** The token source gave a value no Authorization header can carry. */
    static final class UnusableToken extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnusableToken() {
            super("the token source gave a value that is not a bearer token (A-Z a-z 0-9 - . _ ~ + / and a trailing "
                    + "=); not shown");
        }
    }

    private final Supplier<String> source;
    /** The token of the last attempt, or null. */
    private String last;
    /** A token asked for after a 4401, for the next attempt; null when the next attempt asks. */
    private String renewed;
    private boolean hasRenewed;

    /** @param source null for none */
    Tokens(Supplier<String> source) {
        this.source = source;
    }

    /**
     * The token for the next attempt, or null for none.
     *
     * @throws UnusableToken    when the source gave something that is not a bearer token
     * @throws RuntimeException whatever the source threw
     */
    String next() {
        String token;
        if (hasRenewed) {
            token = renewed;
            hasRenewed = false;
            renewed = null;
        } else {
            token = ask();
        }
        last = token;
        return token;
    }

    /** After a 4401: whether the source now gives a token other than the refused one (kept for the next attempt). */
    boolean renewAfterRefusal() {
        String token;
        try {
            token = ask();
        } catch (RuntimeException e) {
            // A source that fails cannot give a new token; the refusal stands.
            return false;
        }
        if (token == null || Objects.equals(token, last)) {
            return false;
        }
        renewed = token;
        hasRenewed = true;
        return true;
    }

    private String ask() {
        String token = source == null ? null : source.get();
        if (token != null && token.isEmpty()) {
            return null;
        }
        if (token != null && !Endpoint.isBearerToken(token)) {
            throw new UnusableToken();
        }
        return token;
    }
}
