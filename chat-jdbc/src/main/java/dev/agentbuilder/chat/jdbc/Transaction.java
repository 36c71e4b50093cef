package dev.agentbuilder.chat.jdbc;

/**
 * The transaction a {@link GroupCommitWriter.Work} runs in, shared with the other writes of its group commit. Only
 * for the work it is handed to, on the writer's thread.
 */
public interface Transaction extends Statements {

    /** Runs {@code action} on the writer once the transaction has committed; dropped if it rolls back. */
    void afterCommit(Runnable action);

    /**
     * Runs {@code action} on the writer if the transaction is rolled back: to forget what the work cached about
     * rows it wrote.
     */
    void afterRollback(Runnable action);
}
