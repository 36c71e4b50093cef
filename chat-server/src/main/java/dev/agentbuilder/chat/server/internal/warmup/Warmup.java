package dev.agentbuilder.chat.server.internal.warmup;

import dev.agentbuilder.chat.core.ChatEngine;
import dev.agentbuilder.chat.core.ThreadStores;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.offline.OfflineBuilderModel;
import dev.agentbuilder.chat.server.ChatServer;
import dev.agentbuilder.chat.server.ServerOptions;
import dev.agentbuilder.chat.sqlite.SqliteStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms a new node before it listens: a throwaway server of its own, on a loopback port, with the offline model and a
 * throwaway store of the same kind (a SQLite file in a temporary directory, for SQLite; the memory store otherwise),
 * takes what the first minute after a deploy brings (turns, then storms of new connections and of reconnections to
 * threads with history) so that the JIT compiles the handshake, the codec, joins, turns and the store's writes and
 * reads before the first real client comes. Nothing of it reaches the real store, the bus, the metrics or the real
 * model. Bounded by a time budget: what is not done by then is skipped.
 *
 * <p>Runs once, on the starting thread, before the server listens.
 */
public final class Warmup {

    private static final Logger log = LoggerFactory.getLogger(Warmup.class);
    /** Threads that run turns at once, and turns each. */
    private static final int TURN_THREADS = 32;
    private static final int TURNS = 4;
    /** Connections per storm; a storm of new threads, then one reconnecting to them, per round. */
    private static final int STORM = 2_000;
    private static final int ROUNDS = 3;

    /** What the warm-up did, for the log line. */
    public record Done(int turns, int connections, Duration took, boolean complete) {
    }

    private Warmup() {
    }

    /**
     * Runs the warm-up for at most {@code budget}.
     *
     * @param options the server's options: the warm-up server takes its frame and buffer settings, on loopback, with
     *                no authentication and no per-client limits
     * @param sqlite  whether the node's store is SQLite (then so is the warm-up's)
     */
    public static Done run(ServerOptions options, boolean sqlite, Duration budget) {
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        Path dir = null;
        WarmupClients clients = null;
        boolean complete = false;
        try {
            dir = sqlite ? Files.createTempDirectory("chat-warmup-") : null;
            ThreadStore store = sqlite ? SqliteStore.open(dir) : ThreadStores.inMemory();
            ChatEngine engine = ChatEngine.builder().model(OfflineBuilderModel.withChunkDelay(Duration.ZERO))
                    .store(store).sessionGrace(Duration.ZERO).build();
            ChatServer server = ChatServer.start(warmupOptions(options), engine);
            try {
                clients = new WarmupClients(server.port());
                complete = clients.turns("warmup-turns-", TURN_THREADS, TURNS, deadline);
                log.debug("warm-up: turns done after {} ms", (System.nanoTime() - start) / 1_000_000);
                for (int round = 0; complete && round < ROUNDS; round++) {
                    String prefix = "warmup-" + round + "-";
                    complete = clients.storm(prefix, STORM, deadline) && clients.storm(prefix, STORM, deadline);
                    log.debug("warm-up: round {} done after {} ms", round, (System.nanoTime() - start) / 1_000_000);
                }
            } finally {
                server.stop();
            }
        } catch (IOException e) {
            log.warn("the warm-up could not make its temporary directory; the server starts cold", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("the warm-up failed; the server starts cold", e);
        } finally {
            delete(dir);
        }
        return new Done(clients == null ? 0 : clients.turnsEnded(), clients == null ? 0 : clients.joined(),
                Duration.ofNanos(System.nanoTime() - start), complete);
    }

    private static ServerOptions warmupOptions(ServerOptions options) {
        ServerOptions.Limits lifted = options.limits()
                .withMaxConnections(Math.max(options.limits().maxConnections(), 4 * STORM))
                .withMaxConnectionsPerUser(Math.max(options.limits().maxConnectionsPerUser(), 4 * STORM))
                .withMessageRate(1_000_000, 1_000_000)
                .withFramesPerSecond(1_000_000);
        return options.withHost("127.0.0.1").withPort(0).withAccess(ServerOptions.Access.defaults())
                .withLimits(lifted).withShutdownDrain(Duration.ZERO);
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            log.debug("could not delete the warm-up's directory {}", dir, e);
        }
    }
}
