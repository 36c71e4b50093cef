package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.cli.ExitCodes;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code chat-cli token}: mints a development token for a server that checks tokens, signed with that server's
 * secret, and prints it alone on one line ({@code export CHAT_TOKEN=$(chat-cli token --user alice)}). Connects to
 * nothing.
 */
@Command(name = "token", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Mints a development token (an HS256 JWT) for a server started with an auth secret.",
            "Prints only the token; other commands send it with --token or CHAT_TOKEN.",
            "With --service, a service token: a backend's, which may act for any user."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK_HELP, ExitCodes.USAGE_HELP})
public final class TokenCommand implements Callable<Integer> {

    /** The sub of a service token minted without --user: a service speaks for itself, not for one user. */
    static final String SERVICE_SUBJECT = "service";

    @Option(names = "--user", paramLabel = "ID", defaultValue = "${env:CHAT_USER}",
            description = "Whom the token is for: its sub (env CHAT_USER). Optional with --service, whose sub is "
                    + "then '" + SERVICE_SUBJECT + "'.")
    private String user;

    @Option(names = "--service",
            description = "A service token (claim role: service), for a backend: it may connect as any userId.")
    private boolean service;

    @Option(names = "--thread", paramLabel = "ID",
            description = "A thread the token opens; repeat for more. Without it, the token opens every thread.")
    private List<String> threads = new ArrayList<>();

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "1h", converter = DurationConverter.class,
            description = "How long the token is valid, at least 1s (default: ${DEFAULT-VALUE}).")
    private Duration ttl;

    // No ${DEFAULT-VALUE} in the description: it would print the secret in the help.
    @Option(names = "--auth-secret", paramLabel = "SECRET", defaultValue = "${env:CHAT_AUTH_SECRET}",
            description = {"The server's secret, at least 32 bytes (env CHAT_AUTH_SECRET; prefer the env, as a "
                    + "command-line argument is visible to other users of this machine)."})
    private String authSecret;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        String userId = service && user == null
                ? SERVICE_SUBJECT
                : ConnectionOptions.requireId(spec, "--user", "CHAT_USER", user);
        for (String thread : threads) {
            ConnectionOptions.checkId(spec, "--thread", thread);
        }
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--ttl': must be at least 1s,"
                    + " as token times are whole seconds");
        }
        if (authSecret == null || authSecret.isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                    "Missing required option: '--auth-secret=SECRET' (or set CHAT_AUTH_SECRET)");
        }
        String token = DevTokens.mint(DevTokens.key(spec, authSecret), userId, threads, service, Instant.now(), ttl);
        PrintWriter out = spec.commandLine().getOut();
        out.println(token);
        out.flush();
        return ExitCodes.OK;
    }
}
