package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentbuilder.chat.postgres.PostgresServer;
import dev.agentbuilder.chat.redis.RedisServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The packaged server's admin listener, as an orchestrator probes it: while starting, serving, and draining. */
@Timeout(180)
class AdminIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private record Answer(int status, String body) {
    }

    private static Answer get(int port, String path) {
        return get(port, path, Duration.ofSeconds(10));
    }

    /** The answer, or status -1 with the failure when there is none within {@code timeout}. */
    private static Answer get(int port, String path, Duration timeout) {
        try {
            HttpResponse<String> response = HTTP.send(request(port, path, timeout),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body().strip());
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static HttpRequest request(int port, String path, Duration timeout) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(timeout).build();
    }

    /** The jar on 127.0.0.1 with these options, once it listens and its {@code /readyz} says ready. */
    private static ServerProcess startReady(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0"));
        args.addAll(List.of(options));
        ServerProcess server = ServerProcess.start(args.toArray(String[]::new));
        try {
            server.awaitPort();
            assertThat(get(server.adminPort(), "/readyz")).isEqualTo(new Answer(200, "ready"));
            return server;
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    @Test
    void readinessTurns503BeforeConnectionsCloseWhileASlowTurnDrainsAfterSigterm() throws Exception {
        try (ServerProcess server = ServerProcess.start("--host", "127.0.0.1", "--port", "0", "--store", "memory",
                "--offline-chunk-delay", "150ms", "--shutdown-drain", "60s", "--log-format", "json")) {
            int port = server.awaitPort();
            int admin = server.adminPort();
            assertThat(get(admin, "/healthz")).isEqualTo(new Answer(200, "ok"));
            assertThat(get(admin, "/readyz")).isEqualTo(new Answer(200, "ready"));
            assertThat(get(admin, "/nothing-here").status()).isEqualTo(404);

            WsRecorder client = WsRecorder.connect("ws://127.0.0.1:" + port + "/?threadId=drain&userId=u1");
            client.expect("ready");
            client.sendUserMessage("I want an agent that helps me plan trips", "m1");
            client.framesThrough(f -> f.get("type").getAsString().equals("assistant_delta"));
            server.terminate();

            await().atMost(Duration.ofSeconds(30)).until(() -> get(admin, "/readyz").status() == 503);
            assertThat(get(admin, "/readyz").body()).startsWith("draining");
            assertThat(get(admin, "/healthz").status()).isEqualTo(200);
            // Once the drain has begun, a new connection is refused at once with 1001, and counted.
            server.awaitOutput(line -> line.contains("draining: new connections are refused"));
            WsRecorder late = WsRecorder.connect("ws://127.0.0.1:" + port + "/?threadId=late&userId=u2");
            assertThat(late.next()).isEqualTo(new WsRecorder.Closed(1001, "server shutting down"));
            assertThat(get(admin, "/metrics").body())
                    .containsPattern("(?m)^chat_connections_refused_total\\{code=\"1001\"\\} 1(\\.0)?$");
            // Not ready any more, yet the running turn goes on streaming to its client, to the end.
            List<JsonObject> rest = client.framesThrough(f -> f.get("type").getAsString().equals("message")
                    && f.getAsJsonObject("message").get("role").getAsString().equals("assistant"));
            assertThat(rest).isNotEmpty();
            // Then its connection closes with 1001 too: reconnect, elsewhere or here once the server is back.
            assertThat(client.awaitClose()).isEqualTo(1001);
            assertThat(server.awaitExit()).isZero();
            // --log-format json: every line of the output, start-up and shutdown included, is one JSON object.
            List<String> lines = server.output().lines().toList();
            assertThat(lines).hasSizeGreaterThan(3).allSatisfy(line -> assertThat(JsonParser.parseString(line)
                    .getAsJsonObject().get("level").getAsString()).isNotBlank());
            List<String> messages = lines.stream().map(line -> JsonParser.parseString(line).getAsJsonObject()
                    .get("formattedMessage").getAsString()).toList();
            assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("chat-server listening on ws://"))
                    .anySatisfy(m -> assertThat(m).isEqualTo("stopped"));
        }
    }

    @Test
    void notReadyWhileTheStoreIsStillBeingOpened() throws Exception {
        // A "database" that accepts connections and never answers: the start hangs in the store's connect.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "silent-database");
            acceptor.setDaemon(true);
            acceptor.start();
            try (ServerProcess server = ServerProcess.start("--host", "127.0.0.1", "--port", "0", "--store",
                    "postgres", "--database-url", "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort()
                            + "/chat?user=chat")) {
                int admin = server.adminPort();
                assertThat(get(admin, "/readyz")).isEqualTo(new Answer(503, "starting"));
                assertThat(get(admin, "/healthz").status()).isEqualTo(200);
            }
        }
    }

    @Test
    void notReadyWhileTheDatabaseIsDownAndReadyAgainOnceItIsBack() throws Exception {
        try (PostgresServer postgres = PostgresServer.start();
                ServerProcess server = startReady("--store", "postgres", "--database-url", postgres.createDatabase())) {
            int admin = server.adminPort();

            postgres.stop();
            await().atMost(Duration.ofSeconds(30)).until(() -> get(admin, "/readyz").status() == 503);
            assertThat(get(admin, "/readyz").body()).contains("cannot be reached");
            postgres.startAgain();

            await().atMost(Duration.ofSeconds(60)).until(() -> get(admin, "/readyz").status() == 200);
        }
    }

    @Test
    void livenessAndMetricsAnswerWithinAProbeTimeoutWhileReadinessWaitsForAFrozenDatabase() throws Exception {
        try (PostgresServer postgres = PostgresServer.start();
                ServerProcess server = startReady("--store", "postgres", "--database-url", postgres.createDatabase())) {
            int admin = server.adminPort();

            postgres.pause();
            try {
                // More readiness probes in flight than the admin listener has threads, each sent again as soon as
                // it is answered: every one waits for the frozen database until the readiness check gives up.
                AtomicBoolean probing = new AtomicBoolean(true);
                List<String> notReady = new CopyOnWriteArrayList<>();
                List<CompletableFuture<Void>> probes = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    probes.add(probeWhile(admin, probing, notReady));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> !notReady.isEmpty());
                int answered = notReady.size();
                // Kubernetes' default probe timeout is 1 s: liveness and scrapes get their answer within it while
                // readiness probes keep coming and waiting, through eight more of them.
                while (notReady.size() < answered + 8 && probes.stream().noneMatch(CompletableFuture::isDone)) {
                    assertThat(get(admin, "/healthz", Duration.ofSeconds(1))).isEqualTo(new Answer(200, "ok"));
                    assertThat(get(admin, "/metrics", Duration.ofSeconds(1)).status()).isEqualTo(200);
                }
                probing.set(false);
                CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
                assertThat(notReady).allSatisfy(body -> assertThat(body).contains("cannot be reached"));
            } finally {
                postgres.resume();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> get(admin, "/readyz").status() == 200);
        }
    }

    @Test
    void notReadyWhileRedisIsDownSayingTheBusIsNotConnected() throws Exception {
        try (RedisServer redis = RedisServer.start();
                ServerProcess server = startReady("--store", "postgres", "--database-url",
                        PostgresServer.shared().createDatabase(), "--bus", "redis", "--redis-url", redis.url())) {
            int admin = server.adminPort();

            redis.stop();
            await().atMost(Duration.ofSeconds(30)).until(() -> get(admin, "/readyz").status() == 503);
            assertThat(get(admin, "/readyz")).isEqualTo(new Answer(503,
                    "the thread bus is not connected to its broker"));
            redis.startAgain();

            await().atMost(Duration.ofSeconds(60)).until(() -> get(admin, "/readyz").status() == 200);
        }
    }

    /** GET /readyz, again and again while {@code probing}; the body of every 503 goes to {@code notReady}. */
    private static CompletableFuture<Void> probeWhile(int admin, AtomicBoolean probing, List<String> notReady) {
        return HTTP.sendAsync(request(admin, "/readyz", Duration.ofSeconds(30)), HttpResponse.BodyHandlers.ofString())
                .thenCompose(response -> {
                    assertThat(response.statusCode()).isEqualTo(503);
                    notReady.add(response.body().strip());
                    return probing.get() ? probeWhile(admin, probing, notReady)
                            : CompletableFuture.completedFuture(null);
                });
    }
}
