package dev.agentbuilder.chat.core.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** What a new message is stamped with: its id and its time. Stateless. */
final class Stamps {

    private Stamps() {
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    /** Message times have millisecond precision, as JavaScript clients parse them. */
    static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
