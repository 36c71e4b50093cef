package dev.agentbuilder.chat.sqlite.internal;

import dev.agentbuilder.chat.core.ChatException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * one fsync. A write's caller learns of its success only after the transaction that holds it has committed. A write
 * that fails is rolled back alone (see {@link #commit}).
 *
 * <p>The connection, its statements and the hook lists are confined to the writer; {@link #queue} is thread-safe.
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
    private final Map<String, PreparedStatement> statements = new HashMap<>();
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
     * Queues {@code work} to run in a transaction; the future completes on the writer once that transaction
     * is committed, or fails with a {@link ChatException}.
     */
    <T> CompletableFuture<T> submit(Work<T> work) {
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
     * A prepared statement for {@code sql} on the write connection, made once and reused: preparing costs as much
     * as running most of our statements. The caller must not close it; its parameters are cleared. Only for work
     * running on the writer.
     */
    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        } else {
            statement.clearParameters();
        }
        return statement;
    }

    /**
     * Runs {@code action} on the writer once the current transaction has committed; dropped if it rolls
     * back. Only for work running on the writer.
     */
    void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    /**
     * Runs {@code action} on the writer if the transaction of the work that registered it is rolled back.
     * Only for work running on the writer.
     */
    void afterRollback(Runnable action) {
        afterRollback.add(action);
    }

    /**
     * Runs the batch in one transaction. If any job fails, the whole transaction is rolled back and every job runs
     * again in a transaction of its own, so one bad write fails alone (and nothing is acknowledged that was rolled
     * back). Failures are rare; the common path pays for no savepoints.
     */
    private void commit(List<Job<?>> batch) {
        if (batch.size() == 1 || !tryTogether(batch)) {
            for (Job<?> job : batch) {
                runAlone(job);
            }
        }
    }

    private boolean tryTogether(List<Job<?>> batch) {
        List<Runnable> completions = new ArrayList<>(batch.size());
        try {
            for (Job<?> job : batch) {
                completions.add(run(job));
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollback();
            log.debug("a batch of {} writes failed; running them one by one: {}", batch.size(), e.toString());
            return false;
        }
        committed();
        completions.forEach(Runnable::run);
        return true;
    }

    private <T> void runAlone(Job<T> job) {
        try {
            Runnable completion = run(job);
            connection.commit();
            committed();
            completion.run();
        } catch (SQLException | RuntimeException e) {
            rollback();
            job.done().completeExceptionally(e instanceof ChatException chat ? chat : failure(e));
        }
    }

    /** Runs one job; returns how to complete its future once the transaction has committed. */
    private <T> Runnable run(Job<T> job) throws SQLException {
        T result = job.work().run(connection);
        return () -> job.done().complete(result);
    }

    private void committed() {
        afterCommit.forEach(Runnable::run);
        afterCommit.clear();
        afterRollback.clear();
    }

    private void rollback() {
        rollbackQuietly();
        afterCommit.clear();
        afterRollback.forEach(Runnable::run);
        afterRollback.clear();
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
            for (PreparedStatement statement : statements.values()) {
                statement.close();
            }
            connection.close();
        } catch (SQLException e) {
            log.warn("closing {} failed: {}", file, e.getMessage());
        }
    }
}
