package dev.agentbuilder.chat.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Prepared statements on one connection, for the read or the write at hand. */
public interface Statements {

    /**
     * The statement for {@code sql}, its parameters cleared. The caller sets every parameter, closes its result sets
     * and never the statement: it may be reused by the next caller on the same connection.
     */
    PreparedStatement prepare(String sql) throws SQLException;
}
