package dev.agentbuilder.chat.client.internal;

import dev.agentbuilder.chat.protocol.TokenMask;
import java.net.URI;

/**
 * Hides credentials in what the client logs or reports: the value of every {@code token} query parameter of a URL
 * becomes {@code ***}, as in the server's logs ({@link TokenMask}). Stateless.
 */
final class Redact {

    static final String MASK = TokenMask.MASK;

    private Redact() {
    }

    static String url(URI url) {
        return url == null ? null : url(url.toString());
    }

    static String url(String url) {
        return TokenMask.url(url);
    }
}
