/**
 * What the JDBC thread stores share, for the store modules only (chat-sqlite, chat-postgres; an ArchUnit rule holds
 * it): {@link dev.agentbuilder.chat.jdbc.JdbcThreadStore}, the event log's SQL and decoding
 * ({@link dev.agentbuilder.chat.jdbc.EventLog}), and the {@link dev.agentbuilder.chat.jdbc.GroupCommitWriter} that
 * runs every write. A dialect adds only what its database does its own way: connections, schema, seq allocation, the
 * thread's row, fencing, and a few SQL fragments ({@link dev.agentbuilder.chat.jdbc.SqlDialect}).
 *
 * <p>Public because the dialects live in other modules; an application uses {@code SqliteStore} or
 * {@code PostgresStore}, never this package.
 */
package dev.agentbuilder.chat.jdbc;
