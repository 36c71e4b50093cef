package dev.agentbuilder.chat.postgres.internal;

import dev.agentbuilder.chat.core.ChatException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every write to the database, on a few strands: each chat thread's writes go to one strand (by its id's hash), so
 * they run in the order they were made, and each strand commits what queued up while its previous transaction was
 * under way in one transaction (group commit). A write's future completes once its transaction has committed. A
 * write that fails is rolled back alone: a failed batch runs again one write per transaction.
 *
 * <p>Thread-safe: {@link #submit} may be called from any thread; each strand's connection and hooks are confined
 * to its own thread.
 */
final class PgWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PgWriter.class);
    private static final int MAX_BATCH = 256;

    /** A unit of work in a strand's transaction. */
    interface Work<T> {
        T run(Connection connection, Hooks hooks) throws SQLException;
    }

    /** What a work asks to happen once its transaction ends. */
    interface Hooks {
        /** Runs {@code action} on the strand after the transaction committed; dropped if it rolls back. */
        void afterCommit(Runnable action);
    }

    private record Job<T>(Work<T> work, CompletableFuture<T> done) {
    }

    private static final Job<Void> STOP = new Job<>((c, h) -> null, new CompletableFuture<>());

    private final DataSource dataSource;
    private final String database;
    private final List<Strand> strands = new ArrayList<>();
    private volatile boolean closed;

    PgWriter(DataSource dataSource, String database, int strandCount) {
        this.dataSource = dataSource;
        this.database = database;
        for (int i = 0; i < strandCount; i++) {
            strands.add(new Strand("postgres-writer-" + (i + 1)));
        }
    }

    /** Queues {@code work} on the strand of {@code threadId}; the future completes after its commit. */
    <T> CompletableFuture<T> submit(String threadId, Work<T> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new ChatException("the store on " + database + " is closed", false));
            return done;
        }
        strands.get(Math.floorMod(threadId.hashCode(), strands.size())).queue.add(new Job<>(work, done));
        return done;
    }

    /** Finishes the queued writes (up to 10 s), then stops the strands. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        strands.forEach(s -> s.queue.add(STOP));
        for (Strand strand : strands) {
            try {
                strand.thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    ChatException failure(Throwable e) {
        if (e instanceof ChatException chat) {
            return chat;
        }
        return new ChatException("could not write to the database " + database + ": " + PgErrors.describe(e), e,
                PgErrors.isTransient(e));
    }

    /** The connection failed before its transaction's commit was sent: nothing of it was committed. */
    private static final class LostBeforeCommit extends RuntimeException {
        LostBeforeCommit(Exception cause) {
            super(cause);
        }
    }

    /** One writer thread and its queue. */
    private final class Strand implements Hooks {
        final BlockingQueue<Job<?>> queue = new LinkedBlockingQueue<>();
        final Thread thread;
        private final List<Runnable> afterCommit = new ArrayList<>();

        Strand(String name) {
            thread = new Thread(this::run, name);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void afterCommit(Runnable action) {
            afterCommit.add(action);
        }

        private void run() {
            List<Job<?>> batch = new ArrayList<>();
            while (true) {
                try {
                    batch.add(queue.take());
                } catch (InterruptedException e) {
                    return;
                }
                queue.drainTo(batch, MAX_BATCH - 1);
                boolean stop = batch.remove(STOP);
                if (!batch.isEmpty()) {
                    write(batch);
                }
                batch.clear();
                if (stop) {
                    return;
                }
            }
        }

        /**
         * Writes the batch on a pooled connection. A connection found dead before a commit was sent (the database
         * restarted since it was last used: the pool hands it out without a check when it was busy a moment ago)
         * is dropped by the pool, and the writes not yet committed run once more on a new one. A connection lost
         * during a commit is not retried: whether that commit happened is unknown.
         */
        private void write(List<Job<?>> batch) {
            for (int attempt = 1; ; attempt++) {
                List<Job<?>> left = batch.stream().filter(j -> !j.done().isDone()).toList();
                try (Connection c = dataSource.getConnection()) {
                    c.setAutoCommit(false);
                    if (left.size() == 1 || !tryTogether(c, left)) {
                        for (Job<?> job : left) {
                            runAlone(c, job);
                        }
                    }
                    return;
                } catch (LostBeforeCommit e) {
                    if (attempt == 2) {
                        failAll(left, e.getCause());
                        return;
                    }
                    log.debug("a connection to {} was lost before a commit; writing again on another", database);
                    PgErrors.dropIdleConnections(dataSource);
                } catch (SQLException | RuntimeException e) {
                    // No connection (the database is down, or the pool exhausted): every write left fails.
                    failAll(left, e);
                    return;
                }
            }
        }

        private void failAll(List<Job<?>> jobs, Throwable e) {
            ChatException failure = failure(e);
            for (Job<?> job : jobs) {
                job.done().completeExceptionally(failure);
            }
        }

        private boolean tryTogether(Connection c, List<Job<?>> batch) {
            List<Runnable> completions = new ArrayList<>(batch.size());
            try {
                for (Job<?> job : batch) {
                    completions.add(run(c, job));
                }
            } catch (SQLException | RuntimeException e) {
                rollback(c);
                throwIfLost(e);
                log.debug("a batch of {} writes failed; running them one by one: {}", batch.size(), e.toString());
                return false;
            }
            try {
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollback(c);
                failAll(batch, e);
                return true;
            }
            committed();
            completions.forEach(Runnable::run);
            return true;
        }

        private <T> void runAlone(Connection c, Job<T> job) {
            Runnable completion;
            try {
                completion = run(c, job);
            } catch (SQLException | RuntimeException e) {
                rollback(c);
                throwIfLost(e);
                job.done().completeExceptionally(failure(e));
                return;
            }
            try {
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollback(c);
                job.done().completeExceptionally(failure(e));
                return;
            }
            committed();
            completion.run();
        }

        private void throwIfLost(Exception e) {
            if (PgErrors.isConnectionLost(e)) {
                throw new LostBeforeCommit(e);
            }
        }

        private <T> Runnable run(Connection c, Job<T> job) throws SQLException {
            T result = job.work().run(c, this);
            return () -> job.done().complete(result);
        }

        private void committed() {
            afterCommit.forEach(Runnable::run);
            afterCommit.clear();
        }

        private void rollback(Connection c) {
            afterCommit.clear();
            try {
                c.rollback();
            } catch (SQLException e) {
                log.debug("rollback failed on {}", database, e);
            }
        }
    }
}
