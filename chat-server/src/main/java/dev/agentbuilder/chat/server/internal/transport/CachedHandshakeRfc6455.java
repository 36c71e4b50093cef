package dev.agentbuilder.chat.server.internal.transport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.InvalidHandshakeException;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.HandshakeBuilder;
import org.java_websocket.handshake.ServerHandshakeBuilder;

/**
 * RFC 6455 as Java-WebSocket's {@link Draft_6455} speaks it, with a cheaper handshake response. The library (1.6.0)
 * builds a {@code SimpleDateFormat} and a {@code Calendar} for the {@code Date} header and looks up a SHA-1 provider
 * for {@code Sec-WebSocket-Accept} at every handshake: in a connect storm that was a fifth of a worker's time and a
 * good part of what the JIT compiled. Here the date is formatted once a second and each thread keeps its digest; the
 * headers are the library's, byte for byte.
 *
 * <p>One instance per connection, as the library copies its drafts ({@link #copyInstance}); the date cache is shared
 * and immutable, each digest confined to its thread.
 */
final class CachedHandshakeRfc6455 extends Draft_6455 {

    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    });

    /** The {@code Date} header of the current second. */
    private record HttpDate(long second, String text) {
        static HttpDate of(long second) {
            return new HttpDate(second, HTTP_DATE.format(Instant.ofEpochSecond(second)));
        }
    }

    private static volatile HttpDate date = HttpDate.of(Instant.now().getEpochSecond());

    CachedHandshakeRfc6455(int maxFrameBytes) {
        super(List.of(), maxFrameBytes);
    }

    @Override
    public Draft copyInstance() {
        return new CachedHandshakeRfc6455(getMaxFrameSize());
    }

    @Override
    public HandshakeBuilder postProcessHandshakeResponseAsServer(ClientHandshake request,
            ServerHandshakeBuilder response) throws InvalidHandshakeException {
        response.put("Upgrade", "websocket");
        response.put("Connection", request.getFieldValue("Connection"));
        String key = request.getFieldValue("Sec-WebSocket-Key");
        if (key == null || key.isEmpty()) {
            throw new InvalidHandshakeException("missing Sec-WebSocket-Key");
        }
        response.put("Sec-WebSocket-Accept", accept(key));
        String extensions = getExtension().getProvidedExtensionAsServer();
        if (!extensions.isEmpty()) {
            response.put("Sec-WebSocket-Extensions", extensions);
        }
        if (getProtocol() != null && !getProtocol().getProvidedProtocol().isEmpty()) {
            response.put("Sec-WebSocket-Protocol", getProtocol().getProvidedProtocol());
        }
        response.setHttpStatusMessage("Web Socket Protocol Handshake");
        response.put("Server", "TooTallNate Java-WebSocket");
        response.put("Date", httpDate());
        return response;
    }

    /** {@code Sec-WebSocket-Accept} for a client's key (RFC 6455, 4.2.2). */
    static String accept(String key) {
        MessageDigest sha1 = SHA1.get();
        byte[] digest = sha1.digest((key.trim() + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
        return Base64.getEncoder().encodeToString(digest);
    }

    /** The current time as an HTTP date, formatted at most once a second (a race formats it twice: harmless). */
    static String httpDate() {
        long now = System.currentTimeMillis() / 1000;
        HttpDate current = date;
        if (current.second() != now) {
            current = HttpDate.of(now);
            date = current;
        }
        return current.text();
    }
}
