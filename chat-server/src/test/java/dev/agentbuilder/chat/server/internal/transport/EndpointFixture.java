package dev.agentbuilder.chat.server.internal.transport;

import dev.agentbuilder.chat.core.ChatEngine;
import dev.agentbuilder.chat.offline.OfflineBuilderModel;
import dev.agentbuilder.chat.server.ServerOptions;
import dev.agentbuilder.chat.server.internal.ops.ServerMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;

/**
 * A real {@link WsEndpoint} on 127.0.0.1 and a free port, on an in-memory engine with the offline builder and no
 * pings (so the only frames are the test's), for tests that reach into its sockets. Used from the test thread.
 */
final class EndpointFixture implements AutoCloseable {

    final ChatEngine engine = ChatEngine.builder().model(OfflineBuilderModel.create()).build();
    final WsEndpoint endpoint;

    EndpointFixture() {
        ServerOptions options = ServerOptions.defaults().withHost("127.0.0.1").withPort(0)
                .withConnectionLostTimeout(Duration.ZERO);
        endpoint = new WsEndpoint(options, engine, new ServerMeters(new SimpleMeterRegistry()), null);
        endpoint.startAndAwait();
    }

    int port() {
        return endpoint.getPort();
    }

    @Override
    public void close() {
        endpoint.closeAll(Duration.ofSeconds(1));
        engine.shutdown(Duration.ZERO);
    }
}
