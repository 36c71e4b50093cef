package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.postgres.PostgresServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged server with {@code --store postgres} refuses, in one line naming what is missing, to start without its
 * database or its Redis, and refuses settings that do not fit together.
 */
@Timeout(120)
class ClusterStartIT {

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
    void aRedisThatCannotBeReachedStopsTheStartWithOneLineNamingItAndNeverThePassword() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String database = PostgresServer.shared().createDatabase();
        try (ServerProcess server = ServerProcess.start("--host", "127.0.0.1", "--port", "0", "--store", "postgres",
                "--database-url", database, "--redis-url", "redis://:redis-s3cret@127.0.0.1:" + closedPort)) {
            assertThat(server.awaitExit()).isEqualTo(1);
            assertThat(server.output())
                    .contains("chat-server: cannot reach Redis at 127.0.0.1:" + closedPort)
                    .doesNotContain("s3cret")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void aBusAcrossNodesWithAStoreOfOneNodeIsAUsageError() throws Exception {
        try (ServerProcess server = ServerProcess.start("--host", "127.0.0.1", "--port", "0", "--bus", "redis",
                "--redis-url", "redis://127.0.0.1:6379")) {
            assertThat(server.awaitExit()).isEqualTo(2);
            assertThat(server.output()).contains("--bus redis is for several nodes").contains("--store postgres");
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
