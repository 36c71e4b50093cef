package dev.agentbuilder.chat.postgres;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for tests: {@code initdb} in a temporary folder, started with {@code pg_ctl} on a
 * free loopback port, {@code fsync=off} for speed, trust authentication for the {@code postgres} user. As root (CI)
 * it runs as the {@code postgres} user, since PostgreSQL refuses to run as root.
 *
 * <p>Without PostgreSQL installed, {@link #shared()} skips the test with the reason; with {@code CHAT_REQUIRE_SERVERS}
 * set (as {@code .ci/run} does) it fails it instead. Thread-safe: its methods are synchronized.
 */
public final class PostgresServer implements AutoCloseable {

    private static final String REQUIRE = "CHAT_REQUIRE_SERVERS";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer shared;

    private final Path bin;
    private final Path dir;
    private final boolean asPostgresUser;
    private int port;
    private boolean paused;

    private PostgresServer(Path bin, Path dir, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.asPostgresUser = asPostgresUser;
    }

    /** The server shared by every test of this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start();
            PostgresServer server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "postgres-test-stop"));
        }
        return shared;
    }

    /** A server of its own, for a test that stops or restarts it. Close it. */
    public static PostgresServer start() {
        Optional<Path> bin = binaries();
        String missing = "PostgreSQL's initdb and pg_ctl are not installed (apt-get install postgresql; "
                + ".ci/run does)";
        if (System.getenv(REQUIRE) != null && bin.isEmpty()) {
            throw new AssertionError(missing + ", and " + REQUIRE + " is set");
        }
        assumeTrue(bin.isPresent(), missing);
        try {
            boolean root = "root".equals(System.getProperty("user.name"));
            Path dir = Files.createTempDirectory("chat-pg-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            if (root) {
                UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
                Files.setOwner(dir, users.lookupPrincipalByName("postgres"));
            }
            PostgresServer server = new PostgresServer(bin.get(), dir, root);
            server.run(List.of(bin.get().resolve("initdb").toString(), "-D", server.data().toString(),
                    "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"));
            server.startServer();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> binaries() {
        String configured = System.getenv("CHAT_PG_BIN");
        if (configured != null) {
            return Optional.of(Path.of(configured));
        }
        Path versions = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(versions)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(versions)) {
            return dirs.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(b -> versionOf(b.getParent())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int versionOf(Path dir) {
        try {
            return Integer.parseInt(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private Path data() {
        return dir.resolve("data");
    }

    /** Starts the server on a new free port. */
    private void startServer() {
        port = freePort();
        startAgain();
    }

    /** Starts the stopped server again, on the port it had. */
    public synchronized void startAgain() {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-l", dir.resolve("log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off "
                        + "-c full_page_writes=off -c max_connections=200",
                "start"));
    }

    /** Stops the server (fast shutdown: clients are disconnected) and starts it again on the same port. */
    public synchronized void restart() {
        stop();
        startAgain();
    }

    public synchronized void stop() {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "fast", "-w", "stop"));
    }

    /**
     * SIGSTOP to the server and every process of it: connections stay open and nothing answers, as when its machine
     * hangs. {@link #resume} thaws it; {@link #close} does too.
     */
    public synchronized void pause() {
        signalAll("STOP");
        paused = true;
    }

    /** SIGCONT after {@link #pause}. */
    public synchronized void resume() {
        signalAll("CONT");
        paused = false;
    }

    /**
     * The postmaster first (stopped, it starts no more processes), then its backends and helpers; one of those that
     * exits meanwhile (an autovacuum worker) is no error.
     */
    private void signalAll(String signal) {
        long postmaster;
        try {
            postmaster = Long.parseLong(Files.readAllLines(data().resolve("postmaster.pid")).get(0).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(List.of("kill", "-" + signal, Long.toString(postmaster)));
        List<String> rest = new ArrayList<>(List.of("kill", "-" + signal));
        ProcessHandle.of(postmaster).stream().flatMap(ProcessHandle::descendants)
                .forEach(p -> rest.add(Long.toString(p.pid())));
        try {
            Process kill = new ProcessBuilder(rest).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(30, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new IllegalStateException("kill -" + signal + " did not finish in 30 s");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling PostgreSQL", e);
        }
    }

    public synchronized int port() {
        return port;
    }

    /** A new, empty database; its JDBC URL (user {@code postgres}, no password). */
    public synchronized String createDatabase() {
        String name = "chat_test_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"));
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create a test database on port " + port, e);
        }
        return jdbcUrl(name);
    }

    public synchronized String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
    }

    @Override
    public synchronized void close() {
        try {
            if (paused) {
                resume();
            }
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "immediate", "-w",
                    "stop"));
        } catch (RuntimeException e) {
            // Already stopped.
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind.
        }
    }

    private void run(List<String> command) {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("commands.log").toFile().exists()
                            ? ProcessBuilder.Redirect.appendTo(dir.resolve("commands.log").toFile())
                            : ProcessBuilder.Redirect.to(dir.resolve("commands.log").toFile()))
                    .start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 90 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with status " + p.exitValue()
                        + ":\n" + Files.readString(dir.resolve("commands.log"))
                        + (Files.exists(dir.resolve("log")) ? "\nserver log:\n" + Files.readString(dir.resolve("log"))
                        : ""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
