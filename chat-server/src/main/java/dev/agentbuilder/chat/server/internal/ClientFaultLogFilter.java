package dev.agentbuilder.chat.server.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops Java-WebSocket's ERROR lines for a client that breaks the WebSocket protocol (bad UTF-8, reserved bits, a
 * frame over the size limit, a broken handshake); its internal errors still pass. That is the client's fault, not the server's: the connection gets its close code
 * (1002, 1007, 1009) and the server logs the close at DEBUG. Installed by logback.xml. Stateless.
 */
public final class ClientFaultLogFilter extends TurboFilter {

    private static final String LIBRARY_CONNECTION_LOGGER = "org.java_websocket.WebSocketImpl";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
            Throwable t) {
        if (level == Level.ERROR && format != null && logger.getName().equals(LIBRARY_CONNECTION_LOGGER)
                && format.startsWith("Closing due to") && !format.contains("internal")) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
