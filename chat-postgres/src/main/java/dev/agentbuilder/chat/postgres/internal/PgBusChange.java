package dev.agentbuilder.chat.postgres.internal;

import dev.agentbuilder.chat.common.Identifiers;
import dev.agentbuilder.chat.core.ThreadChange;
import dev.agentbuilder.chat.core.ThreadChange.Kind;
import java.util.Optional;

/**
 * A listing change's payload, {@code nodeId|kind|userId|threadId}, for example
 * {@code 9c2f4e01a7b3d655|renamed|alice|t-42}: at most 282 bytes from this bus, far within NOTIFY's 8000. Ids never
 * hold a {@code |} ({@link Identifiers}), so the bars split it one way only. Immutable.
 *
 * @param nodeId the publishing bus's id, so that it skips its own notifications
 * @param change the change
 */
record PgBusChange(String nodeId, ThreadChange change) {

    private static final char BAR = '|';
    /** Longer than any change: a node id, a kind and two ids of at most 128 characters. */
    private static final int MAX_CHARS = 1_024;

    /** @throws IllegalArgumentException naming the bad value, when the node id or an id could not be read back */
    PgBusChange {
        if (nodeId.isEmpty() || nodeId.length() > Identifiers.MAX_LENGTH || nodeId.indexOf(BAR) >= 0) {
            throw new IllegalArgumentException("not a bus's node id: \"" + nodeId + "\"");
        }
        Identifiers.require("a listing change's threadId", change.threadId());
        Identifiers.require("a listing change's userId", change.userId());
    }

    String encode() {
        return nodeId + BAR + change.kind().id() + BAR + change.userId() + BAR + change.threadId();
    }

    /** The payload, or empty when it is not one of ours (anyone may NOTIFY on the channel). Never throws. */
    static Optional<PgBusChange> parse(String payload) {
        if (payload == null || payload.length() > MAX_CHARS) {
            return Optional.empty();
        }
        String[] parts = payload.split("\\|", -1);
        if (parts.length != 4 || parts[0].isEmpty() || parts[0].length() > Identifiers.MAX_LENGTH) {
            return Optional.empty();
        }
        Kind kind = Kind.of(parts[1]);
        if (kind == null || !Identifiers.isValid(parts[2]) || !Identifiers.isValid(parts[3])) {
            return Optional.empty();
        }
        return Optional.of(new PgBusChange(parts[0], new ThreadChange(kind, parts[3], parts[2])));
    }
}
