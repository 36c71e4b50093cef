package dev.agentbuilder.chat.server.internal.ops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM and SIGINT handling. A JVM stopped through its shutdown hooks exits with 143 or 130; handling the signals
 * ourselves lets the server stop gracefully and exit 0, as process managers expect from a clean stop. Stateless; the
 * handlers run on the JVM's signal thread.
 */
public final class Signals {

    private static final Logger log = LoggerFactory.getLogger(Signals.class);

    private Signals() {
    }

    /** Runs {@code action} on SIGTERM or SIGINT (on the JVM's signal thread, so it should hand off quickly). */
    @SuppressWarnings("removal")
    public static void onTermination(Runnable action) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> action.run());
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                log.debug("cannot handle SIG{} here; the shutdown hook will stop the server", name);
            }
        }
    }
}
