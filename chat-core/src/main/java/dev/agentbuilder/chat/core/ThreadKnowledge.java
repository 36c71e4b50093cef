package dev.agentbuilder.chat.core;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The knowledge files of the agents being built: what their previews answer from when {@link Capability#FILE_SEARCH}
 * is on. Adding or removing a file is a change of the draft (an {@link ThreadEvent.AgentUpdated} with source
 * {@link DraftSource#USER}); the file is then indexed in the background (its passages read and embedded), and its
 * status changes reach every member ({@link ThreadEvent.FileStatusChanged}). Get it from
 * {@link ChatEngine#knowledge()}.
 *
 * <p>As with {@link ThreadCatalog}, nothing here checks who asks beyond {@code owner}: a non-null owner that is not
 * the thread's is answered as a thread that does not exist. Methods return at once with a future, completed on an
 * engine thread; a refusal completes it exceptionally with a {@link KnowledgeException}. Thread-safe.
 */
public interface ThreadKnowledge {

    /**
     * Reads the file (its type from its content), stores it, and adds it to the thread's draft. A turn running in
     * the thread makes it wait for the turn's end (up to a bound, then {@link KnowledgeException.Reason#BUSY}).
     *
     * @param name    the name it was uploaded under; only its last path element is kept
     * @param content its bytes: at most the engine's limit per file, which callers check as they read them
     */
    CompletableFuture<AgentFile> add(String threadId, String owner, String name, byte[] content);

    /** The thread's files as its draft lists them, with their status now; empty when there is no such thread. */
    CompletableFuture<Optional<List<AgentFile>>> files(String threadId, String owner);

    /** A file and its bytes; empty when there is no such thread or file. */
    CompletableFuture<Optional<FileContent>> content(String threadId, String owner, String fileId);

    /**
     * Removes the file from the draft and deletes its bytes and passages. Completes with false, changing nothing,
     * when there is no such thread or file.
     */
    CompletableFuture<Boolean> remove(String threadId, String owner, String fileId);

    /** The engine's limits on files. */
    Limits limits();

    /** A file with its bytes. */
    record FileContent(AgentFile file, byte[] bytes) {
    }

    /**
     * @param fileBytes     the largest file
     * @param files         the most files of one agent
     * @param userFileBytes the most bytes of all of one user's files
     */
    record Limits(long fileBytes, int files, long userFileBytes) {
        public Limits {
            if (fileBytes < 1 || files < 0 || userFileBytes < 0) {
                throw new IllegalArgumentException("knowledge limits must be positive: " + fileBytes + ", " + files
                        + ", " + userFileBytes);
            }
        }
    }

    /** Why a request about knowledge files was refused; the message is for people. */
    final class KnowledgeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** What kind of refusal. */
        public enum Reason {
            /** No such thread (or not the owner's), or no such file. */
            NOT_FOUND,
            /** The file cannot be knowledge: empty, binary, corrupt, encrypted, too much text. */
            UNREADABLE,
            /** Larger than the limit per file. */
            TOO_LARGE,
            /** The agent has as many files as it may. */
            TOO_MANY_FILES,
            /** The user's files would pass their total limit. */
            STORAGE_FULL,
            /** A turn kept running past the wait. */
            BUSY,
            /** This engine has no knowledge files. */
            DISABLED,
            /** A failure on the server's side, for example the store. */
            INTERNAL
        }

        private final Reason reason;

        public KnowledgeException(Reason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }
}
