package dev.agentbuilder.chat.server.internal.api;

import dev.agentbuilder.chat.protocol.ErrorCodes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own refusals, of requests that never reach Javalin (a malformed request line or URI, headers too large), in
 * the API's one error shape instead of Jetty's HTML page. Stateless.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
            Callback callback) {
        byte[] body = body(status, message);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ThreadRoutes.JSON);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, ThreadRoutes.JSON);
        return ByteBuffer.wrap(body(status, reason));
    }

    private static byte[] body(int status, String message) {
        String code = status >= 500 ? ErrorCodes.INTERNAL
                : status == 413 || status == 431 ? ApiError.PAYLOAD_TOO_LARGE
                : status == 404 ? ErrorCodes.NOT_FOUND
                : ErrorCodes.INVALID_REQUEST;
        // A failure of the server's side is not described to the client.
        String text = status >= 500 || message == null || message.isBlank() ? HttpStatus.getMessage(status) : message;
        return Json.error(code, "The request was refused: " + text + ".").getBytes(StandardCharsets.UTF_8);
    }
}
