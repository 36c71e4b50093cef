package dev.agentbuilder.chat.jdbc;

import dev.agentbuilder.chat.core.ChatException;

/** The database a store talks to, as its failures are reported: its name and what its errors mean. Thread-safe. */
public interface Database {

    /** The database in messages and logs: a file, or HOST:PORT/DB; never a password. */
    String name();

    /** Whether trying again later can help. */
    boolean isTransient(Throwable e);

    /**
     * Whether the connection itself failed (lost, or closed by the server): a transaction on it that did not commit
     * wrote nothing, and one whose commit was under way may or may not have.
     */
    boolean isConnectionLost(Throwable e);

    /** After a lost connection: the pool's idle connections are replaced rather than handed out to fail in turn. */
    void dropIdleConnections();

    /** The failure in one line. */
    default String describe(Throwable e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }

    /** What a failed write tells whoever waits for it. */
    default ChatException writeFailure(Throwable e) {
        if (e instanceof ChatException chat) {
            return chat;
        }
        return new ChatException("could not write to the database " + name() + ": " + describe(e), e,
                isTransient(e));
    }

    /**
     * What a failed read tells whoever made it. A row the read could not decode is no failure of the database: it
     * stays unreadable however often it is read.
     */
    default ChatException readFailure(Throwable e) {
        if (e instanceof ChatException chat) {
            return chat;
        }
        if (e instanceof RuntimeException) {
            return new ChatException("the database " + name() + " holds data this server cannot read: "
                    + describe(e), e, false);
        }
        return new ChatException("could not read the database " + name() + ": " + describe(e), e, isTransient(e));
    }
}
