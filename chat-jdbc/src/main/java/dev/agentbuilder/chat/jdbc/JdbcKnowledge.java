package dev.agentbuilder.chat.jdbc;

import dev.agentbuilder.chat.core.AgentFile;
import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.FileStatus;
import dev.agentbuilder.chat.core.spi.ChunkVectors;
import dev.agentbuilder.chat.core.spi.KnowledgeStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The knowledge files of a {@link JdbcThreadStore}, in two tables every dialect has alike: {@code knowledge_files} (a
 * row per file: its metadata, its status, its bytes, the claim of the node indexing it, and its {@code position}
 * among the thread's files, which orders them) and {@code knowledge_chunks} (a row per passage, its embedding as
 * {@link ChunkVectors}' bytes). Bytes are bound with {@code setBytes} and read with {@code getBytes}, which both
 * drivers map to their binary column (SQLite's BLOB, PostgreSQL's bytea); times come from the {@link SqlDialect}, by
 * the database's clock.
 *
 * <p>Every write, the claim included, runs on the store's writer in the thread's strand, so it is ordered with the
 * thread's other writes and with its deletion ({@link #deleteThread}, which the store's deletion calls in its
 * transaction); reads run on its {@link Reads} and block. A file is added only to a thread that has a row: the insert
 * selects from {@code threads}.
 *
 * <p>Stateless beyond its store's writer and reads; thread-safe.
 */
final class JdbcKnowledge implements KnowledgeStore {

    private static final String INDEXING = "'" + FileStatus.INDEXING.id() + "'";
    private static final String FILE_COLUMNS = "file_id, name, size, type, status, error";

    private final Reads reads;
    private final GroupCommitWriter writer;
    private final String insert;
    private final String claim;
    private final String unindexed;

    JdbcKnowledge(Reads reads, GroupCommitWriter writer, SqlDialect sql) {
        this.reads = reads;
        this.writer = writer;
        this.insert = "INSERT INTO knowledge_files (thread_id, file_id, position, name, size, type, status, "
                + "created_at, content) SELECT thread_id, ?, (SELECT coalesce(max(position), 0) + 1 "
                + "FROM knowledge_files WHERE thread_id = ?), ?, ?, ?, " + INDEXING + ", " + sql.now() + ", ? "
                + "FROM threads WHERE thread_id = ?";
        // One statement, judged by the database's clock: the nodes sharing the store never compare their own.
        this.claim = "UPDATE knowledge_files SET claimed_by = ?, claimed_until = " + sql.nowPlusMillis()
                + " WHERE thread_id = ? AND file_id = ? AND status = " + INDEXING
                + " AND (claimed_by IS NULL OR claimed_by = ? OR claimed_until <= " + sql.now() + ")";
        this.unindexed = "SELECT thread_id, file_id FROM knowledge_files WHERE status = " + INDEXING
                + " AND (claimed_until IS NULL OR claimed_by = ? OR claimed_until <= " + sql.now() + ") "
                + "ORDER BY created_at, thread_id, position LIMIT ?";
    }

    @Override
    public CompletableFuture<Boolean> add(String threadId, AgentFile file, byte[] content) {
        Objects.requireNonNull(content, "content");
        return writer.submit(threadId, tx -> {
            PreparedStatement s = tx.prepare(insert);
            s.setString(1, file.fileId());
            s.setString(2, threadId);
            s.setString(3, file.name());
            s.setLong(4, file.size());
            s.setString(5, file.type());
            s.setBytes(6, content);
            s.setString(7, threadId);
            return s.executeUpdate() == 1;
        });
    }

