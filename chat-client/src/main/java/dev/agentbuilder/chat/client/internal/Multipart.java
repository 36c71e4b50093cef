package dev.agentbuilder.chat.client.internal;

import java.io.FileNotFoundException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body (RFC 7578) of one file part, which the JDK's HTTP client cannot write: the part's
 * head, the file's bytes streamed from disk (never held in memory), and the closing boundary. The filename is escaped
 * as browsers do (WHATWG's HTML: {@code "} as {@code %22}, CR as {@code %0D}, LF as {@code %0A}), written in UTF-8.
 * Immutable.
 *
 * @param boundary the delimiter, which no file's bytes are likely to hold: 1 to 70 characters of RFC 2046's
 *                 {@code bchars} without space
 */
public record Multipart(String boundary) {

    private static final String CRLF = "\r\n";

    public Multipart {
        Objects.requireNonNull(boundary, "boundary");
        if (!boundary.matches("[0-9A-Za-z'()+_,./:=?-]{1,70}")) {
            throw new IllegalArgumentException("not a multipart boundary: " + boundary);
        }
    }

    /** A boundary of its own, made of a random UUID. */
    public static Multipart random() {
        return new Multipart("chat-client-" + UUID.randomUUID().toString().replace("-", ""));
    }

    /** The request's {@code Content-Type}. */
    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /**
     * A body of one part named {@code field} holding {@code file}'s bytes, under {@code filename}.
     *
     * @throws FileNotFoundException when {@code file} is not there or not readable
     */
    public HttpRequest.BodyPublisher body(String field, String filename, Path file) throws FileNotFoundException {
        return HttpRequest.BodyPublishers.concat(
                HttpRequest.BodyPublishers.ofByteArray(head(field, filename)),
                HttpRequest.BodyPublishers.ofFile(file),
                HttpRequest.BodyPublishers.ofByteArray(tail()));
    }

    /** Everything before the file's bytes. */
    public byte[] head(String field, String filename) {
        return ("--" + boundary + CRLF
                + "Content-Disposition: form-data; name=\"" + escape(field) + "\"; filename=\"" + escape(filename)
                + "\"" + CRLF
                + "Content-Type: application/octet-stream" + CRLF
                + CRLF).getBytes(StandardCharsets.UTF_8);
    }

    /** Everything after the file's bytes. */
    public byte[] tail() {
        return (CRLF + "--" + boundary + "--" + CRLF).getBytes(StandardCharsets.UTF_8);
    }

    /** A name as a quoted-string of a part's header can carry it, escaped as browsers do. */
    static String escape(String name) {
        return name.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }
}
