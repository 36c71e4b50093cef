package dev.agentbuilder.chat.jdbc;

import dev.agentbuilder.chat.core.ChatException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every write of a store, on one strand or a few, with group commit: each chat thread's writes go to one strand (by
 * its id's hash), so they run in the order they were made, and each strand commits what queued up while its previous
 * transaction was under way in one transaction, so many chat threads share one commit (one fsync). A write's future
 * completes once its transaction has committed. A write that fails is rolled back alone: a failed batch runs again
 * one write per transaction, so nothing is acknowledged that was rolled back. Failures are rare; the common path pays
 * for no savepoints.
 *
 * <p>A strand writes on one connection of its own for the writer's life ({@link #onConnection}: SQLite, whose one
 * writer is the only one), whose statements are compiled once, or on a connection from a pool for each batch
 * ({@link #onPool}: PostgreSQL), whose statements are compiled once per batch. A pooled connection found dead before
 * a commit was sent (the database restarted since the pool last used it) is dropped, and the writes not yet committed
 * run once more on a new one; one lost during a commit is not retried: whether that commit happened is unknown.
 *
 * <p>Thread-safe: {@link #submit} may be called from any thread; each strand's connection, statements and hooks are
 * confined to the strand's own thread.
 */
public final class GroupCommitWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

    /** A unit of work in a strand's transaction. */
    public interface Work<T> {
        T run(Transaction tx) throws SQLException;
    }

    /** A write queued for chat thread {@code key}; an urgent one may commit ahead of its batch. */
    private record Job<T>(String key, boolean urgent, Work<T> work, CompletableFuture<T> done) {
    }

    private static final Job<Void> STOP = new Job<>("", false, tx -> null, new CompletableFuture<>());

    private final Database database;
    private final int maxBatch;
    private final Connection dedicated;
    private final DataSource pool;
    private final List<Strand> strands = new ArrayList<>();
    private volatile boolean closed;

    private GroupCommitWriter(Database database, int maxBatch, Connection dedicated, DataSource pool) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1: " + maxBatch);
        }
        this.database = database;
        this.maxBatch = maxBatch;
        this.dedicated = dedicated;
        this.pool = pool;
    }

    /**
     * One strand, thread {@code threadName}, writing on {@code connection} until {@link #close}, which closes it.
     * Statements are compiled once for the connection's life.
     */
    public static GroupCommitWriter onConnection(Connection connection, String threadName, int maxBatch,
            Database database) throws SQLException {
        connection.setAutoCommit(false);
        GroupCommitWriter writer = new GroupCommitWriter(database, maxBatch, connection, null);
        writer.start(threadName);
        return writer;
    }

    /** {@code strands} strands, threads {@code threadName-1} and on, each on a connection from {@code pool} per batch. */
    public static GroupCommitWriter onPool(DataSource pool, String threadName, int strands, int maxBatch,
            Database database) {
        if (strands < 1) {
            throw new IllegalArgumentException("strands must be >= 1: " + strands);
        }
        GroupCommitWriter writer = new GroupCommitWriter(database, maxBatch, null, pool);
        for (int i = 0; i < strands; i++) {
            writer.start(threadName + "-" + (i + 1));
        }
        return writer;
    }

    private void start(String threadName) {
        strands.add(new Strand(threadName));
    }

    /**
     * Queues {@code work} on the strand of {@code threadId}; the future completes on the strand once the transaction
     * that holds it has committed, or fails with a {@link ChatException}. Never blocks.
     */
    public <T> CompletableFuture<T> submit(String threadId, Work<T> work) {
        return queue(threadId, false, work);
    }

    /**
     * As {@link #submit}, for a write someone waits on (a user message, whose ack waits for its commit): when its
     * batch holds no earlier write of its chat thread, it commits in a transaction of its own ahead of the rest of the
     * batch (the other urgent ones with it). A chat thread's writes still commit in the order they were made. Under
     * load a batch holds many threads' replies and chat memory, and waiting for their commit put most of an ack's time
     * on the writer (docs/benchmarks.md).
     */
    public <T> CompletableFuture<T> submitUrgent(String threadId, Work<T> work) {
        return queue(threadId, true, work);
    }

    private <T> CompletableFuture<T> queue(String threadId, boolean urgent, Work<T> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new ChatException("the store " + database.name() + " is closed", false));
            return done;
        }
        strands.get(Math.floorMod(threadId.hashCode(), strands.size())).queue.add(new Job<>(threadId, urgent, work,
                done));
        return done;
    }

    /** Finishes the queued writes (up to 10 s a strand), then stops the strands and closes a dedicated connection. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        strands.forEach(s -> s.queue.add(STOP));
        try {
            for (Strand strand : strands) {
                strand.thread.join(TimeUnit.SECONDS.toMillis(10));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (dedicated != null) {
            strands.get(0).session.close();
            try {
                dedicated.close();
            } catch (SQLException e) {
                log.warn("closing {} failed: {}", database.name(), e.getMessage());
            }
        }
    }

    /** The connection failed before its transaction's commit was sent: nothing of it was committed. */
    private static final class LostBeforeCommit extends RuntimeException {
        LostBeforeCommit(Exception cause) {
            super(cause);
        }
    }

    /** One writer thread, its queue, and the transaction its jobs share. */
    private final class Strand implements Transaction {
        final BlockingQueue<Job<?>> queue = new LinkedBlockingQueue<>();
        final Thread thread;
        private final List<Runnable> afterCommit = new ArrayList<>();
        private final List<Runnable> afterRollback = new ArrayList<>();
        /** The session of the batch under way; for a dedicated connection, the one session for the writer's life. */
        private Session session;

        Strand(String name) {
            session = dedicated == null ? null : new Session(dedicated);
            thread = new Thread(this::run, name);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public PreparedStatement prepare(String sql) throws SQLException {
            return session.prepare(sql);
        }

        @Override
        public void afterCommit(Runnable action) {
            afterCommit.add(action);
        }

        @Override
        public void afterRollback(Runnable action) {
            afterRollback.add(action);
        }

        private void run() {
            List<Job<?>> batch = new ArrayList<>();
            while (true) {
                try {
                    batch.add(queue.take());
                } catch (InterruptedException e) {
                    return;
                }
                queue.drainTo(batch, maxBatch - 1);
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

        private void write(List<Job<?>> batch) {
            if (dedicated != null) {
                writeOn(batch);
                return;
            }
            for (int attempt = 1; ; attempt++) {
                List<Job<?>> left = batch.stream().filter(j -> !j.done().isDone()).toList();
                try (Connection c = pool.getConnection(); Session s = new Session(c)) {
                    c.setAutoCommit(false);
                    session = s;
                    writeOn(left);
                    return;
                } catch (LostBeforeCommit e) {
                    if (attempt == 2) {
                        failAll(left, e.getCause());
                        return;
                    }
                    log.debug("a connection to {} was lost before a commit; writing again on another",
                            database.name());
                    database.dropIdleConnections();
                } catch (SQLException | RuntimeException e) {
                    // No connection (the database is down, or the pool exhausted): every write left fails.
                    failAll(left, e);
                    return;
                } finally {
                    session = null;
                }
            }
        }

        private void writeOn(List<Job<?>> batch) {
            List<Job<?>> ahead = ahead(batch);
            if (ahead.isEmpty() || ahead.size() == batch.size()) {
                commit(batch);
                return;
            }
            List<Job<?>> rest = new ArrayList<>(batch.size() - ahead.size());
            Set<Job<?>> first = Collections.newSetFromMap(new IdentityHashMap<>());
            first.addAll(ahead);
            for (Job<?> job : batch) {
                if (!first.contains(job)) {
                    rest.add(job);
                }
            }
            commit(ahead);
            commit(rest);
        }

        /** The urgent jobs whose chat thread has no earlier job in the batch, in their order. */
        private static List<Job<?>> ahead(List<Job<?>> batch) {
            List<Job<?>> ahead = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Job<?> job : batch) {
                if (seen.add(job.key()) && job.urgent()) {
                    ahead.add(job);
                }
            }
            return ahead;
        }

        private void commit(List<Job<?>> jobs) {
            if (jobs.size() == 1 || !tryTogether(jobs)) {
                for (Job<?> job : jobs) {
                    runAlone(job);
                }
            }
        }

        /**
         * Runs the batch in one transaction: true when that settled every job. False when a job failed, or the
         * commit did with nothing committed: the transaction was rolled back, and the jobs must run one by one.
         */
        private boolean tryTogether(List<Job<?>> batch) {
            List<Runnable> completions = new ArrayList<>(batch.size());
            try {
                for (Job<?> job : batch) {
                    completions.add(run(job));
                }
            } catch (SQLException | RuntimeException e) {
                rollback();
                throwIfLost(e);
                log.debug("a batch of {} writes failed; running them one by one: {}", batch.size(), e.toString());
                return false;
            }
            try {
                session.connection().commit();
            } catch (SQLException | RuntimeException e) {
                rollback();
                if (database.isConnectionLost(e)) {
                    // Lost during the commit: whether it happened is unknown, so none of them may run again.
                    failAll(batch, e);
                    return true;
                }
                log.debug("a commit of {} writes failed; running them one by one: {}", batch.size(), e.toString());
                return false;
            }
            committed();
            completions.forEach(Runnable::run);
            return true;
        }

        private <T> void runAlone(Job<T> job) {
            Runnable completion;
            try {
                completion = run(job);
            } catch (SQLException | RuntimeException e) {
                rollback();
                throwIfLost(e);
                job.done().completeExceptionally(database.writeFailure(e));
                return;
            }
            try {
                session.connection().commit();
            } catch (SQLException | RuntimeException e) {
                rollback();
                job.done().completeExceptionally(database.writeFailure(e));
                return;
            }
            committed();
            completion.run();
        }

        /** A pooled connection lost before the commit: the writes not committed yet run again on another. */
        private void throwIfLost(Exception e) {
            if (dedicated == null && database.isConnectionLost(e)) {
                throw new LostBeforeCommit(e);
            }
        }

        /** Runs one job; returns how to complete its future once the transaction has committed. */
        private <T> Runnable run(Job<T> job) throws SQLException {
            T result = job.work().run(this);
            return () -> job.done().complete(result);
        }

        private void failAll(List<Job<?>> jobs, Throwable e) {
            ChatException failure = database.writeFailure(e);
            for (Job<?> job : jobs) {
                job.done().completeExceptionally(failure);
            }
        }

        private void committed() {
            afterCommit.forEach(Runnable::run);
            afterCommit.clear();
            afterRollback.clear();
        }

        private void rollback() {
            try {
                session.connection().rollback();
            } catch (SQLException e) {
                log.debug("rollback failed on {}", database.name(), e);
            }
            afterCommit.clear();
            afterRollback.forEach(Runnable::run);
            afterRollback.clear();
        }
    }
}
