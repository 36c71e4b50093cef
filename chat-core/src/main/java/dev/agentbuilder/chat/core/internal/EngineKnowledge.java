package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.AgentFile;
import dev.agentbuilder.chat.core.Capability;
import dev.agentbuilder.chat.core.ErrorCode;
import dev.agentbuilder.chat.core.SubmitResult;
import dev.agentbuilder.chat.core.ThreadKnowledge;
import dev.agentbuilder.chat.core.ThreadKnowledge.KnowledgeException.Reason;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The engine's knowledge files, put together: the {@link KnowledgeFiles} its API hands out, the
 * {@link KnowledgeIndexer}, and the {@link PassageSearch} a preview turn asks. Owns their threads:
 * {@code chat-knowledge} (indexing and its sweep; one, so that a large file's indexing takes one core at most),
 * {@code chat-knowledge-requests-N} (two: an upload's reading and the API's reads of files, which never wait for an
 * indexing) and {@code chat-knowledge-search} (a question's embedding and ranking, so that a preview never waits for
 * an indexing either). Without {@link KnowledgeSettings}, every request is refused and no thread is started.
 */
final class EngineKnowledge implements KnowledgeFiles.Drafts, KnowledgeFiles.DraftRetry {

    /** How long a file change waits for the builder's turn to end, trying again every {@link #RETRY}. */
    static final Duration BUSY_WAIT = Duration.ofSeconds(30);
    private static final Duration RETRY = Duration.ofMillis(250);

    private final EngineConfig config;
    private final SessionRegistry registry;
    private final ScheduledExecutorService work;
    private final ExecutorService requests;
    private final ExecutorService searching;
    private final ThreadKnowledge files;
    private final PassageSearch search;

    EngineKnowledge(EngineConfig config, SessionRegistry registry) {
        this.config = config;
        this.registry = registry;
        KnowledgeSettings settings = config.knowledge();
        if (settings == null) {
            work = null;
            requests = null;
            searching = null;
            search = null;
            files = new Disabled();
            return;
        }
        work = Executors.newSingleThreadScheduledExecutor(named("chat-knowledge"));
        // Requests (an upload's reading, the files' reads) never queue behind an indexing, which may take minutes.
        requests = Executors.newFixedThreadPool(2, named("chat-knowledge-requests"));
        searching = Executors.newSingleThreadExecutor(named("chat-knowledge-search"));
        KnowledgeIndexer indexer = new KnowledgeIndexer(config.store().knowledge(), settings.reader(),
                settings.embeddings(), config.bus(), settings.nodeId(), work);
        files = new KnowledgeFiles(config.store().knowledge(), config.store().directory(), settings.reader(),
                settings.limits(), indexer, this, requests, this);
        search = new PassageSearch(config.store().knowledge(), settings.embeddings(), settings.minScore());
        indexer.start();
    }

    ThreadKnowledge files() {
        return files;
    }

    /** Whether a preview turn on {@code draft} searches its files: file_search on, and files to search. */
    boolean searches(AgentDraft draft) {
        return search != null && draft.capabilities().contains(Capability.FILE_SEARCH) && !draft.files().isEmpty();
    }

    /**
     * Searches the draft's ready files for passages about the question, on the search thread; completes with null
     * when none is ready yet.
     */
    CompletableFuture<PassageSearch.Found> search(String threadId, AgentDraft draft, String question) {
        return CompletableFuture.supplyAsync(() -> search.search(threadId, draft, question), searching);
    }

    @Override
    public CompletableFuture<SubmitResult> change(String threadId, String owner, UnaryOperator<AgentDraft> change) {
        String who = owner != null ? owner
                : config.store().directory().thread(threadId).map(t -> t.ownerUserId()).orElse(null);
        if (who == null) {
            return CompletableFuture.completedFuture(
                    new SubmitResult.Rejected(null, ErrorCode.NOT_FOUND, "There is no such thread."));
        }
        return registry.changeFiles(threadId, who, change);
    }

    @Override
    public Optional<AgentDraft> current(String threadId) {
        return config.store().directory().thread(threadId)
                .map(info -> config.store().draftAt(threadId, info.agentVersion()).orElse(AgentDraft.empty()));
    }

    @Override
    public CompletableFuture<SubmitResult> untilIdle(Supplier<CompletableFuture<SubmitResult>> change) {
        CompletableFuture<SubmitResult> done = new CompletableFuture<>();
        attempt(change, done, System.nanoTime() + BUSY_WAIT.toNanos());
        return done;
    }

    private void attempt(Supplier<CompletableFuture<SubmitResult>> change, CompletableFuture<SubmitResult> done,
            long deadline) {
        change.get().whenComplete((answer, failure) -> {
            boolean busy = answer instanceof SubmitResult.Rejected r && r.code() == ErrorCode.BUSY;
            if (failure != null) {
                done.completeExceptionally(failure);
            } else if (busy && System.nanoTime() < deadline) {
                registry.schedule(() -> attempt(change, done, deadline), RETRY);
            } else {
                done.complete(answer);
            }
        });
    }

    void shutdown() {
        if (work != null) {
            work.shutdownNow();
            requests.shutdownNow();
            searching.shutdownNow();
        }
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, n.getAndIncrement() == 0 ? name : name + "-" + n.get());
            t.setDaemon(true);
            return t;
        };
    }

    /** An engine without knowledge files: every request refused, saying so. */
    private static final class Disabled implements ThreadKnowledge {
        private static final Limits NONE = new Limits(1, 0, 0);

        private static <T> CompletableFuture<T> refused() {
            return CompletableFuture.failedFuture(new KnowledgeException(Reason.DISABLED,
                    "This server does not keep knowledge files."));
        }

        @Override
        public CompletableFuture<AgentFile> add(String threadId, String owner, String name, byte[] content) {
            return refused();
        }

        @Override
        public CompletableFuture<Optional<List<AgentFile>>> files(String threadId, String owner) {
            return refused();
        }

        @Override
        public CompletableFuture<Optional<FileContent>> content(String threadId, String owner, String fileId) {
            return refused();
        }

        @Override
        public CompletableFuture<Boolean> remove(String threadId, String owner, String fileId) {
            return refused();
        }

        @Override
        public Limits limits() {
            return NONE;
        }
    }
}
