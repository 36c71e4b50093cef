package dev.agentbuilder.chat.core;

import java.util.Objects;

/**
 * A knowledge file of the agent being built: a file its owner gave it, which the agent searches when
 * {@link Capability#FILE_SEARCH} is on. The draft lists its files; the bytes and their passages live in the thread's
 * store ({@link dev.agentbuilder.chat.core.spi.KnowledgeStore}).
 *
 * <p>The status is the file's, not the draft version's: it moves from {@link FileStatus#INDEXING} to
 * {@link FileStatus#READY} or {@link FileStatus#FAILED} once, whatever draft versions come and go meanwhile, so it is
 * left out of the comparison of two drafts' file lists ({@link #sameFile}).
 *
 * @param fileId the server's id, unique within the thread
 * @param name   the name it was uploaded under, reduced to its last path element
 * @param size   its length in bytes
 * @param type   its media type as read from its content: one of {@link #TYPES}
 * @param status where it is on its way to being searchable
 * @param error  why it failed, for people; null unless {@code status} is {@link FileStatus#FAILED}
 */
public record AgentFile(String fileId, String name, long size, String type, FileStatus status, String error) {

    /** The media types a knowledge file may have. */
    public static final java.util.List<String> TYPES = java.util.List.of(
            "text/plain", "text/markdown", "application/pdf", "text/html", "text/csv", "application/json");

    public AgentFile {
        Objects.requireNonNull(fileId, "fileId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0: " + size);
        }
        if ((status == FileStatus.FAILED) != (error != null)) {
            throw new IllegalArgumentException("a failed file, and only a failed one, has an error: " + fileId);
        }
    }

    /** This file with another status. */
    public AgentFile withStatus(FileStatus newStatus, String newError) {
        return new AgentFile(fileId, name, size, type, newStatus, newError);
    }

    /** Whether {@code other} is the same file, whatever the status of each. */
    public boolean sameFile(AgentFile other) {
        return fileId.equals(other.fileId) && name.equals(other.name) && size == other.size
                && type.equals(other.type);
    }
}
