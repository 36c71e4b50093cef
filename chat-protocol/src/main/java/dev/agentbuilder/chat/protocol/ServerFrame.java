package dev.agentbuilder.chat.protocol;

import java.util.List;

/** A frame the chat server sends to a client (protocol v1). See docs/protocol.md. */
public sealed interface ServerFrame {

    /** The frame's {@code type} on the wire. */
    String type();

    /**
     * {@code ready}: the first frame after a join. {@code status} is "idle" or "thinking"; {@code limits} is what the
     * server accepts (null from a server that predates it: assume the defaults of docs/protocol.md).
     */
    record Ready(
            String threadId,
            String userId,
            String connectionId,
            long lastSeq,
            WireAgent agent,
            String status,
            boolean reset,
            WireLimits limits,
            WireQuota quota) implements ServerFrame {

        public Ready(String threadId, String userId, String connectionId, long lastSeq, WireAgent agent, String status,
                boolean reset) {
            this(threadId, userId, connectionId, lastSeq, agent, status, reset, null);
        }

        public Ready(String threadId, String userId, String connectionId, long lastSeq, WireAgent agent, String status,
                boolean reset, WireLimits limits) {
            this(threadId, userId, connectionId, lastSeq, agent, status, reset, limits, null);
        }

        @Override
        public String type() {
            return "ready";
        }
    }

    /** {@code message}: a stored user or assistant message. */
    record Message(long seq, WireMessage message) implements ServerFrame {
        @Override
        public String type() {
            return "message";
        }
    }

    /**
     * {@code agent_updated}: the stored draft changed. {@code source} says who changed it: "builder", "user" or
     * "revert" (null from a server that predates it: read it as "builder").
     */
    record AgentUpdated(long seq, WireAgent agent, String source) implements ServerFrame {

        public AgentUpdated(long seq, WireAgent agent) {
            this(seq, agent, null);
        }

        @Override
        public String type() {
            return "agent_updated";
        }
    }

    /**
     * {@code ack}: the sender's user message, or change to the draft, is stored (or was, with {@code duplicate}).
     * {@code messageId} is null for a change to the draft.
     */
    record Ack(String clientMessageId, String messageId, long seq, boolean duplicate) implements ServerFrame {
        @Override
        public String type() {
            return "ack";
        }
    }

    /** {@code status}: "thinking" while the builder works, "idle" after. */
    record Status(String state) implements ServerFrame {
        @Override
        public String type() {
            return "status";
        }
    }

    /**
     * {@code assistant_delta}: the next piece of the reply with id {@code messageId}; {@code channel} is "preview" for
     * a reply of the agent being built, null for the builder's.
     */
    record AssistantDelta(String messageId, String delta, String channel, java.util.List<WireCitation> citations)
            implements ServerFrame {

        /** {@code citations}: on the first delta of a reply answered from knowledge files; else null. */
        public AssistantDelta {
            citations = citations == null || citations.isEmpty() ? null : java.util.List.copyOf(citations);
        }

        public AssistantDelta(String messageId, String delta, String channel) {
            this(messageId, delta, channel, null);
        }

        public AssistantDelta(String messageId, String delta) {
            this(messageId, delta, null, null);
        }

        @Override
        public String type() {
            return "assistant_delta";
        }
    }

    /** {@code file_status}: a knowledge file of the thread's agent changed its status (indexing, ready, failed). */
    record FileStatus(WireFile file) implements ServerFrame {

        @Override
        public String type() {
            return "file_status";
        }
    }

    /**
     * {@code error}: see {@link ErrorCodes}; {@code clientMessageId} when it concerns a request that had one, else
     * null; {@code currentVersion}, the draft's version now, with {@link ErrorCodes#VERSION_CONFLICT} only.
     */
    record ErrorFrame(String code, String message, String clientMessageId, Long currentVersion, WireQuota quota)
            implements ServerFrame {

        public ErrorFrame(String code, String message, String clientMessageId) {
            this(code, message, clientMessageId, null, null);
        }

        public ErrorFrame(String code, String message, String clientMessageId, Long currentVersion) {
            this(code, message, clientMessageId, currentVersion, null);
        }

        @Override
        public String type() {
            return "error";
        }
    }

    /** {@code agent_export}: the draft at {@code version} in {@code format}, the answer to {@code export_agent}. */
    record AgentExport(String format, String content, long version) implements ServerFrame {
        @Override
        public String type() {
            return "agent_export";
        }
    }

    /** {@code pong}: the answer to {@code ping}. */
    record Pong() implements ServerFrame {
        @Override
        public String type() {
            return "pong";
        }
    }

    /** {@code threads}: a page of the user's threads, newest first; {@code nextCursor} is null on the last page. */
    record Threads(List<WireThread> threads, String nextCursor, String query) implements ServerFrame {
        public Threads {
            threads = threads == null ? List.of() : List.copyOf(threads);
        }

        @Override
        public String type() {
            return "threads";
        }
    }

    /**
     * {@code thread_changed}: a thread of the watched list changed ({@code change}: created, updated, renamed,
     * deleted); {@code thread} is null when it left the list (deleted, or no longer matching the search).
     */
    record ThreadChanged(String change, String threadId, WireThread thread) implements ServerFrame {
        @Override
        public String type() {
            return "thread_changed";
        }
    }

    /** {@code thread_renamed}: the answer to {@code rename_thread}. */
    record ThreadRenamed(WireThread thread, String clientMessageId) implements ServerFrame {
        @Override
        public String type() {
            return "thread_renamed";
        }
    }

    /** {@code thread_deleted}: the answer to {@code delete_thread}. */
    record ThreadDeleted(String threadId, String clientMessageId) implements ServerFrame {
        @Override
        public String type() {
            return "thread_deleted";
        }
    }
}
