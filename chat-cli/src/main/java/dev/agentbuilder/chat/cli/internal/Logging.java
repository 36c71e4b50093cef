package dev.agentbuilder.chat.cli.internal;


/**
 * Configures slf4j-simple through its system properties. They are read when the first logger is created, so this must
 * run before that; {@code ChatCli.main} calls it first thing. The quiet default (warn, on stderr) comes from
 * {@code simplelogger.properties}; a system property set here wins over that file.
 */
public final class Logging {

    static final String LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    private Logging() {
    }

    /** With {@code verbose}, debug logging on stderr; otherwise the quiet default stays. */
    public static void configure(boolean verbose) {
        if (verbose) {
            System.setProperty(LEVEL, "debug");
        }
    }
}
