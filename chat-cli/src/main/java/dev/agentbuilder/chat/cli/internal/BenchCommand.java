package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.cli.ExitCodes;
import dev.agentbuilder.chat.protocol.TokenMask;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code chat-cli bench}: a load generator. Each virtual user has a thread of its own and holds a builder
 * conversation, one turn after another: it sends a message and waits for the assistant's reply to it. Reports
 * completed turns per second and the turn latency (from sending to the final reply).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures turns per second: concurrent users, each holding a conversation in its own thread.",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK_HELP, ExitCodes.CONNECTION_HELP, ExitCodes.SERVER_ERROR_HELP,
            ExitCodes.TIMEOUT_HELP})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:CHAT_URL:-ws://localhost:3004}",
            description = "The chat server (env CHAT_URL; default: ${DEFAULT-VALUE}).")
    private String url;

    @Option(names = "--users", defaultValue = "50", description = "Concurrent users, each in its own thread "
            + "(default: ${DEFAULT-VALUE}).")
    private int users;

    @Option(names = "--turns", defaultValue = "20", description = "Measured turns per user (default: "
            + "${DEFAULT-VALUE}).")
    private int turns;

    @Option(names = "--warmup-turns", defaultValue = "0", description = "Turns per user before the measurement "
            + "starts, in the same process, so neither the server's JIT nor this one's is measured (default: "
            + "${DEFAULT-VALUE}).")
    private int warmupTurns;

    @Option(names = "--timeout", defaultValue = "60s", converter = DurationConverter.class,
            description = "The longest a turn may take (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    private boolean json;

    // One token cannot serve every user (a token names one user), so bench mints one per user with the secret.
    // No ${DEFAULT-VALUE} in the description: it would print the secret in the help.
    @Option(names = "--auth-secret", paramLabel = "SECRET", defaultValue = "${env:CHAT_AUTH_SECRET}",
            description = "For a server that checks tokens: its secret, to mint each user a token for its own thread "
                    + "(env CHAT_AUTH_SECRET).")
    private String authSecret;

    @Override
    public Integer call() throws Exception {
        URI server = server();
        if (users < 1 || turns < 1 || warmupTurns < 0) {
            throw new ParameterException(spec.commandLine(),
                    "--users and --turns must be at least 1, --warmup-turns at least 0");
        }
        byte[] key = authSecret == null || authSecret.isEmpty() ? null : DevTokens.key(spec, authSecret);
        Duration longest = timeout.multipliedBy(turns + warmupTurns).plusMinutes(1);
        String run = Long.toString(System.currentTimeMillis(), 36);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger failed = new AtomicInteger();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(users);
        // Every user finishes its warm-up before anyone's measured turns start: the clock starts at the barrier.
        long[] start = new long[1];
        CyclicBarrier warmedUp = new CyclicBarrier(users, () -> start[0] = System.nanoTime());
        for (int u = 0; u < users; u++) {
            String threadId = "bench-" + run + "-" + u;
            String userId = "bench-user-" + u;
            String token = key == null ? null : DevTokens.mint(key, userId, List.of(threadId), Instant.now(), longest);
            Target target = new Target(server, threadId, userId, token);
            Thread user = new Thread(() -> {
                try {
                    new BenchUser(target, timeout).converse(warmupTurns, warmedUp, turns, latencies);
                } catch (ExitException e) {
                    failed.incrementAndGet();
                    failures.add(e.getMessage());
                } finally {
                    done.countDown();
                }
            }, "bench-user-" + u);
            user.setDaemon(true);
            user.start();
        }
        done.await(longest.toMillis(), TimeUnit.MILLISECONDS);
        double seconds = start[0] == 0 ? 0 : (System.nanoTime() - start[0]) / 1e9;
        print(new Result(latencies, seconds, failed.get()));
        if (!failures.isEmpty()) {
            throw new ExitException(ExitCodes.SERVER_ERROR, failed.get() + " of " + users + " users failed; first: "
                    + failures.get(0));
        }
        return ExitCodes.OK;
    }

    private URI server() {
        try {
            URI server = new URI(url);
            if (!"ws".equals(server.getScheme()) && !"wss".equals(server.getScheme()) || server.getHost() == null) {
                throw new ParameterException(spec.commandLine(),
                        "--url must be a ws:// or wss:// URL: " + TokenMask.url(url));
            }
            return server;
        } catch (URISyntaxException e) {
            throw new ParameterException(spec.commandLine(), "--url is not a URL: " + TokenMask.url(url));
        }
    }

    private void print(Result r) {
        var out = spec.commandLine().getOut();
        if (json) {
            out.printf(Locale.ROOT, "{\"users\":%d,\"turns\":%d,\"seconds\":%.3f,\"turnsPerSecond\":%.1f,"
                            + "\"p50Ms\":%.1f,\"p95Ms\":%.1f,\"p99Ms\":%.1f,\"failedUsers\":%d}%n",
                    users, r.turns(), r.seconds(), r.turnsPerSecond(), r.percentile(50), r.percentile(95),
                    r.percentile(99), r.failedUsers());
        } else {
            out.printf(Locale.ROOT, "%d users x %d turns: %d turns in %.2f s = %.1f turns/s; turn latency p50 %.0f ms,"
                            + " p95 %.0f ms, p99 %.0f ms; failed users %d%n",
                    users, turns, r.turns(), r.seconds(), r.turnsPerSecond(), r.percentile(50), r.percentile(95),
                    r.percentile(99), r.failedUsers());
        }
        out.flush();
    }

    /** What a run measured. */
    private record Result(List<Long> latencyNanos, double seconds, int failedUsers) {
        Result(ConcurrentLinkedQueue<Long> latencies, double seconds, int failedUsers) {
            this(latencies.stream().sorted().toList(), seconds, failedUsers);
        }

        int turns() {
            return latencyNanos.size();
        }

        double turnsPerSecond() {
            return seconds == 0 ? 0 : turns() / seconds;
        }

        double percentile(int p) {
            if (latencyNanos.isEmpty()) {
                return 0;
            }
            int index = (int) Math.ceil(p / 100.0 * latencyNanos.size()) - 1;
            return latencyNanos.get(Math.max(0, index)) / 1e6;
        }
    }
}
