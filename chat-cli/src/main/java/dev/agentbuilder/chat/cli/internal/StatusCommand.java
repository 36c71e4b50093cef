package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.cli.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code chat-cli status}: asks a server's admin listener whether it is ready, and prints its main figures from its
 * Prometheus metrics in a short table. Exits 0 when the server is ready, 4 when it answers but is not (starting,
 * draining, its store unreachable), 3 when it does not answer.
 */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Prints whether a server is ready, and its main figures (from its admin listener).",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK_HELP, ExitCodes.CONNECTION_HELP, ExitCodes.SERVER_ERROR_HELP})
public final class StatusCommand implements Callable<Integer> {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Option(names = "--admin-url", paramLabel = "URL", defaultValue = "${env:CHAT_ADMIN_URL:-http://localhost:3005}",
            description = "The server's admin listener (env CHAT_ADMIN_URL; default: ${DEFAULT-VALUE}).")
    private String adminUrl;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        String base = adminUrl.endsWith("/") ? adminUrl.substring(0, adminUrl.length() - 1) : adminUrl;
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        HttpResponse<String> ready = get(http, base + "/readyz");
        HttpResponse<String> metrics = get(http, base + "/metrics");
        String m = metrics.statusCode() == 200 ? metrics.body() : "";
        PrintWriter out = spec.commandLine().getOut();
        boolean isReady = ready.statusCode() == 200;
        row(out, "ready", (isReady ? "yes" : "no") + " (" + ready.body().strip() + ")");
        row(out, "connections", number(sum(m, "chat_connections")));
        row(out, "active threads", number(sum(m, "chat_threads_active")));
        row(out, "messages received", number(sum(m, "chat_messages_received_total")));
        row(out, "turns", number(sum(m, "chat_turns_total{outcome=\"completed\"}")) + " completed, "
                + number(sum(m, "chat_turns_total{outcome=\"cancelled\"}")) + " cancelled, "
                + number(sum(m, "chat_turns_total{outcome=\"failed\"}")) + " failed");
        row(out, "model errors", number(sum(m, "chat_model_errors_total")));
        row(out, "refused connections", number(sum(m, "chat_connections_refused_total")));
        row(out, "slow consumers dropped", number(sum(m, "chat_slow_consumers_closed_total")));
        out.flush();
        return isReady ? ExitCodes.OK : ExitCodes.SERVER_ERROR;
    }

    private HttpResponse<String> get(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | IllegalArgumentException e) {
            throw new ExitException(ExitCodes.CONNECTION, "cannot reach the admin listener at " + adminUrl + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExitException(ExitCodes.CONNECTION, "interrupted", e);
        }
    }

    private static void row(PrintWriter out, String name, String value) {
        out.printf(Locale.ROOT, "%-24s%s%n", name, value);
    }

    /**
     * The sum of every sample of a metric (all its label sets), or of the one sample named with its labels; 0 when
     * there is none.
     */
    static double sum(String metrics, String name) {
        String labels = name.contains("{") ? "" : "(\\{[^}]*\\})?";
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + labels + " ([0-9.eE+-]+)$").matcher(metrics);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(m.groupCount()));
        }
        return sum;
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
