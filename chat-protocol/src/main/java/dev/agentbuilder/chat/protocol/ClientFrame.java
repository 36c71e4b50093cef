package dev.agentbuilder.chat.protocol;

/** A frame a client sends to the chat server (protocol v1). See docs/protocol.md. */
public sealed interface ClientFrame {

    /** The frame's {@code type} on the wire. */
    String type();

    /**
     * {@code user_message}: a message for the thread; {@code clientMessageId} is the idempotency key, or null.
     * {@code mode} is {@code "preview"} for a message to the agent being built, null (or {@code "builder"}) for one
     * to the builder.
     */
    record UserMessage(String content, String clientMessageId, String mode) implements ClientFrame {

        public static final String PREVIEW = "preview";
        public static final String BUILDER = "builder";

        /** A message to the builder. */
        public UserMessage(String content, String clientMessageId) {
            this(content, clientMessageId, null);
        }

        @Override
        public String type() {
            return "user_message";
        }

        public boolean preview() {
            return PREVIEW.equals(mode);
        }
    }

    /**
     * {@code update_agent}: changes the draft by hand, if it is still at {@code baseVersion}; the fields of
     * {@code changes} that are not null replace the draft's.
     */
    record UpdateAgent(long baseVersion, WireAgentChanges changes, String clientMessageId) implements ClientFrame {
        @Override
        public String type() {
            return "update_agent";
        }
    }

    /** {@code revert_agent}: makes the draft what it was at {@code version}, as a new version. */
    record RevertAgent(long version, String clientMessageId) implements ClientFrame {
        @Override
        public String type() {
            return "revert_agent";
        }
    }

    /** {@code export_agent}: asks for the current draft in {@code format} ("json", "openai" or "markdown"). */
    record ExportAgent(String format) implements ClientFrame {
        @Override
        public String type() {
            return "export_agent";
        }
    }

    /** {@code cancel}: stop the running turn. */
    record Cancel() implements ClientFrame {
        @Override
        public String type() {
            return "cancel";
        }
    }

    /** {@code ping}: the server answers {@code pong}. */
    record Ping() implements ClientFrame {
        @Override
        public String type() {
            return "ping";
        }
    }

    /**
     * {@code list_threads}: a page of the connection's user's threads. {@code query} (a search text), {@code cursor}
     * (the previous page's {@code nextCursor}) and {@code limit} are null when absent; {@code watch} is null for the
     * default, true.
     */
    record ListThreads(String query, String cursor, Integer limit, Boolean watch) implements ClientFrame {
        @Override
        public String type() {
            return "list_threads";
        }

        /** Whether the connection follows its user's list from now on (true unless the frame says false). */
        public boolean watching() {
            return watch == null || watch;
        }
    }

    /** {@code rename_thread}: gives one of the user's threads a title. */
    record RenameThread(String threadId, String title, String clientMessageId) implements ClientFrame {
        @Override
        public String type() {
            return "rename_thread";
        }
    }

    /** {@code delete_thread}: deletes one of the user's threads and everything of it. */
    record DeleteThread(String threadId, String clientMessageId) implements ClientFrame {
        @Override
        public String type() {
            return "delete_thread";
        }
    }
}
