package dev.agentbuilder.chat.core;

import java.util.Arrays;
import java.util.Optional;

/** Where a knowledge file is on its way to being searchable. */
public enum FileStatus {
    /** Stored; its passages are being read and embedded. */
    INDEXING("indexing"),
    /** Its passages are searchable. */
    READY("ready"),
    /** It could not be indexed; the file's {@code error} says why. */
    FAILED("failed");

    private final String id;

    FileStatus(String id) {
        this.id = id;
    }

    /** The wire name, for example {@code ready}. */
    public String id() {
        return id;
    }

    public static Optional<FileStatus> fromId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
    }
}
