package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.AgentFile;
import dev.agentbuilder.chat.core.ErrorCode;
import dev.agentbuilder.chat.core.FileStatus;
import dev.agentbuilder.chat.core.SubmitResult;
import dev.agentbuilder.chat.core.ThreadInfo;
import dev.agentbuilder.chat.core.ThreadKnowledge;
import dev.agentbuilder.chat.core.ThreadKnowledge.KnowledgeException.Reason;
import dev.agentbuilder.chat.core.spi.DocumentReader;
import dev.agentbuilder.chat.core.spi.DocumentReader.UnreadableFileException;
import dev.agentbuilder.chat.core.spi.KnowledgeStore;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's {@link ThreadKnowledge}: a file is read (its type from its content) before anything is stored, then
 * stored, then added to the draft through the thread's session, then indexed by the {@link KnowledgeIndexer}.
 * Removal takes it out of the draft first, then deletes it. Reading runs on the indexer's thread, never on the
 * caller's; store reads run there too. Thread-safe: it keeps no state of its own.
 */
final class KnowledgeFiles implements ThreadKnowledge {

    private static final Logger log = LoggerFactory.getLogger(KnowledgeFiles.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_NAME_CHARS = 200;

    /** Changes a thread's draft as its owner would by hand: through its session, after the running turn. */
    interface Drafts {
        /**
         * Applies {@code change} to the current draft and stores it as a change by the user. Completes with the
         * session's answer: accepted, or rejected ({@link ErrorCode#BUSY} while a turn runs, {@link
         * ErrorCode#NOT_FOUND} when the thread is not the owner's).
         */
        CompletableFuture<SubmitResult> change(String threadId, String owner, UnaryOperator<AgentDraft> change);

        /** The thread's current draft, as stored; empty when there is no such thread. */
        Optional<AgentDraft> current(String threadId);
    }

    private final KnowledgeStore store;
    private final dev.agentbuilder.chat.core.spi.ThreadDirectory directory;
    private final DocumentReader reader;
    private final Limits limits;
    private final KnowledgeIndexer indexer;
    private final Drafts drafts;
    private final Executor work;
    private final DraftRetry retry;

    KnowledgeFiles(KnowledgeStore store, dev.agentbuilder.chat.core.spi.ThreadDirectory directory,
            DocumentReader reader, Limits limits, KnowledgeIndexer indexer, Drafts drafts, Executor work,
            DraftRetry retry) {
        this.store = store;
        this.directory = directory;
        this.reader = reader;
        this.limits = limits;
        this.indexer = indexer;
        this.drafts = drafts;
        this.work = work;
        this.retry = retry;
    }

    @Override
    public Limits limits() {
        return limits;
    }

    @Override
    public CompletableFuture<AgentFile> add(String threadId, String owner, String name, byte[] content) {
        if (content.length > limits.fileBytes()) {
            return refused(Reason.TOO_LARGE, "The file is larger than " + Sizes.words(limits.fileBytes())
                    + ", the most a knowledge file may be.");
        }
        String fileName = fileName(name);
        return CompletableFuture.supplyAsync(() -> read(threadId, owner, fileName, content), work)
                .thenCompose(file -> store.add(threadId, file, content).thenApply(added -> {
                    if (!added) {
                        throw refusal(Reason.NOT_FOUND, "There is no such thread.");
                    }
                    return file;
                }))
                .thenCompose(file -> retry.untilIdle(() -> drafts.change(threadId, owner, d -> d.withFile(file)))
                        .handle((answer, failure) -> attached(threadId, file, answer, failure))
                        .thenCompose(f -> f));
    }

    /** Indexes a file the draft now lists; or deletes its bytes, which nobody would see, and says why not. */
    private CompletableFuture<AgentFile> attached(String threadId, AgentFile file, SubmitResult answer,
            Throwable failure) {
        if (failure == null && answer instanceof SubmitResult.Accepted) {
            indexer.index(threadId, file.fileId());
            return CompletableFuture.completedFuture(file);
        }
        RuntimeException why = failure != null ? asCompletion(failure) : refusalFor(answer);
        return store.remove(threadId, file.fileId()).handle((removed, e) -> file)
                .thenCompose(f -> CompletableFuture.failedFuture(why));
    }

    private AgentFile read(String threadId, String owner, String fileName, byte[] content) {
        Optional<ThreadInfo> thread = directory.thread(threadId);
        if (thread.isEmpty() || owner != null && !thread.get().ownerUserId().equals(owner)) {
            throw refusal(Reason.NOT_FOUND, "There is no such thread.");
        }
        List<AgentFile> files = store.files(threadId);
        if (files.size() >= limits.files()) {
            throw refusal(Reason.TOO_MANY_FILES, "The agent has " + files.size() + " files, the most it may have. "
                    + "Remove one before adding another.");
        }
        long used = store.bytesOfUser(thread.get().ownerUserId());
        if (used + content.length > limits.userFileBytes()) {
            throw refusal(Reason.STORAGE_FULL, "Your files would take more than " + Sizes.words(
                    limits.userFileBytes()) + ", the most one user may keep (" + Sizes.words(used) + " now).");
        }
        DocumentReader.ReadDocument document;
        try {
            document = reader.read(fileName, content);
        } catch (UnreadableFileException e) {
            throw refusal(Reason.UNREADABLE, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("the document reader failed on a file of thread {}", threadId, e);
            throw refusal(Reason.UNREADABLE, "The file could not be read.");
        }
        return new AgentFile(newFileId(), fileName, content.length, document.type(), FileStatus.INDEXING, null);
    }

    @Override
    public CompletableFuture<Optional<List<AgentFile>>> files(String threadId, String owner) {
        return CompletableFuture.supplyAsync(() -> {
            if (!owned(threadId, owner)) {
                return Optional.<List<AgentFile>>empty();
            }
            return Optional.of(withStatusNow(threadId, drafts.current(threadId).orElse(AgentDraft.empty())));
        }, work);
    }

    /** The draft's files with their status as the store has it now (the draft's may be older). */
    private List<AgentFile> withStatusNow(String threadId, AgentDraft draft) {
        List<AgentFile> stored = store.files(threadId);
        return draft.files().stream()
                .map(f -> stored.stream().filter(s -> s.fileId().equals(f.fileId())).findFirst()
                        .map(s -> f.withStatus(s.status(), s.error())).orElse(f))
                .toList();
    }

    @Override
    public CompletableFuture<Optional<FileContent>> content(String threadId, String owner, String fileId) {
        return CompletableFuture.supplyAsync(() -> {
            if (!owned(threadId, owner)) {
                return Optional.<FileContent>empty();
            }
            return store.file(threadId, fileId)
                    .flatMap(file -> store.content(threadId, fileId).map(bytes -> new FileContent(file, bytes)));
        }, work);
    }

    @Override
    public CompletableFuture<Boolean> remove(String threadId, String owner, String fileId) {
        return CompletableFuture.supplyAsync(() -> owned(threadId, owner)
                && (store.file(threadId, fileId).isPresent() || drafts.current(threadId)
                        .map(d -> d.files().stream().anyMatch(f -> f.fileId().equals(fileId))).orElse(false)), work)
                .thenCompose(exists -> !exists
                        ? CompletableFuture.completedFuture(false)
                        : retry.untilIdle(() -> drafts.change(threadId, owner, d -> d.withoutFile(fileId)))
                                .thenCompose(answer -> {
                                    if (!(answer instanceof SubmitResult.Accepted)) {
                                        throw refusalFor(answer);
                                    }
                                    return store.remove(threadId, fileId).thenApply(removed -> true);
                                }));
    }

    private boolean owned(String threadId, String owner) {
        Optional<ThreadInfo> thread = directory.thread(threadId);
        return thread.isPresent() && (owner == null || thread.get().ownerUserId().equals(owner));
    }

    /** The last path element of an uploaded file's name, without control characters, at most 200 characters. */
    static String fileName(String name) {
        String n = name == null ? "" : name;
        n = n.substring(Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\')) + 1);
        n = n.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        if (n.isEmpty() || n.equals(".") || n.equals("..")) {
            return "file";
        }
        return n.codePointCount(0, n.length()) > MAX_NAME_CHARS ? n.substring(0, n.offsetByCodePoints(0,
                MAX_NAME_CHARS)) : n;
    }

    private static String newFileId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return "f-" + HexFormat.of().formatHex(bytes);
    }

    private static KnowledgeException refusalFor(SubmitResult answer) {
        if (answer instanceof SubmitResult.Rejected rejected) {
            return switch (rejected.code()) {
                case BUSY -> refusal(Reason.BUSY, "The builder kept working; try again when it is idle.");
                case NOT_FOUND, FORBIDDEN, THREAD_DELETED -> refusal(Reason.NOT_FOUND, "There is no such thread.");
                default -> refusal(Reason.INTERNAL, rejected.message());
            };
        }
        return refusal(Reason.INTERNAL, "The agent changed meanwhile. Please try again.");
    }

    private static CompletionException asCompletion(Throwable failure) {
        Throwable cause = failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
        if (cause instanceof KnowledgeException k) {
            return new CompletionException(k);
        }
        log.warn("a knowledge file could not be stored", cause);
        return new CompletionException(refusal(Reason.INTERNAL, "The file could not be stored. Please try again."));
    }

    static KnowledgeException refusal(Reason reason, String message) {
        return new KnowledgeException(reason, message);
    }

    private static <T> CompletableFuture<T> refused(Reason reason, String message) {
        return CompletableFuture.failedFuture(refusal(reason, message));
    }

    /** Tries a draft change again while the thread's builder works, up to a bound. */
    interface DraftRetry {
        CompletableFuture<SubmitResult> untilIdle(java.util.function.Supplier<CompletableFuture<SubmitResult>> change);
    }

    /** Sizes in words for people: "20 MB". */
    static final class Sizes {
        private Sizes() {
        }

        static String words(long bytes) {
            if (bytes >= 1_000_000) {
                return (bytes % 1_000_000 == 0 ? String.valueOf(bytes / 1_000_000)
                        : String.format(java.util.Locale.ROOT, "%.1f", bytes / 1e6)) + " MB";
            }
            if (bytes >= 1_000) {
                return (bytes / 1_000) + " KB";
            }
            return bytes + " bytes";
        }
    }
}
