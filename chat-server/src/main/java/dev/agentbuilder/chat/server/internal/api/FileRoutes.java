package dev.agentbuilder.chat.server.internal.api;

import dev.agentbuilder.chat.common.Identifiers;
import dev.agentbuilder.chat.core.ThreadKnowledge;
import dev.agentbuilder.chat.core.ThreadKnowledge.KnowledgeException;
import dev.agentbuilder.chat.protocol.ErrorCodes;
import dev.agentbuilder.chat.server.internal.auth.Principal;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The handlers of the knowledge files' routes (docs/api.md, "Knowledge files"): upload, list, bytes, removal, each
 * thin over the engine's {@link ThreadKnowledge}. Who may touch a thread's files is decided as for the thread
 * ({@link ThreadRoutes}): another user's thread is answered as one that does not exist.
 *
 * <p>Immutable and thread-safe; handlers run on the API's Jetty threads, which read the upload (it may be slow, and
 * only Jetty's threads wait for a client) and write the answers.
 */
final class FileRoutes {

    /** Codes of the knowledge files' refusals. */
    static final String TOO_MANY_FILES = "too_many_files";
    static final String STORAGE_FULL = "storage_full";
    static final String UNREADABLE_FILE = "unreadable_file";
    static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";
    static final String PART = "file";

    private final ThreadKnowledge knowledge;
    private final long maxFileBytes;
    private final OnJetty onJetty;

    FileRoutes(ThreadKnowledge knowledge, long maxFileBytes, OnJetty onJetty) {
        this.knowledge = knowledge;
        this.maxFileBytes = maxFileBytes;
        this.onJetty = onJetty;
    }

    /** The largest upload body read: the file and its part's headers. */
    long maxUploadBytes() {
        return maxFileBytes + 64 * 1024;
    }

