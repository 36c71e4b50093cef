package dev.agentbuilder.chat.server.internal.api;

import dev.agentbuilder.chat.server.internal.auth.Authenticator;
import dev.agentbuilder.chat.server.internal.auth.OriginPolicy;
import dev.agentbuilder.chat.server.internal.auth.Principal;
import dev.agentbuilder.chat.server.internal.auth.Verdict;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.Header;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Where every request comes in, before its route: the browser origin (CORS), the size of the body, and who calls. A
 * request that passes carries its {@link Principal} for the route to ask, in one place, whose threads it may touch.
 *
 * <p>Immutable and thread-safe; {@link #admit} runs on the API's Jetty threads, and the token's verdict is handed
 * back to them.
 */
final class Gate {

    /** The longest body read: a rename needs a few hundred bytes. */
    static final int MAX_BODY_BYTES = 16 * 1024;
    static final String ALLOWED_METHODS = "GET, POST, PATCH, DELETE, OPTIONS";
    /** Where knowledge files are uploaded: the one path whose body may be larger, up to the file limit. */
    static final String FILES_PATH = "/v1/threads/{threadId}/files";
    private static final java.util.regex.Pattern UPLOAD = java.util.regex.Pattern.compile("/v1/threads/[^/]+/files/?");
    static final String ALLOWED_HEADERS = "Authorization, Content-Type";
    /** The document that describes the API is public: it holds nothing of anyone's. */
    static final String OPENAPI_PATH = "/v1/openapi.json";
    /**
     * Without authentication (development) the API trusts the request: it acts for the path's user, and serves any
     * thread, as a service would.
     */
    static final Principal UNAUTHENTICATED = new Principal("anonymous", true, Optional.empty());
    private static final String PRINCIPAL = Gate.class.getName() + ".principal";
    private static final String TOKEN_REQUIRED = "A token is required: send it as an Authorization: Bearer header.";
    private static final String BEARER = "bearer ";
    private static final Duration PREFLIGHT_CACHE = Duration.ofMinutes(10);

    private final OriginPolicy origins;
    /** Null when authentication is off. */
    private final Authenticator authenticator;
    private final OnJetty onJetty;
    private final long maxUploadBytes;

    Gate(OriginPolicy origins, Authenticator authenticator, OnJetty onJetty, long maxUploadBytes) {
        this.origins = origins;
        this.authenticator = authenticator;
        this.onJetty = onJetty;
        this.maxUploadBytes = maxUploadBytes;
    }

    /** The before-handler of every path. */
    void admit(Context ctx) {
        String origin = ctx.header(Header.ORIGIN);
        if (origin != null) {
            // A page of another site must not read or change anyone's threads: its request is refused here (and its
            // preflight, so the browser does not even send a PATCH or DELETE), like its WebSocket handshake.
            if (!origins.allows(origin)) {
                throw ApiError.forbidden("The origin " + Params.abbreviate(origin) + " is not allowed: the server's "
                        + "--allowed-origins lists those that are.");
            }
            ctx.header(Header.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            ctx.header(Header.VARY, Header.ORIGIN);
            ctx.header(Header.ACCESS_CONTROL_EXPOSE_HEADERS, "WWW-Authenticate, Allow");
        }
        if (ctx.method() == HandlerType.OPTIONS) {
            // A preflight carries no token; the OPTIONS routes answer it.
            return;
        }
        long length = ctx.req().getContentLengthLong();
        boolean upload = ctx.method() == HandlerType.POST && UPLOAD.matcher(ctx.path()).matches();
        long most = upload ? maxUploadBytes : MAX_BODY_BYTES;
        if (length > most) {
            // Refused before any of it is read: a 200 MB upload costs a few headers.
            throw new ApiError(413, ApiError.PAYLOAD_TOO_LARGE, upload
                    ? "The upload is larger than " + most + " bytes: a knowledge file may be at most "
                            + (maxUploadBytes - 64 * 1024) + " bytes."
                    : "The body is larger than " + MAX_BODY_BYTES + " bytes.");
        }
        if (authenticator == null) {
            ctx.attribute(PRINCIPAL, UNAUTHENTICATED);
            return;
        }
        if (ctx.path().equals(OPENAPI_PATH)) {
            return;
        }
        String token = bearerToken(ctx.header(Header.AUTHORIZATION));
        if (token == null) {
            // Said here: the authenticator's words also offer the WebSocket's token query parameter, which the API
            // does not take (a token in a URL ends up in logs).
            throw ApiError.unauthorized(TOKEN_REQUIRED);
        }
        ctx.future(() -> onJetty.resume(authenticator.verify(token)).thenAccept(verdict -> {
            if (verdict instanceof Verdict.Accepted accepted) {
                ctx.attribute(PRINCIPAL, accepted.principal());
            } else {
                throw ApiError.unauthorized(((Verdict.Refused) verdict).reason());
            }
        }));
    }

    /** The answer to a preflight (or any OPTIONS): what the API takes; the origin was checked by {@link #admit}. */
    void options(Context ctx) {
        ctx.header(Header.ALLOW, ALLOWED_METHODS);
        if (ctx.header(Header.ORIGIN) != null) {
            ctx.header(Header.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS);
            ctx.header(Header.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS);
            ctx.header(Header.ACCESS_CONTROL_MAX_AGE, Long.toString(PREFLIGHT_CACHE.toSeconds()));
        }
        ThreadRoutes.noContent(ctx);
    }

    /** Who sent the request, as {@link #admit} found; only on the routes behind it. */
    static Principal principal(Context ctx) {
        Principal principal = ctx.attribute(PRINCIPAL);
        if (principal == null) {
            throw new IllegalStateException("no principal on " + ctx.method() + " " + ctx.path());
        }
        return principal;
    }

    /** The token of an {@code Authorization: Bearer} header; null without one. */
    private static String bearerToken(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return null;
        }
        String token = authorization.substring(BEARER.length()).strip();
        return token.isEmpty() ? null : token;
    }
}
