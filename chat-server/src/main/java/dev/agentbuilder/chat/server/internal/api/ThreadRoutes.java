package dev.agentbuilder.chat.server.internal.api;

import dev.agentbuilder.chat.common.Identifiers;
import dev.agentbuilder.chat.core.AgentExport;
import dev.agentbuilder.chat.core.ThreadCatalog;
import dev.agentbuilder.chat.core.ThreadCatalog.ThreadDetails;
import dev.agentbuilder.chat.server.internal.auth.Principal;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The handlers of the API's routes, one per endpoint, each thin: read the request, ask the {@link ThreadCatalog},
 * write the answer. Who may touch which thread is decided here, the same way everywhere: a thread the caller may not
 * see is answered exactly as one that does not exist ({@link ApiError#noSuchThread}).
 *
 * <p>Immutable and thread-safe; handlers run on the API's Jetty threads and their answers are written there too.
 */
final class ThreadRoutes {

    static final int DEFAULT_EVENTS = 100;
    static final int MAX_EVENTS = 1_000;
    static final String JSON = "application/json";
    static final String MARKDOWN = "text/markdown; charset=utf-8";

    private final ThreadCatalog catalog;
    private final OnJetty onJetty;

    ThreadRoutes(ThreadCatalog catalog, OnJetty onJetty) {
        this.catalog = catalog;
        this.onJetty = onJetty;
    }

    /** {@code GET /v1/users/{userId}/threads?limit=&cursor=&q=}. */
    void list(Context ctx) {
        Principal caller = Gate.principal(ctx);
        String userId = ctx.pathParam("userId");
        if (!caller.mayActFor(userId)) {
            throw ApiError.noSuchList(userId);
        }
        if (limitedToSomeThreads(caller)) {
            throw ApiError.forbidden("This token is limited to some threads: it cannot list a user's threads.");
        }
        int limit = Params.limit(ctx, ThreadCatalog.DEFAULT_PAGE, ThreadCatalog.MAX_PAGE);
        String cursor = Params.optional(ctx, "cursor");
        String search = Params.optional(ctx, "q");
        answer(ctx, checked(() -> catalog.list(userId, search, cursor, limit)), page -> json(ctx, Json.page(page)));
    }

    /** {@code GET /v1/threads/{threadId}}. */
    void thread(Context ctx) {
        answer(ctx, visible(Gate.principal(ctx), threadId(ctx)), details -> json(ctx, Json.details(details)));
    }

    /** {@code GET /v1/threads/{threadId}/events?after=&limit=}. */
    void events(Context ctx) {
        String threadId = threadId(ctx);
        long after = Params.after(ctx);
        int limit = Params.limit(ctx, DEFAULT_EVENTS, MAX_EVENTS);
        answer(ctx, visible(Gate.principal(ctx), threadId).thenCompose(details -> catalog.events(threadId, after, limit)),
                events -> json(ctx, Json.events(events, limit)));
    }

    /**
     * {@code GET /v1/threads/{threadId}/agent?format=}: the draft exported, the same text as the WebSocket's
     * {@code agent_export} carries.
     */
    void agent(Context ctx) {
        String threadId = threadId(ctx);
        AgentExport.Format format = Params.format(ctx);
        answer(ctx, visible(Gate.principal(ctx), threadId), details -> ctx.status(200)
                .contentType(format == AgentExport.Format.MARKDOWN ? MARKDOWN : JSON)
                .result(AgentExport.render(details.agent(), format, threadId).getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code PATCH /v1/threads/{threadId}} with {@code {"title": ...}}. */
    void rename(Context ctx) {
        Principal caller = Gate.principal(ctx);
        String threadId = threadId(ctx);
        if (!caller.mayOpen(threadId)) {
            throw ApiError.noSuchThread(threadId);
        }
        refuseThreadLimited(caller);
        String title = Params.title(ctx);
        answer(ctx, checked(() -> catalog.rename(threadId, owner(caller), title))
                        .thenApply(renamed -> renamed.orElseThrow(() -> ApiError.noSuchThread(threadId))),
                info -> json(ctx, Json.thread(info)));
    }

    /**
     * {@code DELETE /v1/threads/{threadId}}: 204 whether there was such a thread of the caller's or not (already
     * deleted, never there, or someone else's, which is left alone), so that a retry succeeds and ids cannot be
     * probed.
     */
    void delete(Context ctx) {
        Principal caller = Gate.principal(ctx);
        String threadId = threadId(ctx);
        if (!caller.mayOpen(threadId)) {
            noContent(ctx);
            return;
        }
        refuseThreadLimited(caller);
        answer(ctx, checked(() -> catalog.delete(threadId, owner(caller))), deleted -> noContent(ctx));
    }

    /** The thread's details, when the caller may see it; else failed with the not-found answer. */
    private CompletableFuture<ThreadDetails> visible(Principal caller, String threadId) {
        if (!caller.mayOpen(threadId)) {
            return CompletableFuture.failedFuture(ApiError.noSuchThread(threadId));
        }
        return checked(() -> catalog.details(threadId)).thenApply(details -> details
                .filter(d -> caller.mayActFor(d.info().ownerUserId()))
                .orElseThrow(() -> ApiError.noSuchThread(threadId)));
    }

    private static String threadId(Context ctx) {
        String threadId = ctx.pathParam("threadId");
        if (!Identifiers.isValid(threadId)) {
            throw ApiError.invalidRequest("threadId must be 1 to 128 characters of A-Z a-z 0-9 _ . : - but was \""
                    + Params.abbreviate(threadId) + "\"");
        }
        return threadId;
    }

    /** The owner the catalog checks a change against: none for a service, which may change anyone's threads. */
    private static String owner(Principal caller) {
        return caller.service() ? null : caller.userId();
    }

    /** Whether the token is limited to some threads (its {@code threads} claim). */
    private static boolean limitedToSomeThreads(Principal caller) {
        return caller.threads().isPresent();
    }

    /** As on the WebSocket: a token limited to some threads may read them, not rename or delete them. */
    private static void refuseThreadLimited(Principal caller) {
        if (limitedToSomeThreads(caller)) {
            throw ApiError.forbidden("This token is limited to some threads: it cannot rename or delete them.");
        }
    }

    /** The catalog's call, whose refusal of a bad argument (a message for people) becomes a 400. */
    private static <T> CompletableFuture<T> checked(Supplier<CompletableFuture<T>> call) {
        try {
            return call.get();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(ApiError.invalidRequest(e.getMessage()));
        }
    }

    /** Answers once {@code work} is done, back on a Jetty thread; a failure goes to {@link ErrorAnswers}. */
    private <T> void answer(Context ctx, CompletableFuture<T> work, Consumer<T> write) {
        ctx.future(() -> onJetty.resume(work).thenAccept(write));
    }

    /** 204, without the Content-Type that Javalin gives every answer: there is no content to have a type. */
    static void noContent(Context ctx) {
        ctx.status(204);
        ctx.res().setContentType(null);
    }

    private static void json(Context ctx, String body) {
        ctx.status(200).contentType(JSON).result(body.getBytes(StandardCharsets.UTF_8));
    }
}