    /** {@code POST /v1/threads/{threadId}/files}, multipart/form-data with a part {@code file}. */
    void upload(Context ctx) {
        Principal caller = Gate.principal(ctx);
        String threadId = openable(caller, ctx);
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            throw new ApiError(415, UNSUPPORTED_MEDIA_TYPE, "An upload is multipart/form-data with a part named \""
                    + PART + "\".");
        }
        UploadedFile file;
        byte[] content;
        try {
            file = ctx.uploadedFile(PART);
            if (file == null) {
                throw new ApiError(415, UNSUPPORTED_MEDIA_TYPE, "The upload has no part named \"" + PART + "\".");
            }
            if (file.size() > maxFileBytes) {
                throw tooLarge();
            }
            try (InputStream in = file.content()) {
                content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxFileBytes + 1));
            }
        } catch (IOException | IllegalStateException e) {
            throw refusedUpload(e);
        } catch (RuntimeException e) {
            if (e instanceof ApiError) {
                throw e;
            }
            throw refusedUpload(e);
        }
        if (content.length > maxFileBytes) {
            throw tooLarge();
        }
        answer(ctx, knowledge.add(threadId, owner(caller), file.filename(), content), added ->
                ctx.status(201).contentType(ThreadRoutes.JSON).result(Json.fileEnvelope(added)
                        .getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code GET /v1/threads/{threadId}/files}. */
    void list(Context ctx) {
        Principal caller = Gate.principal(ctx);
        String threadId = openable(caller, ctx);
        answer(ctx, knowledge.files(threadId, owner(caller)).thenApply(files -> files
                        .orElseThrow(() -> ApiError.noSuchThread(threadId))),
                files -> json(ctx, Json.files(files)));
    }

    /** {@code GET /v1/threads/{threadId}/files/{fileId}/content}: the bytes as uploaded. */
    void content(Context ctx) {
        Principal caller = Gate.principal(ctx);
        String threadId = openable(caller, ctx);
        String fileId = fileId(ctx);
        answer(ctx, knowledge.content(threadId, owner(caller), fileId).thenApply(found -> found
                        .orElseThrow(() -> noSuchFile(fileId))),
                found -> ctx.status(200).contentType(found.file().type().startsWith("text/")
                                ? found.file().type() + "; charset=utf-8" : found.file().type())
                        .header("Content-Disposition", "attachment; filename*=UTF-8''"
                                + URLEncoder.encode(found.file().name(), StandardCharsets.UTF_8).replace("+", "%20"))
                        .header("X-Content-Type-Options", "nosniff")
                        .result(found.bytes()));
    }

    /** {@code DELETE /v1/threads/{threadId}/files/{fileId}}: 204, or 404 when there is no such file. */
    void remove(Context ctx) {
        Principal caller = Gate.principal(ctx);
        String threadId = openable(caller, ctx);
        String fileId = fileId(ctx);
        if (caller.threads().isPresent()) {
            throw ApiError.forbidden("This token is limited to some threads: it cannot change their files.");
        }
        answer(ctx, knowledge.remove(threadId, owner(caller), fileId), removed -> {
            if (!removed) {
                throw noSuchFile(fileId);
            }
            ThreadRoutes.noContent(ctx);
        });
    }

    private static String openable(Principal caller, Context ctx) {
        String threadId = ctx.pathParam("threadId");
        if (!Identifiers.isValid(threadId)) {
            throw ApiError.invalidRequest("threadId must be 1 to 128 characters of A-Z a-z 0-9 _ . : - but was \""
                    + Params.abbreviate(threadId) + "\"");
        }
        if (!caller.mayOpen(threadId)) {
            throw ApiError.noSuchThread(threadId);
        }
        return threadId;
    }

    private static String fileId(Context ctx) {
        String fileId = ctx.pathParam("fileId");
        if (!Identifiers.isValid(fileId)) {
            throw noSuchFile(fileId);
        }
        return fileId;
    }

    /** The owner the engine checks against: none for a service, which may touch anyone's threads. */
    private static String owner(Principal caller) {
        return caller.service() ? null : caller.userId();
    }

    private static ApiError noSuchFile(String fileId) {
        return new ApiError(404, ErrorCodes.NOT_FOUND, "There is no file " + Params.abbreviate(fileId) + ".");
    }

    private ApiError tooLarge() {
        return new ApiError(413, ApiError.PAYLOAD_TOO_LARGE, "The file is larger than " + maxFileBytes
                + " bytes, the most a knowledge file may be.");
    }

    /** Jetty's multipart parser stops at the limits as it reads; anything else is a malformed upload. */
    private ApiError refusedUpload(Exception e) {
        String why = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (why.contains("max") || why.contains("exceed") || why.contains("too large") || why.contains("size")) {
            return tooLarge();
        }
        return ApiError.invalidRequest("The upload is not valid multipart/form-data.");
    }

    /** Answers once the engine is done, on a Jetty thread; a refusal becomes its answer. */
    private <T> void answer(Context ctx, CompletableFuture<T> work, Consumer<T> write) {
        ctx.future(() -> onJetty.resume(work.exceptionally(failure -> {
            throw refusal(failure);
        })).thenAccept(write));
    }

    private static RuntimeException refusal(Throwable failure) {
        Throwable cause = failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
        if (cause instanceof KnowledgeException k) {
            return switch (k.reason()) {
                case NOT_FOUND -> new ApiError(404, ErrorCodes.NOT_FOUND, k.getMessage());
                case UNREADABLE -> new ApiError(422, UNREADABLE_FILE, k.getMessage());
                case TOO_LARGE -> new ApiError(413, ApiError.PAYLOAD_TOO_LARGE, k.getMessage());
                case TOO_MANY_FILES -> new ApiError(409, TOO_MANY_FILES, k.getMessage());
                case STORAGE_FULL -> new ApiError(409, STORAGE_FULL, k.getMessage());
                case BUSY -> new ApiError(503, ErrorCodes.INTERNAL, k.getMessage());
                case DISABLED -> new ApiError(404, ErrorCodes.NOT_FOUND, k.getMessage());
                case INTERNAL -> new ApiError(500, ErrorCodes.INTERNAL, k.getMessage());
            };
        }
        return cause instanceof RuntimeException r ? r : new CompletionException(cause);
    }

    private static void json(Context ctx, String body) {
        ctx.status(200).contentType(ThreadRoutes.JSON).result(body.getBytes(StandardCharsets.UTF_8));
    }
}
