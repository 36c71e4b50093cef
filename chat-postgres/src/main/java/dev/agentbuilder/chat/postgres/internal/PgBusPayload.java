package dev.agentbuilder.chat.postgres.internal;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A notification's payload, {@code nodeId|threadId:seq}: which node stored which event. Immutable.
 *
 * @param nodeId   the publishing bus's id, so that it skips its own notifications
 * @param threadId the chat thread, which may itself hold {@code |} and {@code :}
 * @param seq      the stored event's seq
 */
record PgBusPayload(String nodeId, String threadId, long seq) {

    /** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. */
    static final int MAX_BYTES = 7_999;

    String encode() {
        return nodeId + "|" + threadId + ":" + seq;
    }

    boolean fits() {
        return encode().getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }

    /** The payload, or empty when it is not one of ours (someone else may NOTIFY on the channel). */
    static Optional<PgBusPayload> parse(String payload) {
        int bar = payload.indexOf('|');
        int colon = payload.lastIndexOf(':');
        if (bar <= 0 || colon <= bar + 1) {
            return Optional.empty();
        }
        try {
            long seq = Long.parseLong(payload.substring(colon + 1));
            return seq < 1 ? Optional.empty()
                    : Optional.of(new PgBusPayload(payload.substring(0, bar), payload.substring(bar + 1, colon), seq));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