    @Override
    public List<AgentFile> files(String threadId) {
        return reads.read(s -> {
            PreparedStatement select = s.prepare("SELECT " + FILE_COLUMNS
                    + " FROM knowledge_files WHERE thread_id = ? ORDER BY position, file_id");
            select.setString(1, threadId);
            List<AgentFile> files = new ArrayList<>();
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    files.add(file(r));
                }
            }
            return files;
        });
    }

    @Override
    public Optional<AgentFile> file(String threadId, String fileId) {
        return reads.read(s -> {
            PreparedStatement select = s.prepare("SELECT " + FILE_COLUMNS
                    + " FROM knowledge_files WHERE thread_id = ? AND file_id = ?");
            select.setString(1, threadId);
            select.setString(2, fileId);
            try (ResultSet r = select.executeQuery()) {
                return r.next() ? Optional.of(file(r)) : Optional.empty();
            }
        });
    }

    @Override
    public Optional<byte[]> content(String threadId, String fileId) {
        return reads.read(s -> {
            PreparedStatement select = s.prepare(
                    "SELECT content FROM knowledge_files WHERE thread_id = ? AND file_id = ?");
            select.setString(1, threadId);
            select.setString(2, fileId);
            try (ResultSet r = select.executeQuery()) {
                return r.next() ? Optional.of(binary(r, 1)) : Optional.empty();
            }
        });
    }

    /** By the owner in the threads' rows: a user's threads are a range of the listing's index. */
    @Override
    public long bytesOfUser(String userId) {
        return reads.read(s -> {
            PreparedStatement select = s.prepare("SELECT coalesce(sum(k.size), 0) FROM threads t "
                    + "JOIN knowledge_files k ON k.thread_id = t.thread_id WHERE t.owner_user_id = ?");
            select.setString(1, userId);
            try (ResultSet r = select.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    @Override
    public CompletableFuture<Boolean> remove(String threadId, String fileId) {
        return writer.submit(threadId, tx -> {
            deleteChunks(tx, threadId, fileId);
            PreparedStatement delete = tx.prepare("DELETE FROM knowledge_files WHERE thread_id = ? AND file_id = ?");
            delete.setString(1, threadId);
            delete.setString(2, fileId);
            return delete.executeUpdate() == 1;
        });
    }

    /** The status changes first, only from indexing: when it does not, nothing is stored. */
    @Override
    public CompletableFuture<Boolean> indexed(String threadId, String fileId, List<Chunk> chunks) {
        List<Chunk> passages = List.copyOf(chunks);
        for (Chunk chunk : passages) {
            if (!chunk.fileId().equals(fileId)) {
                throw new IllegalArgumentException("a passage of file " + chunk.fileId() + " among those of "
                        + fileId);
            }
        }
        List<byte[]> vectors = passages.stream().map(c -> ChunkVectors.toBytes(c.vector())).toList();
        return writer.submit(threadId, tx -> {
            PreparedStatement ready = tx.prepare("UPDATE knowledge_files SET status = '" + FileStatus.READY.id()
                    + "', error = NULL, claimed_by = NULL, claimed_until = NULL "
                    + "WHERE thread_id = ? AND file_id = ? AND status = " + INDEXING);
            ready.setString(1, threadId);
            ready.setString(2, fileId);
            if (ready.executeUpdate() == 0) {
                return false;
            }
            if (passages.isEmpty()) {
                return true;
            }
            PreparedStatement insert = tx.prepare("INSERT INTO knowledge_chunks (thread_id, file_id, idx, "
                    + "start_pos, end_pos, text, vector) VALUES (?, ?, ?, ?, ?, ?, ?)");
            // A batch a failed attempt left behind must not run again with this one.
            insert.clearBatch();
            for (int i = 0; i < passages.size(); i++) {
                Chunk chunk = passages.get(i);
                insert.setString(1, threadId);
                insert.setString(2, fileId);
                insert.setInt(3, chunk.index());
                insert.setInt(4, chunk.start());
                insert.setInt(5, chunk.end());
                insert.setString(6, chunk.text());
                insert.setBytes(7, vectors.get(i));
                insert.addBatch();
            }
            insert.executeBatch();
            return true;
        });
    }

    @Override
    public CompletableFuture<Boolean> failed(String threadId, String fileId, String reason) {
        Objects.requireNonNull(reason, "reason");
        return writer.submit(threadId, tx -> {
            PreparedStatement update = tx.prepare("UPDATE knowledge_files SET status = '" + FileStatus.FAILED.id()
                    + "', error = ?, claimed_by = NULL, claimed_until = NULL WHERE thread_id = ? AND file_id = ?");
            update.setString(1, reason);
            update.setString(2, threadId);
            update.setString(3, fileId);
            if (update.executeUpdate() == 0) {
                return false;
            }
            deleteChunks(tx, threadId, fileId);
            return true;
        });
    }

    /** One read, a range of the primary key per file, the files in the thread's order. */
    @Override
    public List<Chunk> chunks(String threadId, Collection<String> fileIds) {
        if (fileIds.isEmpty()) {
            return List.of();
        }
        return reads.read(s -> {
            PreparedStatement files = s.prepare(
                    "SELECT file_id FROM knowledge_files WHERE thread_id = ? ORDER BY position, file_id");
            files.setString(1, threadId);
            List<String> ordered = new ArrayList<>();
            try (ResultSet r = files.executeQuery()) {
                while (r.next()) {
                    if (fileIds.contains(r.getString(1))) {
                        ordered.add(r.getString(1));
                    }
                }
            }
            List<Chunk> chunks = new ArrayList<>();
            PreparedStatement select = s.prepare("SELECT idx, text, start_pos, end_pos, vector FROM knowledge_chunks "
                    + "WHERE thread_id = ? AND file_id = ? ORDER BY idx");
            for (String fileId : ordered) {
                select.setString(1, threadId);
                select.setString(2, fileId);
                try (ResultSet r = select.executeQuery()) {
                    while (r.next()) {
                        chunks.add(new Chunk(fileId, r.getInt(1), r.getString(2), r.getInt(3), r.getInt(4),
                                ChunkVectors.fromBytes(binary(r, 5))));
                    }
                }
            }
            return chunks;
        });
    }

    /**
     * On the writer, in the thread's strand (SQLite's readers cannot write), and waits for its commit: so a claim is
     * ordered with the file's other writes and the thread's deletion. Never call it from a write's callback, which
     * runs on the writer.
     */
    @Override
    public boolean claim(String threadId, String fileId, String nodeId, Duration lease) {
        Objects.requireNonNull(nodeId, "nodeId");
        if (lease.toMillis() < 1) {
            throw new IllegalArgumentException("a claim's lease must be at least 1 ms: " + lease);
        }
        CompletableFuture<Boolean> claimed = writer.submit(threadId, tx -> {
            PreparedStatement update = tx.prepare(claim);
            update.setString(1, nodeId);
            update.setLong(2, lease.toMillis());
            update.setString(3, threadId);
            update.setString(4, fileId);
            update.setString(5, nodeId);
            return update.executeUpdate() == 1;
        });
        try {
            return claimed.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof ChatException chat ? chat : e;
        }
    }

    @Override
    public List<FileRef> unindexed(String nodeId, int limit) {
        if (limit < 1) {
            // SQLite reads a negative LIMIT as none at all.
            throw new IllegalArgumentException("limit must be >= 1: " + limit);
        }
        return reads.read(s -> {
            PreparedStatement select = s.prepare(unindexed);
            select.setString(1, nodeId);
            select.setInt(2, limit);
            List<FileRef> files = new ArrayList<>();
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    files.add(new FileRef(r.getString(1), r.getString(2)));
                }
            }
            return files;
        });
    }

    /** Deletes every file of the thread and their passages, in the transaction of the thread's deletion. */
    void deleteThread(Transaction tx, String threadId) throws SQLException {
        // Passages first: a dialect's schema may hold them to their file.
        for (String table : List.of("knowledge_chunks", "knowledge_files")) {
            PreparedStatement delete = tx.prepare("DELETE FROM " + table + " WHERE thread_id = ?");
            delete.setString(1, threadId);
            delete.executeUpdate();
        }
    }

    private static void deleteChunks(Transaction tx, String threadId, String fileId) throws SQLException {
        PreparedStatement delete = tx.prepare("DELETE FROM knowledge_chunks WHERE thread_id = ? AND file_id = ?");
        delete.setString(1, threadId);
        delete.setString(2, fileId);
        delete.executeUpdate();
    }

    /** A binary column, never null: sqlite-jdbc reads an empty BLOB as null. */
    private static byte[] binary(ResultSet r, int column) throws SQLException {
        byte[] bytes = r.getBytes(column);
        return bytes == null ? new byte[0] : bytes;
    }

    private static AgentFile file(ResultSet r) throws SQLException {
        String fileId = r.getString(1);
        String status = r.getString(5);
        return new AgentFile(fileId, r.getString(2), r.getLong(3), r.getString(4),
                FileStatus.fromId(status).orElseThrow(() -> new IllegalStateException(
                        "unknown status " + status + " of file " + fileId)), r.getString(6));
    }
}
