package dev.agentbuilder.chat.examples;

import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code web-chat}: serves the reference web chat until Ctrl-C or SIGTERM. Its fields are filled in by picocli and
 * then read on the calling thread only.
 */
@Command(
        name = "web-chat",
        mixinStandardHelpOptions = true,
        version = "web-chat 0.1.0",
        description = "Serves the reference web chat: open http://localhost:3002/ (your agents) once the chat server "
                + "runs.",
        sortOptions = false,
        showDefaultValues = true)
public final class WebChatCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", defaultValue = "${env:WEB_CHAT_PORT:-3002}",
            description = "Port to serve the page on, 0 for any free port (env WEB_CHAT_PORT).")
    int port;

    @Option(names = "--host", defaultValue = "${env:WEB_CHAT_HOST:-0.0.0.0}",
            description = "Address to bind (env WEB_CHAT_HOST).")
    String host;

    @Option(names = "--ws-url", defaultValue = "${env:WEB_CHAT_WS_URL:-" + WebChat.DEFAULT_WS_URL + "}",
            description = "The chat server the page connects to; a ?ws=... in the page's URL still wins (env "
                    + "WEB_CHAT_WS_URL).")
    String wsUrl;

    @Option(names = "--api-url", defaultValue = "${env:WEB_CHAT_API_URL:-" + WebChat.DEFAULT_API_URL + "}",
            description = "The chat server's HTTP API, where the page uploads knowledge files; a ?api=... in the "
                    + "page's URL still wins (env WEB_CHAT_API_URL).")
    String apiUrl;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new WebChatCommand())
                .setExecutionExceptionHandler((e, cmd, parseResult) -> {
                    cmd.getErr().println("web-chat: " + e.getMessage());
                    return 1;
                });
    }

    @Override
    public Integer call() throws InterruptedException {
        WebChat webChat;
        try {
            webChat = WebChat.start(host, port, wsUrl, apiUrl);
        } catch (IllegalArgumentException e) {
            // Only --ws-url and --api-url can be refused here; picocli reports it as a usage error (exit 2).
            boolean api = e.getMessage().startsWith("the API URL");
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e,
                    spec.findOption(api ? "--api-url" : "--ws-url"), api ? apiUrl : wsUrl);
        } catch (UncheckedIOException e) {
            cmd().getErr().println("web-chat: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(webChat::close, "web-chat-shutdown"));
        String shownHost = host.equals("0.0.0.0") ? "localhost" : host;
        // Tests and scripts wait for this line to learn the port.
        cmd().getOut().printf("web-chat serving http://%s:%d/ (chat server: %s, API: %s)%n", shownHost,
                webChat.port(), wsUrl, apiUrl);
        cmd().getOut().flush();
        new CountDownLatch(1).await();
        return 0;
    }

    private CommandLine cmd() {
        return spec.commandLine();
    }
}
