package dev.agentbuilder.chat.server.internal.logging;

import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sends to SLF4J, and so into the chosen log format, what would otherwise write to stderr on its own: records of
 * {@code java.util.logging} and {@code System.Logger} (pgjdbc and the JDK's HTTP server log there), and a thread that
 * dies of an uncaught exception. For the command, which owns the process; stateless.
 */
public final class LogRouting {

    private LogRouting() {
    }

    /**
     * Replaces the JUL root logger's console handler with the SLF4J bridge, and makes the default uncaught-exception
     * handler log an ERROR with the stack trace. Which JUL records reach the bridge follows the Logback levels
     * ({@code LevelChangePropagator} in {@code logback.xml}).
     */
    public static void install() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> LoggerFactory.getLogger("chat-server")
                .error("thread {} died of an uncaught exception", thread.getName(), error));
    }
}
