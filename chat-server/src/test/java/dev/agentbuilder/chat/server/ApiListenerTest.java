package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.server.internal.api.ApiServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The API's listener: where it binds, what it says when it cannot, and that it stops. */
@Timeout(60)
class ApiListenerTest {

    @Test
    void aPortInUseIsRefusedWithAMessageNamingTheAddress() throws IOException {
        try (TestServer server = TestServer.start();
                ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> ApiServer.start("127.0.0.1", busy.getLocalPort(),
                    server.server.engine().threads(), server.server.engine().knowledge(), 1000, null, List.of()))
                    .isInstanceOf(ChatException.class)
                    .hasMessageContaining("could not listen for API requests on 127.0.0.1:" + busy.getLocalPort());
        }
    }

    @Test
    void aStoppedApiTakesNoConnectionsAndStoppingAgainIsHarmless() {
        TestServer server = TestServer.withApi(b -> b, o -> o);
        int port = server.api.port();
        assertThat(new ApiClient(server).get("/v1/openapi.json").status()).isEqualTo(200);

        server.api.stop();
        server.api.stop();

        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        server.close();
    }

    @Test
    void withAuthenticationOnTheApiSaysSo() {
        try (TestServer open = TestServer.withApi(b -> b, o -> o);
                TestServer guarded = TestServer.withApi(b -> b, o -> o.withAccess(o.access()
                        .withAuthSecret("a-test-secret-that-is-long-enough-for-hs256")))) {
            assertThat(open.api.authenticated()).isFalse();
            assertThat(guarded.api.authenticated()).isTrue();
        }
    }
}
