package dev.agentbuilder.chat.server.internal.api;

import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.protocol.ErrorCodes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every answer that is not a success, written in one place and one shape, {@code {"error":{"code","message"}}}: the
 * handlers' {@link ApiError}s, Javalin's own (no such route, a method the route does not take, a body too large),
 * and failures nobody expected, which are logged once and answered {@code internal} without their details. The server
 * keeps running whatever a request does. Stateless.
 */
final class ErrorAnswers {

    private static final Logger log = LoggerFactory.getLogger(ErrorAnswers.class);
    /** The most of a body too large that is read to drop it; a larger one gets its connection closed unread. */
    static final long MAX_DISCARDED_BYTES = 1024 * 1024;

    private ErrorAnswers() {
    }

    static void install(RoutesConfig routes) {
        routes.exception(ApiError.class, (error, ctx) -> write(ctx, error));
        routes.exception(HttpResponseException.class, (error, ctx) -> write(ctx, fromJavalin(error, ctx)));
        routes.exception(Exception.class, (failure, ctx) -> write(ctx, unexpected(failure, ctx)));
    }

    static void write(Context ctx, ApiError error) {
        discardBody(ctx, error.status() == 413);
        if (error.status() == 401) {
            // RFC 6750: the scheme, and whether a token was sent and refused.
            ctx.header(Header.WWW_AUTHENTICATE, ctx.header(Header.AUTHORIZATION) == null ? "Bearer realm=\"agent-chat\""
                    : "Bearer realm=\"agent-chat\", error=\"invalid_token\"");
        }
        ctx.status(error.status()).contentType(ThreadRoutes.JSON)
                .result(Json.error(error.code(), error.getMessage()).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads and drops what is left of the request's body, up to {@link #MAX_DISCARDED_BYTES}, before an error is
     * answered (often before the body was read at all). Jetty closes a connection whose request was not read to its
     * end, and a client that is still sending, or that sends its next request on the connection it was given back,
     * then sees a reset instead of the answer. What cannot be dropped within the bound closes the connection after
     * the answer, as does a body too large ({@code tooLarge}), saying so in {@code Connection: close}.
     */
    private static void discardBody(Context ctx, boolean tooLarge) {
        byte[] buffer = new byte[8_192];
        long left = MAX_DISCARDED_BYTES;
        try {
            InputStream in = ctx.req().getInputStream();
            int n;
            while (left > 0 && (n = in.read(buffer)) >= 0) {
                left -= n;
            }
        } catch (IOException | IllegalStateException e) {
            // Gone, or already read as far as it goes: nothing left to drop.
        }
        if (tooLarge || left <= 0) {
            ctx.header(Header.CONNECTION, "close");
        }
    }

    private static ApiError fromJavalin(HttpResponseException e, Context ctx) {
        return switch (e.getStatus()) {
            case 404 -> new ApiError(404, ErrorCodes.NOT_FOUND, "There is no " + ctx.path() + ": the API's paths are "
                    + "listed by GET " + Gate.OPENAPI_PATH + ".");
            case 405 -> {
                String allowed = e instanceof MethodNotAllowedResponse ? e.getDetails().get("availableMethods") : null;
                if (allowed != null) {
                    ctx.header(Header.ALLOW, allowed);
                }
                yield new ApiError(405, ApiError.METHOD_NOT_ALLOWED, ctx.method() + " is not allowed on "
                        + ctx.path() + (allowed == null ? "." : "; it takes " + allowed + "."));
            }
            case 413 -> new ApiError(413, ApiError.PAYLOAD_TOO_LARGE, "The body is larger than "
                    + Gate.MAX_BODY_BYTES + " bytes.");
            default -> new ApiError(e.getStatus(), e.getStatus() >= 500 ? ErrorCodes.INTERNAL
                    : ErrorCodes.INVALID_REQUEST, e.getMessage());
        };
    }

    /**
     * A failure of the server's side: 503 when trying again can help (the store busy or slow, the engine stopping),
     * else 500; logged here, once, and never shown to the client beyond that.
     */
    private static ApiError unexpected(Exception failure, Context ctx) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        if (cause instanceof ApiError error) {
            return error;
        }
        boolean retriable = cause instanceof TimeoutException || cause instanceof RejectedExecutionException
                || cause instanceof ChatException chat && chat.retriable();
        if (retriable) {
            log.warn("{} {} could not be answered now: {}", ctx.method(), ctx.path(), cause.toString());
            ctx.header(Header.RETRY_AFTER, "1");
            return new ApiError(503, ErrorCodes.INTERNAL, "The server cannot answer this now; try again shortly.");
        }
        log.error("{} {} failed", ctx.method(), ctx.path(), cause);
        return new ApiError(500, ErrorCodes.INTERNAL, "The server failed to answer this request; it may be retried.");
    }
}
