package dev.agentbuilder.chat.core.internal.sqlite;

import dev.agentbuilder.chat.core.ChatException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every write to the database, on one thread ({@code sqlite-writer}) with one connection, with group commit: the
 * writes that queued up while the previous transaction committed go into the next one, so many chat threads share
 * one fsync. A write's caller learns of its success only after the transaction that holds it has committed. Each
 * write runs inside a savepoint, so a failing one is rolled back alone.
 *
 * <p>The connection and the hook lists are confined to the writer thread; {@link #queue} is thread-safe.
 */
final class SqliteWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SqliteWriter.class);
    private static final int MAX_BATCH = 512;

    /** A unit of work on the write connection. */
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private record Job<T>(Work<T> work, CompletableFuture<T> done) {
    }

    private static final Job<Void> STOP = new Job<>(c -> null, new CompletableFuture<>());

    private final Connection connection;
    private final String file;
    private final List<Runnable> afterCommit = new ArrayList<>();
    private final List<Runnable> afterRollback = new ArrayList<>();
    private final BlockingQueue<Job<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    SqliteWriter(Connection connection, String file) throws SQLException {
        this.connection = connection;
        this.file = file;
        connection.setAutoCommit(false);
        this.thread = new Thread(this::run, "sqlite-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code work} in a transaction and returns once that transaction is committed. Blocks the caller. */
    <T> T execute(Work<T> work) {
        CompletableFuture<T> done = submit(work);
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatException("interrupted while writing to " + file, e, true);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ChatException chat) {
                throw chat;
            }
            throw failure(cause);
        }
    }

    /**
     * Queues {@code work} behind every write queued before it, without waiting; a failure is only logged. The result
     * completes once the work is committed (or has failed).
     */
    CompletableFuture<Void> executeLater(Work<Void> work, String what) {
        return submit(work).whenComplete((v, e) -> {
            if (e != null) {
                log.warn("could not write {} to {}: {}", what, file, e.getMessage());
            }
        });
    }

    private <T> CompletableFuture<T> submit(Work<T> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new ChatException("the store " + file + " is closed", false));
            return done;
        }
        queue.add(new Job<>(work, done));
        return done;
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
            commit(batch);
            batch.clear();
            if (stop) {
                return;
            }
        }
    }

    /**
     * Runs {@code action} on the writer thread once the current transaction has committed; dropped if it rolls
     * back. Only for work running on the writer thread.
     */
    void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    /**
     * Runs {@code action} on the writer thread if the work that registered it is rolled back (its savepoint, or the
     * whole transaction). Only for work running on the writer thread.
     */
    void afterRollback(Runnable action) {
        afterRollback.add(action);
    }

    private void commit(List<Job<?>> batch) {
        List<Runnable> completions = new ArrayList<>(batch.size());
        try {
            for (Job<?> job : batch) {
                completions.add(runInSavepoint(job));
            }
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            afterCommit.clear();
            afterRollback.forEach(Runnable::run);
            afterRollback.clear();
            ChatException failure = failure(e);
            batch.forEach(job -> job.done().completeExceptionally(failure));
            return;
        }
        afterCommit.forEach(Runnable::run);
        afterCommit.clear();
        afterRollback.clear();
        completions.forEach(Runnable::run);
    }

    /** Runs one job; returns how to complete its future once the transaction has committed. */
    private <T> Runnable runInSavepoint(Job<T> job) throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        int commitHooks = afterCommit.size();
        int rollbackHooks = afterRollback.size();
        try {
            T result = job.work().run(connection);
            connection.releaseSavepoint(savepoint);
            return () -> job.done().complete(result);
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback(savepoint);
            } catch (SQLException rollbackFailed) {
                // After some errors (a full disk) SQLite has already rolled back the whole transaction: the batch
                // fails, with this error as its cause.
                e.addSuppressed(rollbackFailed);
                throw e instanceof SQLException sql ? sql : new SQLException(e.getMessage(), e);
            }
            afterCommit.subList(commitHooks, afterCommit.size()).clear();
            List<Runnable> undone = afterRollback.subList(rollbackHooks, afterRollback.size());
            undone.forEach(Runnable::run);
            undone.clear();
            ChatException failure = e instanceof ChatException chat ? chat : failure(e);
            return () -> job.done().completeExceptionally(failure);
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            log.debug("rollback failed on {}", file, e);
        }
    }

    private ChatException failure(Throwable e) {
        return new ChatException("could not write to the database " + file + ": " + e.getMessage(), e,
                !(e instanceof SQLException sql && SqliteErrors.isPermanent(sql)));
    }

    /** Finishes the queued writes, then closes the connection. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(STOP);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("closing {} failed: {}", file, e.getMessage());
        }
    }
}
