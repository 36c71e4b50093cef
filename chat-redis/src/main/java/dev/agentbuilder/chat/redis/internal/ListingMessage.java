package dev.agentbuilder.chat.redis.internal;

import dev.agentbuilder.chat.common.Identifiers;
import dev.agentbuilder.chat.core.ThreadChange;
import dev.agentbuilder.chat.core.ThreadChange.Kind;

/**
 * What one bus puts on the listing channel: {@code origin|kind|userId|threadId}, for example
 * {@code 3f0c…|renamed|alice|t-42}. The origin names the publishing bus, as an {@link Envelope}'s does, so that it
 * skips its own messages coming back. Ids never hold a {@code |} ({@link Identifiers}), so the bars split it one way
 * only. Immutable.
 */
record ListingMessage(String origin, ThreadChange change) {

    private static final char BAR = '|';
    /** Longer than any change: an origin, a kind and two ids of at most 128 characters. */
    private static final int MAX_CHARS = 1_024;

    /** @throws IllegalArgumentException naming the bad value, when the origin or an id could not be read back */
    ListingMessage {
        if (origin.isEmpty() || origin.length() > Identifiers.MAX_LENGTH || origin.indexOf(BAR) >= 0) {
            throw new IllegalArgumentException("not a bus's origin: \"" + origin + "\"");
        }
        Identifiers.require("a listing change's threadId", change.threadId());
        Identifiers.require("a listing change's userId", change.userId());
    }

    static String write(String origin, ThreadChange change) {
        return new ListingMessage(origin, change).toString();
    }

    @Override
    public String toString() {
        return origin + BAR + change.kind().id() + BAR + change.userId() + BAR + change.threadId();
    }

    /** Reads a message; null when it is not a listing change (anyone may publish on the channel). Never throws. */
    static ListingMessage read(String message) {
        if (message.length() > MAX_CHARS) {
            return null;
        }
        String[] parts = message.split("\\|", -1);
        if (parts.length != 4 || parts[0].isEmpty() || parts[0].length() > Identifiers.MAX_LENGTH) {
            return null;
        }
        Kind kind = Kind.of(parts[1]);
        if (kind == null || !Identifiers.isValid(parts[2]) || !Identifiers.isValid(parts[3])) {
            return null;
        }
        return new ListingMessage(parts[0], new ThreadChange(kind, parts[3], parts[2]));
    }
}
