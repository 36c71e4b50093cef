package dev.agentbuilder.chat.server.internal.cli;

import dev.agentbuilder.chat.core.ChatEngine;
import dev.agentbuilder.chat.core.EngineDefaults;
import dev.agentbuilder.chat.knowledge.Knowledge;
import picocli.CommandLine.Option;

/**
 * chat-server's options for the agents' knowledge files: whether there are any, and how large they may be.
 *
 * <p>Filled by picocli on the main thread before the command runs, and only read afterwards, on that thread.
 */
public final class KnowledgeOptions {

    @Option(names = "--knowledge", order = 30, negatable = true,
            defaultValue = "${env:CHAT_KNOWLEDGE:-true}", fallbackValue = "true",
            description = "Agents may be given knowledge files, which their preview searches with an embedding model "
                    + "in the server (loaded on first use: no network, no key). --no-knowledge refuses uploads (env "
                    + "CHAT_KNOWLEDGE).")
    boolean enabled;

    @Option(names = "--max-file-bytes", order = 30,
            defaultValue = "${env:CHAT_MAX_FILE_BYTES:-" + EngineDefaults.MAX_FILE_BYTES + "}",
            description = "The largest knowledge file, in bytes; a larger upload is refused as it streams (env "
                    + "CHAT_MAX_FILE_BYTES).")
    long maxFileBytes;

    @Option(names = "--max-files", order = 30,
            defaultValue = "${env:CHAT_MAX_FILES:-" + EngineDefaults.MAX_FILES + "}",
            description = "The most knowledge files of one agent (env CHAT_MAX_FILES).")
    int maxFiles;

    @Option(names = "--max-user-file-bytes", order = 30,
            defaultValue = "${env:CHAT_MAX_USER_FILE_BYTES:-" + EngineDefaults.MAX_USER_FILE_BYTES + "}",
            description = "The most bytes of all of one user's knowledge files (env CHAT_MAX_USER_FILE_BYTES).")
    long maxUserFileBytes;

    /**
     * Sets the engine's knowledge files from these options.
     *
     * @throws IllegalArgumentException for a limit out of range, naming it
     */
    public void applyTo(ChatEngine.Builder builder) {
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("--max-file-bytes must be at least 1: " + maxFileBytes);
        }
        if (maxFiles < 0 || maxUserFileBytes < 0) {
            throw new IllegalArgumentException("--max-files and --max-user-file-bytes must not be negative");
        }
        builder.knowledgeLimits(maxFileBytes, maxFiles, maxUserFileBytes);
        if (enabled) {
            builder.knowledge(Knowledge.reader(), Knowledge.embeddings(), Knowledge.MIN_SCORE);
        }
    }

    /** The largest upload the API reads. */
    public long maxFileBytes() {
        return maxFileBytes;
    }
}
