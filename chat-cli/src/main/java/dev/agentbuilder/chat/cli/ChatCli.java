package dev.agentbuilder.chat.cli;

import dev.agentbuilder.chat.cli.internal.AgentCommand;
import dev.agentbuilder.chat.cli.internal.BenchCommand;
import dev.agentbuilder.chat.cli.internal.ChatCommand;
import dev.agentbuilder.chat.cli.internal.ExitException;
import dev.agentbuilder.chat.cli.internal.HistoryCommand;
import dev.agentbuilder.chat.cli.internal.Logging;
import dev.agentbuilder.chat.cli.internal.SendCommand;
import dev.agentbuilder.chat.cli.internal.TokenCommand;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.Charset;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code chat-cli}: a terminal client for the chat server (protocol v1). Build the command line with
 * {@link #commandLine()} (or {@link #commandLine(Reader)} to give {@code chat} its input), then
 * {@code execute(args)}; it returns one of the {@code EXIT_} statuses and never calls {@code System.exit}, which only
 * {@link #main} does. Commands run on the caller's thread and block until done.
 */
@Command(name = "chat-cli", mixinStandardHelpOptions = true, version = "chat-cli " + ChatCli.VERSION,
        description = "Talks to a chat server from a terminal or a script.",
        synopsisSubcommandLabel = "COMMAND",
        exitCodeListHeading = ChatCli.EXIT_CODES_HEADING,
        exitCodeList = {ChatCli.EXIT_CODE_OK, ChatCli.EXIT_CODE_BUG, ChatCli.EXIT_CODE_USAGE,
            ChatCli.EXIT_CODE_CONNECTION, ChatCli.EXIT_CODE_SERVER_ERROR, ChatCli.EXIT_CODE_TIMEOUT},
        footerHeading = "%nEnvironment:%n",
        footer = {"  CHAT_URL          the default of --url (otherwise ws://localhost:3004)",
            "  CHAT_THREAD       the default of --thread",
            "  CHAT_USER         the default of --user",
            "  CHAT_TOKEN        the default of --token",
            "  CHAT_AUTH_SECRET  the default of --auth-secret (token, bench)",
            "",
            "When the server refuses the join (exit 4; chat stops reconnecting):",
            "  unauthorized (4401)  no token, or a bad or expired one: see chat-cli token",
            "  forbidden (4403)     the thread belongs to another user"})
public final class ChatCli implements Callable<Integer> {

    public static final String VERSION = "0.1.0";

    /** Success. */
    public static final int EXIT_OK = 0;
    /** A bug in chat-cli: an unexpected exception (run with {@code --verbose} for its stack trace). */
    public static final int EXIT_BUG = 1;
    /** Bad command line (picocli's default for usage errors). */
    public static final int EXIT_USAGE = 2;
    /** The server could not be reached, or the connection was lost before the answer. */
    public static final int EXIT_CONNECTION = 3;
    /**
     * The server refused: an error about our message (including a failed turn), or a close with 4400, 4401, 4403,
     * 1009 (our message was too big) or 1011.
     */
    public static final int EXIT_SERVER_ERROR = 4;
    /** No answer within {@code --timeout}. */
    public static final int EXIT_TIMEOUT = 5;

    /** For the {@code exitCodeList} of the commands' help. */
    public static final String EXIT_CODES_HEADING = "%nExit codes:%n";
    public static final String EXIT_CODE_OK = "0:success";
    public static final String EXIT_CODE_BUG = "1:a bug in chat-cli (see --verbose)";
    public static final String EXIT_CODE_USAGE = "2:usage error: a missing or bad option";
    public static final String EXIT_CODE_CONNECTION = "3:connection failure: cannot connect, or lost before the answer";
    public static final String EXIT_CODE_SERVER_ERROR =
            "4:server error: our message was refused or failed, or close 4400/4401/4403/1009/1011";
    public static final String EXIT_CODE_TIMEOUT = "5:timeout: no answer within --timeout";

    @Spec
    private CommandSpec spec;

    private boolean verbose;

    private ChatCli() {
    }

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Log on stderr what happens, and show stack traces of failures.")
    void setVerbose(boolean verbose) {
        this.verbose = verbose;
        Logging.configure(verbose);
    }

    public static void main(String[] args) {
        // slf4j-simple reads its settings once, when the first logger is made: before the command line is parsed.
        Logging.configure(List.of(args).contains("--verbose") || List.of(args).contains("-v"));
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; {@code chat} reads stdin. */
    public static CommandLine commandLine() {
        return commandLine(new InputStreamReader(System.in, Charset.defaultCharset()));
    }

    /** The configured command line; {@code chat} reads its lines from {@code chatInput}. */
    public static CommandLine commandLine(Reader chatInput) {
        ChatCli root = new ChatCli();
        CommandLine commandLine = new CommandLine(root)
                .addSubcommand(new ChatCommand(chatInput))
                .addSubcommand(new SendCommand())
                .addSubcommand(new AgentCommand())
                .addSubcommand(new HistoryCommand())
                .addSubcommand(new BenchCommand())
                .addSubcommand(new TokenCommand());
        commandLine.setExecutionExceptionHandler(root::handle);
        return commandLine;
    }

    /** Without a command: a usage error. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(),
                "Missing required command: chat, send, agent, history, bench or token");
    }

    private int handle(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        int status;
        if (e instanceof ExitException exit) {
            err.println("chat-cli: " + exit.getMessage());
            if (verbose && exit.getCause() != null) {
                exit.getCause().printStackTrace(err);
            }
            status = exit.status();
        } else {
            err.println("chat-cli: unexpected failure: " + e);
            if (verbose) {
                e.printStackTrace(err);
            }
            status = EXIT_BUG;
        }
        err.flush();
        return status;
    }
}
