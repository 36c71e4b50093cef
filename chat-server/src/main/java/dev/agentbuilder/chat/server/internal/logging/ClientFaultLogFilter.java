package dev.agentbuilder.chat.server.internal.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.net.BindException;
import org.slf4j.Marker;

/**
 * Drops Java-WebSocket's ERROR lines that say, with a stack trace, what the server says better itself:
 * <ul>
 *   <li>a client that breaks the WebSocket protocol (bad UTF-8, reserved bits, a frame over the size limit, a broken
 *   handshake): that is the client's fault, not the server's; the connection gets its close code (1002, 1007, 1009)
 *   and the server logs the close at DEBUG. Its internal errors still pass;</li>
 *   <li>a port that cannot be bound: the start fails with one line naming the address and the reason
 *   ("could not listen on ..."), which a stack trace of the library's selector thread would only bury.</li>
 * </ul>
 * Installed by logback.xml. Stateless.
 */
public final class ClientFaultLogFilter extends TurboFilter {

    private static final String LIBRARY_CONNECTION_LOGGER = "org.java_websocket.WebSocketImpl";
    private static final String LIBRARY_SERVER_LOGGER = "org.java_websocket.server.WebSocketServer";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
            Throwable t) {
        if (level != Level.ERROR || format == null) {
            return FilterReply.NEUTRAL;
        }
        if (logger.getName().equals(LIBRARY_CONNECTION_LOGGER) && format.startsWith("Closing due to")
                && !format.contains("internal")) {
            return FilterReply.DENY;
        }
        if (logger.getName().equals(LIBRARY_SERVER_LOGGER) && t instanceof BindException) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
