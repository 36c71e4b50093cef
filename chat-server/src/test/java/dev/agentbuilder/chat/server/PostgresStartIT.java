package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The packaged server with {@code --store postgres} refuses, in one line naming what is missing, to start without it. */
@Timeout(120)
class PostgresStartIT {

    @Test
    void aDatabaseThatCannotBeReachedStopsTheStartWithOneLineNamingItAndNeverThePassword() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (ServerProcess server = ServerProcess.start(Map.of("CHAT_DATABASE_PASSWORD", "env-s3cret"),
                "--host", "127.0.0.1", "--port", "0", "--store", "postgres",
                "--database-url", "jdbc:postgresql://127.0.0.1:" + closedPort + "/chat?user=chat&password=url-s3cret")) {
            assertThat(server.awaitExit()).isEqualTo(1);
            assertThat(server.output())
                    .contains("chat-server: cannot reach the database 127.0.0.1:" + closedPort + "/chat")
                    .doesNotContain("s3cret")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void thePostgresStoreWithoutADatabaseUrlIsAUsageError() throws Exception {
        try (ServerProcess server = ServerProcess.start("--host", "127.0.0.1", "--port", "0", "--store", "postgres")) {
            assertThat(server.awaitExit()).isEqualTo(2);
            assertThat(server.output()).contains("--store postgres needs --database-url");
        }
    }
}
