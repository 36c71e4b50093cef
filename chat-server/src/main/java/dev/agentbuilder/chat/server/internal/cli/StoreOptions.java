package dev.agentbuilder.chat.server.internal.cli;

import dev.agentbuilder.chat.server.ServerDefaults;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * chat-server's options for where threads are kept: SQLite in a directory, PostgreSQL at a URL, or memory.
 *
 * <p>Filled by picocli on the main thread before the command runs, and only read afterwards, on that thread.
 */
public final class StoreOptions {

    /** Where threads are kept. */
    public enum StoreKind { sqlite, memory, postgres }

    @Option(names = "--store", order = 6, defaultValue = "${env:CHAT_STORE:-" + ServerDefaults.STORE + "}",
            description = "Where threads are kept: sqlite (durable, the default), postgres (durable, shared by "
                    + "several nodes: see --database-url) or memory (lost on exit) (env CHAT_STORE).")
    StoreKind store;

    @Option(names = "--database-url", order = 7, defaultValue = "${env:CHAT_DATABASE_URL}",
            description = "The PostgreSQL database of --store postgres: jdbc:postgresql://HOST:PORT/DB?user=U; "
                    + "the password from env CHAT_DATABASE_PASSWORD, or the URL (env CHAT_DATABASE_URL).")
    String databaseUrl;

    @Option(names = "--data-dir", order = 12, defaultValue = "${env:CHAT_DATA_DIR:-" + ServerDefaults.DATA_DIR + "}",
            description = "Directory of the SQLite database chat.db (env CHAT_DATA_DIR).")
    Path dataDir;

    public StoreKind kind() {
        return store;
    }
}
